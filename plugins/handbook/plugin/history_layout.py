"""Where the history pages live: one page per document, per old version and per pair.

Worked out from the handbook and its history alone, before any page is added,
so that the review panel and the sign-off section can link to history pages
while the pages themselves are still being built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import get_relative_url

from ..generated_paths import AMENDMENTS, HISTORY, INSPECTION, DocPages, doc_pages
from ..handbook import Handbook
from ..history.handbook_history import HandbookHistory
from ..model import Document
from .generated import url_of


@dataclass(frozen=True)
class HistoryLayout:
    """Every history page's URL, by source path; read-only once made."""

    docs: Mapping[str, DocPages]
    urls: Mapping[str, str]

    @classmethod
    def of(cls, config: MkDocsConfig, handbook: Handbook,
           history: HandbookHistory) -> HistoryLayout:
        docs = doc_pages(handbook.controlled, history.get)
        sources = [src for pages in docs.values() for src in pages.sources()]
        sources += [HISTORY, AMENDMENTS, INSPECTION]
        return cls(MappingProxyType(docs),
                   MappingProxyType({src: url_of(config, src) for src in sources}))

    def link(self, src_uri: str, from_url: str) -> str:
        return get_relative_url(self.urls[src_uri], from_url)

    def history_href(self, doc: Document, from_url: str) -> str | None:
        pages = self.docs.get(doc.id)
        return self.link(pages.history_src(), from_url) if pages else None

    def changes_to_current(self, doc: Document, from_url: str) -> dict[str, str]:
        """Links to what changed from each earlier version to the current one."""
        pages = self.docs.get(doc.id)
        if not pages or not pages.history.versions:
            return {}
        last = len(pages.history.versions) - 1
        links = {}
        for index in range(last):
            src = pages.diff_src(index, last)
            if src in self.urls:
                links[str(pages.history.versions[index].version)] = self.link(src, from_url)
        return links
