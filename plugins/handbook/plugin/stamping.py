"""Many similar pages, rendered once through Material and stamped for the rest.

History adds a page per document, per version and per pair of versions; going
through MkDocs and Material costs 1-2 ms each, which on a large handbook would
cost more than the rest of the plugin together. So each kind of page (a
`Press`) renders its first page as a normal generated MkDocs page, the shell,
and writes the others from the shell's finished HTML, swapping in their own
content, title and canonical URL. All pages of a press sit at the same depth,
so every relative link in the shell (stylesheets, scripts, nav) stays right.

Stamped pages are out of the nav, the sitemap and the search index, which is
what history pages, snapshots and diffs want anyway.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .generated import add_page


@dataclass
class Sheet:
    """One page of a press: where it goes and how to render its content."""

    src_uri: str
    title: str
    body: Callable[[str], str]  # page URL -> HTML content, including the <h1>
    url: str = ""
    dest_uri: str = ""


@dataclass
class Press:
    """Pages of one kind, all at the same depth; the first is the shell."""

    name: str
    sheets: list[Sheet] = field(default_factory=list)
    shell: File | None = None

    def add(self, src_uri: str, title: str, body: Callable[[str], str]) -> None:
        self.sheets.append(Sheet(src_uri, title, body))

    def lay_out(self, files: Files, config: MkDocsConfig, **meta: object) -> None:
        """Add the shell to the site and work out every other page's URL."""
        if not self.sheets:
            return
        first = self.sheets[0]
        generated = add_page(files, config, first.src_uri, first.title, first.body, **meta)
        self.shell = generated.file
        depth = _depth(self.shell.dest_uri)
        for sheet in self.sheets:
            located = File(sheet.src_uri, None, config.site_dir, config.use_directory_urls,
                           inclusion=InclusionLevel.NOT_IN_NAV)
            sheet.url, sheet.dest_uri = located.url, located.dest_uri
            if _depth(sheet.dest_uri) != depth:
                raise ValueError(f"{self.name}: {sheet.src_uri} is not as deep as "
                                 f"{first.src_uri}; pages of a press must share a depth")

    def is_shell(self, page: Page) -> bool:
        return self.shell is not None and page.file is self.shell

    def content(self, page: Page) -> str | None:
        """The shell's own content, in on_page_content."""
        if not self.is_shell(page):
            return None
        return self.sheets[0].body(page.url)

    def stamp(self, output: str, page: Page, config: MkDocsConfig,
              write: Callable[[str, str, str, str], None]) -> None:
        """From on_post_page of the shell: write every other page of the press.

        `write(path, html, url, content)` finishes and writes each one (scripts
        and policies depend on the page's own content).
        """
        if not self.is_shell(page) or page.content is None:
            return
        shell = self.sheets[0]
        start = output.index(page.content)
        before, after = output[:start], output[start + len(page.content):]
        # Titles are printed as the plugin escaped them (see on_page_markdown).
        old_title = html.escape(shell.title, quote=False)
        old_canonical = page.canonical_url
        for sheet in self.sheets[1:]:
            head, tail = before, after
            new_title = html.escape(sheet.title, quote=False)
            head, tail = head.replace(old_title, new_title), tail.replace(old_title, new_title)
            if old_canonical:
                canonical = old_canonical.removesuffix(shell.url) + sheet.url
                head = head.replace(f'href="{old_canonical}"', f'href="{canonical}"')
            body = sheet.body(sheet.url)
            write(os.path.join(config.site_dir, sheet.dest_uri), head + body + tail, sheet.url,
                  body)


def _depth(dest_uri: str) -> int:
    return dest_uri.count("/")
