"""Parts of a page kept out of the search index: a placeholder now, the part itself later.

See `handbook.fragments`: search gets the words staff look for, the page gets
everything. Swapping a marked string costs far less than having search parse
markup nobody searches for. One `Deferred` lives for one build: page builders
and hooks add to it in `on_page_content`, the plugin empties it in `on_post_page`.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page


class Deferred:
    """Page -> (name, placeholder, what replaces it after search indexing)."""

    def __init__(self) -> None:
        self._parts: dict[str, list[tuple[str, str, str]]] = {}

    def defer(self, page: Page, name: str, indexed: str, shown: str) -> str:
        """What to put in the page's content now: `indexed`, marked; `shown` takes
        its place in on_post_page, after Material's search has indexed the page."""
        placeholder = f"<!-- handbook/{name} -->{indexed}"
        self._parts.setdefault(page.file.src_uri, []).append((name, placeholder, shown))
        return placeholder

    def pop(self, src_uri: str) -> list[tuple[str, str, str]]:
        """The page's deferred parts, forgotten here (each page is finished once)."""
        return self._parts.pop(src_uri, [])
