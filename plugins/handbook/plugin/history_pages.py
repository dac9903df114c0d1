"""The history part of the site: per-document history, snapshots, diffs, amendments.

Per-document, per-version and per-pair pages go through a `Press` each (see
`stamping`), so a large handbook's history costs little more than its index
pages. Old versions are rendered with the site's own Markdown extensions, and
their links are re-pointed from where the document lived then to where each
target lives now.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ..cache import markdown_setting, uses_files
from ..history.amendments import Amendment, amendments, atom_feed, by_month
from ..history.diff import Node, diff_blocks, split
from ..history.versions import DocumentHistory, VersionEntry, slugs
from ..markup import neutralise
from ..model import Document, Status
from ..render import render
from ..reviews import summarise
from .pages import absolute_url, add_page, site_domain
from .stamping import Press

if TYPE_CHECKING:
    from .plugin import HandbookPlugin

HISTORY = "history/index.md"
AMENDMENTS = "amendments/index.md"
AMENDMENTS_FEED = "amendments.xml"
INSPECTION = "inspection/index.md"
# Compare every pair of versions up to this many; beyond it, neighbours and the current one.
ALL_PAIRS_UP_TO = 15
# Fields shown in a diff's "details that changed" table.
DETAILS = ("title", "status", "owner", "approved", "approved_by", "review_by", "review_every",
           "applies_to", "statutory_basis", "sign_off", "superseded_by")
_LINK = re.compile(r'(?P<attr>href|src)="(?P<value>[^"#?:]+\.md)(?P<rest>[#?][^"]*)?"')
# Re-pointed links hold the target's site URL between two \x1a until the page
# showing them is known, so each version is rendered and split only once.
_MARK = "\x1a"
_SITE_URL = re.compile(f"{_MARK}([^{_MARK}]*){_MARK}")


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


class HistorySite:
    """Builds the history pages for one build; created in `on_files`."""

    def __init__(self, plugin: HandbookPlugin, files: Files, config: MkDocsConfig) -> None:
        self.plugin = plugin
        self.files = files
        self.config = config
        self.urls: dict[str, str] = {}
        self.docs: dict[str, DocPages] = {}
        self._markdown: markdown.Markdown | None = None
        self._rendered: dict[tuple[str, int], str] = {}
        self._blocks: dict[tuple[str, int], list[Node]] = {}
        self._moved: dict[str, str] | None = None
        self._setting = ""  # what rendering depends on besides the text (see `cache`)
        for doc in plugin.handbook.controlled:
            history = plugin.history.get(doc.id)
            if history is None:
                continue
            self.docs[doc.id] = DocPages(doc, history, slugs(history.versions))
        self.presses = [Press("history"), Press("snapshots"), Press("diffs")]

    # Links ---------------------------------------------------------------

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

    # Building ------------------------------------------------------------

    def add_pages(self) -> dict[str, object]:
        history_press, snapshot_press, diff_press = self.presses
        for pages in self.docs.values():
            history_press.add(pages.history_src(), f"History: {pages.doc.title}",
                              self._history_body(pages))
            for index, entry in enumerate(pages.history.versions):
                if pages.is_live(index):
                    continue  # the live page is the current text
                snapshot_press.add(pages.snapshot_src(index),
                                   f"{pages.doc.title}: version {entry.version}",
                                   self._snapshot_body(pages, index))
            for old, new in pages.pairs():
                diff_press.add(pages.diff_src(old, new),
                               f"{pages.doc.title}: changes from version "
                               f"{pages.history.versions[old].version} to "
                               f"{pages.history.versions[new].version}",
                               self._diff_body(pages, old, new))
        meta = {"hide": ["toc"], "search": {"exclude": True}}
        for press in self.presses:
            press.lay_out(self.files, self.config, **meta)
            self.urls.update({sheet.src_uri: sheet.url for sheet in press.sheets})
        generated = {}
        for src, title, body, extra in (
            (HISTORY, "Policy history", self._index_body, {}),
            (AMENDMENTS, "Amendments", self._amendments_body, {}),
            (INSPECTION, "Inspection pack", self._inspection_body, {}),
        ):
            page = add_page(self.files, self.config, src, title, body, hide=["toc"],
                            search={"exclude": True}, **extra)
            self.urls[src] = page.file.url
            generated[src] = page
        # Only documents with history pages: a lesson once typed as a policy has
        # versions in git, but nowhere to link them to.
        self.amendments = amendments([pages.doc for pages in self.docs.values()],
                                     self.plugin.history.by_id)
        self._add_feed()
        return generated

    def _add_feed(self) -> None:
        def link_of(item: Amendment) -> str:
            return absolute_url(self.config, self.plugin.urls[item.document.id])

        feed = atom_feed(
            self.amendments, title=f"{self.config.site_name}: amendments",
            feed_url=absolute_url(self.config, AMENDMENTS_FEED),
            page_url=absolute_url(self.config, self.urls[AMENDMENTS]), link_of=link_of,
            domain=site_domain(self.config))
        self.files.append(File.generated(self.config, AMENDMENTS_FEED, content=feed))

    # Rendering old versions ---------------------------------------------

    def _render(self, pages: DocPages, index: int) -> str:
        """A version's text as HTML, links re-pointed to site URLs (see `_localise`)."""
        key = (pages.doc.id, index)
        if key not in self._rendered:
            if self._markdown is None:
                # Extensions named in mkdocs.yml only: objects that plugins add
                # (mkdocstrings, autorefs) expect to be rendering a live page.
                names = [e for e in self.config.markdown_extensions if isinstance(e, str)]
                configs = {k: v for k, v in (self.config.mdx_configs or {}).items()
                           if k in names}
                self._markdown = markdown.Markdown(extensions=names, extension_configs=configs)
                self._setting = markdown_setting(names, configs)
            body = pages.history.versions[index].last.body
            if uses_files(body):
                text = self._convert(body)
            else:  # the same text renders the same: kept between serve's rebuilds
                text = self.plugin.cache.markdown.get(body, partial(self._convert, body),
                                                      self._setting)
            docs_dir = posixpath.dirname(self._src_uri_of(pages, index))
            self._rendered[key] = _LINK.sub(lambda m: self._repoint(m, docs_dir), text)
        return self._rendered[key]

    def _convert(self, body: str) -> str:
        assert self._markdown is not None
        self._markdown.reset()
        # An old version's scripts and frames show as text, as on the live page.
        return neutralise(self._markdown.convert(body).replace(_MARK, ""))

    def _split(self, pages: DocPages, index: int) -> list[Node]:
        key = (pages.doc.id, index)
        if key not in self._blocks:
            rendered = self._render(pages, index)
            self._blocks[key] = self.plugin.cache.split.get(rendered, partial(split, rendered))
        return self._blocks[key]

    @staticmethod
    def _localise(text: str, page_url: str) -> str:
        """Re-pointed links made relative to the page showing them."""
        return _SITE_URL.sub(lambda m: get_relative_url(m.group(1), page_url), text)

    def _src_uri_of(self, pages: DocPages, index: int) -> str:
        """Where the document was, inside the docs folder, at that version."""
        current_repo_path = pages.history.path
        offset = len(current_repo_path) - len(pages.doc.src_uri)
        return pages.history.versions[index].last.path[offset:]

    def _moves(self) -> dict[str, str]:
        """Every path a document has had (inside the docs folder) -> where it is now.

        A path used by two documents in turn goes to the later one; a document
        there today always wins.
        """
        if self._moved is None:
            seen = []
            for doc in self.plugin.handbook.documents:
                history = self.plugin.history.get(doc.id)
                if history is None:
                    continue
                offset = len(history.path) - len(doc.src_uri)
                seen += [(r.commit.authored, r.path[offset:], doc.src_uri)
                         for r in history.revisions]
            seen.sort(key=lambda item: item[0])
            self._moved = {old: now for _, old, now in seen}
            self._moved.update({doc.src_uri: doc.src_uri for doc in self.plugin.handbook.documents})
        return self._moved

    def _repoint(self, match: re.Match[str], docs_dir: str) -> str:
        target = posixpath.normpath(posixpath.join(docs_dir, match.group("value")))
        file = self.files.get_file_from_path(self._moves().get(target, target))
        rest = match.group("rest") or ""
        if file is None:
            return 'data-missing-link=""'
        return f'{match.group("attr")}="{_MARK}{file.url}{_MARK}{rest}"'

    # Page bodies -----------------------------------------------------------

    def _history_body(self, pages: DocPages) -> Callable[[str], str]:
        def body(page_url: str) -> str:
            # Made of the document (a new object when its file changes, see `cache`),
            # its history (the same while git's HEAD is) and URLs: kept between rebuilds.
            cache = self.plugin.cache
            return cache.pages.get(
                ("history", pages.doc, cache.history.reads, page_url,
                 self.config.use_directory_urls, self.plugin.internal), partial(make, page_url))

        def make(page_url: str) -> str:
            entries = pages.history.versions
            rows = []
            for index in range(len(entries) - 1, -1, -1):
                rows.append({
                    "entry": entries[index],
                    "slug": pages.slugs[index],
                    "current": pages.is_live(index),
                    "text_href": self._text_href(pages, index, page_url),
                    "diff_href": self.link(pages.diff_src(index - 1, index), page_url)
                    if index > 0 else None,
                })
            pairs = {f"{pages.slugs[a]}|{pages.slugs[b]}":
                     self.link(pages.diff_src(a, b), page_url) for a, b in pages.pairs()}
            return render("history_page.html", title=f"History: {pages.doc.title}",
                          doc=pages.doc, history=pages.history, versions=rows, pairs=pairs,
                          doc_href=self.plugin.href(pages.doc, page_url),
                          show_authors=self.plugin.internal)
        return body

    def _snapshot_body(self, pages: DocPages, index: int) -> Callable[[str], str]:
        def body(page_url: str) -> str:
            entry = pages.history.versions[index]
            return render("snapshot.html", title=f"{pages.doc.title}: version {entry.version}",
                          entry=entry, doc=pages.doc, current=False,
                          body=self._localise(self._render(pages, index), page_url),
                          doc_href=self.plugin.href(pages.doc, page_url),
                          history_href=self.link(pages.history_src(), page_url))
        return body

    def _diff_body(self, pages: DocPages, old: int, new: int) -> Callable[[str], str]:
        def body(page_url: str) -> str:
            entries = pages.history.versions
            before, after = entries[old], entries[new]
            marked, counts = self.plugin.cache.diffs.get(
                (self._render(pages, old), self._render(pages, new)),
                lambda: diff_blocks(self._split(pages, old), self._split(pages, new)))
            return render(
                "diff.html",
                title=f"{pages.doc.title}: changes from version {before.version} to "
                      f"{after.version}",
                old=before, new=after, body=self._localise(marked, page_url), counts=counts,
                fields=_changed_details(before, after),
                old_href=self._text_href(pages, old, page_url),
                new_href=self._text_href(pages, new, page_url),
                history_href=self.link(pages.history_src(), page_url))
        return body

    def _text_href(self, pages: DocPages, index: int, page_url: str) -> str:
        if pages.is_live(index):
            return self.plugin.href(pages.doc, page_url)
        return self.link(pages.snapshot_src(index), page_url)

    def _index_body(self, page_url: str) -> str:
        rows = []
        for pages in self.docs.values():
            versions = []
            for index, entry in enumerate(pages.history.versions):
                if entry.in_force_from is None:
                    continue
                versions.append({
                    "v": str(entry.version),
                    "from": entry.in_force_from.isoformat(),
                    "to": entry.in_force_to.isoformat() if entry.in_force_to else "",
                    "href": self._text_href(pages, index, page_url),
                })
            rows.append({
                "doc": pages.doc, "versions": versions, "count": len(pages.history.versions),
                "updated": pages.history.updated.authored.date() if pages.history.updated
                else None,
                "history_href": self.link(pages.history_src(), page_url),
            })
        rows.sort(key=lambda row: row["doc"].title.lower())
        starts = [v.in_force_from for p in self.docs.values() for v in p.history.versions
                  if v.in_force_from]
        return render("history_index.html", title="Policy history", rows=rows,
                      earliest=min(starts) if starts else None)

    def _amendments_body(self, page_url: str) -> str:
        def text_href(item: Amendment) -> str:
            pages = self.docs[item.document.id]
            return self._text_href(pages, pages.slugs.index(item.slug), page_url)

        def diff_href(item: Amendment) -> str | None:
            if item.previous is None:
                return None
            pages = self.docs[item.document.id]
            entries = pages.history.versions
            new = pages.slugs.index(item.slug)
            old = next(i for i in range(new - 1, -1, -1) if entries[i] is item.previous)
            src = pages.diff_src(old, new)
            return self.link(src, page_url) if src in self.urls else None

        return render("amendments.html", title="Amendments", months=by_month(self.amendments),
                      feed_href=get_relative_url(AMENDMENTS_FEED, page_url),
                      doc_href=lambda item: self.plugin.href(item.document, page_url),
                      text_href=text_href, diff_href=diff_href)

    def _inspection_body(self, page_url: str) -> str:
        plugin = self.plugin
        rows = []
        for doc in plugin.handbook.controlled:
            if doc.status is not Status.APPROVED:
                continue
            pages = self.docs.get(doc.id)
            rows.append({
                "doc": doc, "review": plugin.reviews[doc.id],
                "href": plugin.href(doc, page_url),
                "versions": len(pages.history.versions) if pages else 0,
                "history_href": self.link(pages.history_src(), page_url) if pages
                else plugin.href(doc, page_url),
            })
        rows.sort(key=lambda r: r["doc"].title.lower())
        return render("inspection.html", title="Inspection pack", rows=rows,
                      as_of=plugin.as_of, edition=plugin.edition,
                      summary=summarise(list(plugin.reviews.values())),
                      due_soon_days=plugin.settings.due_soon_days, register_href=None,
                      completion=plugin.completion(), training=plugin.training_counts())


@dataclass(frozen=True)
class Detail:
    """A front matter field that changed: each side as items, marked if only on that side."""

    name: str
    before: list[tuple[str, bool]]
    after: list[tuple[str, bool]]


def _items(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _changed_details(old: VersionEntry, new: VersionEntry) -> list[Detail]:
    rows = []
    for name in DETAILS:
        before = _items(old.last.fields.get(name))
        after = _items(new.last.fields.get(name))
        if before != after:
            rows.append(Detail(name.replace("_", " "),
                               [(item, item not in after) for item in before],
                               [(item, item not in before) for item in after]))
    return rows


__all__ = ["HistorySite"]
