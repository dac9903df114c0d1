"""The commands that make the handbook's other outputs: the offline copy, the PDF, hosting files.

The public site is `mkdocs build` (or `handbook publish`); these make the rest.
See docs/managers/hosting.md for which output goes where.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TextIO

from .. import editions, hosting, printing
from ..dates import long_date
from ..outputs import find_internal
from ..reviews import register
from ..settings import INTERNAL_ENV, internal_from_env
from .builds import build_site, zip_folder
from .commands import load_site
from .mkdocs_utils import ConfigError, Site

CHROMIUM_ENV = "HANDBOOK_CHROMIUM"
CHROMIUM = "/usr/bin/chromium"


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
        if build_site(config_file, folder, offline=True) is None:
            out.write("No offline copy written: the build stopped (see above).\n")
            return 1
        count = zip_folder(folder, target, top)
        internal = find_internal(folder)
    out.write(f"Wrote {target} ({count} files), the offline copy of {long_date(day)}. "
              f"Unzip it and open {top}/index.html.\n")
    if internal:
        out.write("It is the INTERNAL edition, with staff names: keep it inside the setting.\n")
    return 0


def pdf(site: Site, out: TextIO, target: Path | None = None, edition: str | None = None) -> int:
    """Print the whole handbook as one PDF, for induction packs and inspection visits.

    Every document in force, in the order of the navigation, after a cover (the
    setting's name, the edition, the date) and a contents list with page numbers;
    a bookmark per document; on every page "Uncontrolled when printed on DATE"
    and the page number. Printed from the public build, so no staff names.
    Needs the `pdf` extra (Playwright) and Chromium (`HANDBOOK_CHROMIUM`, or
    /usr/bin/chromium).

    Args:
        site: Where the handbook is and how it is configured.
        out: Where to write what happened.
        target: The PDF to write (default: handbook-DATE.pdf here).
        edition: The edition named on the cover (default: the newest published
            edition, or "working copy").

    Returns:
        0 when written, 1 when refused or the build failed.
    """
    config_file = _config_file(site)
    if site.plugin_options.get("internal") or internal_from_env():
        why = ("the handbook plugin has internal: true" if site.plugin_options.get("internal")
               else f"{INTERNAL_ENV} is set")
        out.write(f"No PDF written: {why}. The PDF is printed from the public handbook, "
                  "without staff names: run it without internal builds turned on.\n")
        return 1
    handbook = load_site(site)
    for problem in handbook.errors:
        out.write(f"ERROR: {problem}\n")
    if handbook.errors:
        out.write(f"No PDF written: fix the {len(handbook.errors)} errors above first.\n")
        return 1
    day = site.settings.as_of()
    if edition is None:
        published = editions.list_editions(site.root)
        edition = published[0].title if published else "working copy (not a published edition)"
    reviews = {r.document.id: r for r in register(handbook.documents, day,
                                                  site.settings.due_soon_days)}
    target = target or Path(f"handbook-{day.isoformat()}.pdf")
    with tempfile.TemporaryDirectory(prefix="handbook-pdf-") as temp:
        folder = Path(temp) / "site"
        config = build_site(config_file, folder, use_directory_urls=False)
        if config is None:
            out.write("No PDF written: the build stopped (see above).\n")
            return 1
        order = {uri: i for i, uri in enumerate(printing.nav_order(config.nav))}
        docs = sorted((d for d in handbook.documents if printing.in_print(d)),
                      key=lambda d: (order.get(d.src_uri, len(order)), d.path))
        sections = []
        for doc in docs:
            page = printing.page_path(doc.src_uri)
            text = (folder / page).read_text(encoding="utf-8")
            sections.append(printing.Section(doc, reviews.get(doc.id),
                                             printing.article(text, page)))
        sheets = printing.stylesheets((folder / "index.html").read_text(encoding="utf-8"))
        shutil.copyfile(printing.ASSETS / "print.css", folder / printing.PRINT_CSS)
        page_file = folder / printing.PRINT_PAGE
        chromium = os.environ.get(CHROMIUM_ENV) or CHROMIUM
        common = {"site_name": config.site_name, "edition": edition, "day": day,
                  "sheets": sheets, "sections": sections}
        try:
            page_file.write_text(printing.print_page(**common), encoding="utf-8")
            ids = [doc.id for doc in docs]
            starts = printing.start_pages(printing.chromium_pdf(page_file, day, chromium), ids)
            # Second print, with the page numbers in the contents.
            page_file.write_text(printing.print_page(**common, pages=starts), encoding="utf-8")
            data = printing.chromium_pdf(page_file, day, chromium)
            if printing.start_pages(data, ids) != starts:
                raise printing.PrintError("the contents' page numbers moved between prints")
            data = printing.with_bookmarks(data, [d.title for d in docs], starts, 2,
                                           config.site_name)
        except printing.PrintError as error:
            out.write(f"No PDF written: {error}\n")
            return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    out.write(f"Wrote {target}: {len(docs)} documents, printed on {long_date(day)} "
              f"(edition: {edition}).\n")
    return 0


def swa_config(out: TextIO, tenant: str, target: Path | None = None) -> int:
    """Write staticwebapp.config.json for a staff-only Azure Static Web App.

    Every route needs a sign-in through the setting's own Microsoft 365 (Entra ID)
    tenant. Put it at the top of the folder you upload (the internal build's).
    """
    text = hosting.swa_config_json(tenant)
    if target is None:
        out.write(text)
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)
    out.write(f"Wrote {target}: every page needs a sign-in with a {tenant} account. In the "
              f"Static Web App, set the application settings {hosting.CLIENT_ID_SETTING} and "
              f"{hosting.CLIENT_SECRET_SETTING} (see docs/managers/hosting.md).\n")
    return 0
