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

from ..handbook import Handbook
from ..history.handbook_history import HandbookHistory
from ..history.policy_versions import DocumentHistory, slugs
from ..model import Document
from .generated import url_of

HISTORY = "history/index.md"
AMENDMENTS = "amendments/index.md"
INSPECTION = "inspection/index.md"
# Compare every pair of versions up to this many; beyond it, neighbours and the current one.
ALL_PAIRS_UP_TO = 15


@dataclass
class DocPages:
    """Where one document's history pages live."""

    doc: Document
    history: DocumentHistory
    slugs: list[str]

    def is_live(self, index: int) -> bool:
        """Whether that version is what the live page shows (so it has no snapshot page)."""
        versions = self.history.versions
        return index == len(versions) - 1 and versions[index].version == self.doc.version

    def history_src(self) -> str:
        return f"history/{self.doc.id}/index.md"

    def snapshot_src(self, index: int) -> str:
        return f"history/{self.doc.id}/{self.slugs[index]}/index.md"

    def diff_src(self, old: int, new: int) -> str:
        return f"history/{self.doc.id}/diff/{self.slugs[old]}-{self.slugs[new]}/index.md"

    def pairs(self) -> list[tuple[int, int]]:
        count = len(self.history.versions)
        if count <= ALL_PAIRS_UP_TO:
            return [(a, b) for b in range(count) for a in range(b)]
        wanted = {(i - 1, i) for i in range(1, count)} | {(i, count - 1) for i in range(count - 1)}
        return sorted(wanted, key=lambda p: (p[1], p[0]))

    def sources(self) -> list[str]:
        """Every history page of this document: its history, its snapshots, its diffs."""
        snapshots = [self.snapshot_src(index) for index in range(len(self.history.versions))
                     if not self.is_live(index)]
        return [self.history_src(), *snapshots,
                *(self.diff_src(old, new) for old, new in self.pairs())]


@dataclass(frozen=True)
class HistoryLayout:
    """Every history page's URL, by source path; read-only once made."""

    docs: Mapping[str, DocPages]
    urls: Mapping[str, str]

    @classmethod
    def of(cls, config: MkDocsConfig, handbook: Handbook,
           history: HandbookHistory) -> HistoryLayout:
        docs = {}
        for doc in handbook.controlled:
            found = history.get(doc.id)
            if found is not None:
                docs[doc.id] = DocPages(doc, found, slugs(found.versions))
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
