"""The handbook's outputs and how to tell them apart: public site, internal build, offline copy.

An internal build carries staff names. It marks itself twice, so that whatever
copies it can tell: a file at the top of the output folder (which MkDocs'
clean-up removes on the next build, unlike a hidden file) and a meta element in
every page's head (which survives a copy of single pages). Anything that
publishes refuses output with either mark.
"""

from __future__ import annotations

import os
from pathlib import Path

PUBLIC_SITE_DIR = "site"
INTERNAL_SITE_DIR = "site-internal"
MARKER_FILE = "INTERNAL-DO-NOT-PUBLISH.txt"
MARKER_META = '<meta name="handbook-build" content="internal">'
MARKER_TEXT = (
    "This folder is an internal build of the safeguarding handbook.\n"
    "It contains staff names (sign-off register, named sign-off sheets).\n"
    "Do not publish it, copy it to a public website or send it outside the setting.\n"
)
INTERNAL_BANNER = "Internal: contains staff names. Do not publish."


def internal_site_dir(site_dir: str, config_dir: str) -> str:
    """Where an internal build writes: never the public output folder.

    `site_dir` is the resolved folder from the config (absolute). If it is the
    default public folder (`site/` beside mkdocs.yml, whether by default or given
    with -d), the internal build goes to `site-internal/` instead; any other
    folder was chosen on purpose and is kept.
    """
    public = os.path.normpath(os.path.join(config_dir, PUBLIC_SITE_DIR))
    if os.path.normpath(site_dir) == public:
        return os.path.join(config_dir, INTERNAL_SITE_DIR)
    return site_dir


def write_marker(site_dir: str | os.PathLike[str]) -> None:
    path = Path(site_dir) / MARKER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MARKER_TEXT, encoding="utf-8")


def page_is_internal(html: str) -> bool:
    return MARKER_META in html


def find_internal(site_dir: str | os.PathLike[str]) -> str | None:
    """Why the output in `site_dir` is internal (the marker found), or None if it is not."""
    folder = Path(site_dir)
    for marker in sorted(folder.rglob(MARKER_FILE)):
        return f"{marker} is there"
    for page in sorted(folder.rglob("*.html")):
        with page.open(encoding="utf-8", errors="replace") as handle:
            if page_is_internal(handle.read(8192)):  # the marker is at the top of the head
                return f"{page} is marked internal"
    return None
