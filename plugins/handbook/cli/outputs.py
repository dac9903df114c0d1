"""The commands that make the handbook's other outputs: the offline copy, the PDF, hosting files.

The public site is `mkdocs build` (or `handbook publish`); these make the rest.
See docs/managers/hosting.md for which output goes where.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from ..dates import long_date
from ..outputs import find_internal
from .builds import build_site, zip_folder
from .mkdocs_utils import ConfigError, Site


def _config_file(site: Site) -> Path:
    if site.config_file is None:
        raise ConfigError("this needs mkdocs.yml: run it in the handbook's folder")
    return site.config_file.resolve()


def export_offline(site: Site, out: TextIO, target: Path | None = None) -> int:
    """Build a copy of the handbook that works from a shared drive or USB stick, as a zip.

    Uses Material's `offline` plugin for this build only (search without a
    server); every page says when the copy was made. Unzip it anywhere and open
    `index.html`.

    Args:
        site: Where the handbook is and how it is configured.
        out: Where to write what happened.
        target: The zip to write (default: handbook-offline-DATE.zip here).

    Returns:
        0 when written, 1 when the build failed.
    """
    config_file = _config_file(site)
    day = site.settings.as_of()
    top = f"handbook-offline-{day.isoformat()}"
    target = target or Path(f"{top}.zip")
    with tempfile.TemporaryDirectory(prefix="handbook-offline-") as temp:
        folder = Path(temp) / top
        if not build_site(config_file, folder, offline=True):
            out.write("No offline copy written: the build stopped (see above).\n")
            return 1
        count = zip_folder(folder, target, top)
        internal = find_internal(folder)
    out.write(f"Wrote {target} ({count} files), the offline copy of {long_date(day)}. "
              f"Unzip it and open {top}/index.html.\n")
    if internal:
        out.write("It is the INTERNAL edition, with staff names: keep it inside the setting.\n")
    return 0
