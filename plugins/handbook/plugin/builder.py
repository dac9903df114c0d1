"""The one interface through which each part of the site adds its pages.

A builder is made from the read-only `Site` (and whatever small per-build
object it needs, such as the offload or the claims), and adds its pages and
files in `on_files`. The plugin renders each returned page's body in
`on_page_content`, and stamps each press's pages from its shell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from mkdocs.structure.files import Files

from .generated import Generated
from .stamping import Press


@dataclass
class Built:
    """What a builder added: pages by source path, and presses of stamped pages."""

    pages: dict[str, Generated] = field(default_factory=dict)
    presses: list[Press] = field(default_factory=list)


class PageBuilder(Protocol):
    """Adds one part of the site's pages to `files`."""

    def add_pages(self, files: Files) -> Built: ...
