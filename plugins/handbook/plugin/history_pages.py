"""The history part of the site: per-document history, snapshots, diffs, amendments.

Per-document, per-version and per-pair pages go through a `Press` each (see
`stamping`), so a large handbook's history costs little more than its index
pages. Where each page lives is `history_layout`; old versions' text is
`history_render`; the amendments feed is `history_feed`. This module writes
the pages' bodies.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from ..cache import BuildCache
from ..generated_paths import AMENDMENTS, AMENDMENTS_FEED, HISTORY, INSPECTION, DocPages
from ..history.amendments import Amendment, amendments, by_month
from ..history.diff import diff_blocks
from ..model import Status
from ..render import render
from ..reviews import summarise
from .builder import Built
from .generated import add_page
from .history_feed import add_feed
from .history_layout import HistoryLayout
from .history_render import OldVersions, changed_details
from .site import Site
from .stamping import Press


class HistoryPages:
    """Builds the history pages for one build; made in `on_files` when there is history."""

    def __init__(self, site: Site, layout: HistoryLayout, cache: BuildCache) -> None:
        self.site = site
        self.cache = cache  # kept between serve's rebuilds
        self.layout = layout
        self.docs = layout.docs
        self.amendments: list[Amendment] = []
        self.old: OldVersions | None = None

    def link(self, src_uri: str, from_url: str) -> str:
        return self.layout.link(src_uri, from_url)

    def add_pages(self, files: Files) -> Built:
        site, config = self.site, self.site.config
        self.old = OldVersions(site, files, self.cache)
        presses = [Press("history"), Press("snapshots"), Press("diffs")]
        history_press, snapshot_press, diff_press = presses
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
        for press in presses:
            press.lay_out(files, config, hide=["toc"], search={"exclude": True})
        built = Built(presses=presses)
        for src, title, body in (
            (HISTORY, "Policy history", self._index_body),
            (AMENDMENTS, "Amendments", self._amendments_body),
            (INSPECTION, "Inspection pack", self._inspection_body),
        ):
            built.pages[src] = add_page(files, config, src, title, body, hide=["toc"],
                                        search={"exclude": True})
        # Only documents with history pages: a lesson once typed as a policy has
        # versions in git, but nowhere to link them to.
        self.amendments = amendments([pages.doc for pages in self.docs.values()],
                                     site.history.by_id if site.history else {})
        add_feed(site, files, self.amendments, self.layout.urls[AMENDMENTS])
        return built

    # Page bodies -----------------------------------------------------------

    def _versions(self) -> OldVersions:
        assert self.old is not None  # made in add_pages, before any body is rendered
        return self.old

    def _history_body(self, pages: DocPages) -> Callable[[str], str]:
        def body(page_url: str) -> str:
            # Made of the document (a new object when its file changes, see `cache`),
            # its history (the same while git's HEAD is) and URLs: kept between rebuilds.
            cache = self.cache
            return cache.pages.get(
                ("history", pages.doc, cache.history.reads, page_url,
                 self.site.config.use_directory_urls, self.site.internal),
                partial(make, page_url))

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
                          doc_href=self.site.href(pages.doc, page_url),
                          show_authors=self.site.internal)
        return body

    def _snapshot_body(self, pages: DocPages, index: int) -> Callable[[str], str]:
        def body(page_url: str) -> str:
            entry = pages.history.versions[index]
            old = self._versions()
            return render("snapshot.html", title=f"{pages.doc.title}: version {entry.version}",
                          entry=entry, doc=pages.doc, current=False,
                          body=old.localise(old.render(pages, index), page_url),
                          doc_href=self.site.href(pages.doc, page_url),
                          history_href=self.link(pages.history_src(), page_url))
        return body

    def _diff_body(self, pages: DocPages, old: int, new: int) -> Callable[[str], str]:
        def body(page_url: str) -> str:
            entries = pages.history.versions
            before, after = entries[old], entries[new]
            versions = self._versions()
            marked, counts = self.cache.diffs.get(
                (versions.render(pages, old), versions.render(pages, new)),
                lambda: diff_blocks(versions.split(pages, old), versions.split(pages, new)))
            return render(
                "diff.html",
                title=f"{pages.doc.title}: changes from version {before.version} to "
                      f"{after.version}",
                old=before, new=after, body=versions.localise(marked, page_url), counts=counts,
                fields=changed_details(before, after),
                old_href=self._text_href(pages, old, page_url),
                new_href=self._text_href(pages, new, page_url),
                history_href=self.link(pages.history_src(), page_url))
        return body

    def _text_href(self, pages: DocPages, index: int, page_url: str) -> str:
        if pages.is_live(index):
            return self.site.href(pages.doc, page_url)
        return self.link(pages.snapshot_src(index), page_url)

    def _index_body(self, page_url: str) -> str:
        rows: list[dict[str, Any]] = []
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
            return self.link(src, page_url) if src in self.layout.urls else None

        return render("amendments.html", title="Amendments", months=by_month(self.amendments),
                      feed_href=get_relative_url(AMENDMENTS_FEED, page_url),
                      doc_href=lambda item: self.site.href(item.document, page_url),
                      text_href=text_href, diff_href=diff_href)

    def _inspection_body(self, page_url: str) -> str:
        site = self.site
        rows: list[dict[str, Any]] = []
        for doc in site.handbook.controlled:
            if doc.status is not Status.APPROVED:
                continue
            pages = self.docs.get(doc.id)
            rows.append({
                "doc": doc, "review": site.reviews[doc.id],
                "href": site.href(doc, page_url),
                "versions": len(pages.history.versions) if pages else 0,
                "history_href": self.link(pages.history_src(), page_url) if pages
                else site.href(doc, page_url),
            })
        rows.sort(key=lambda r: r["doc"].title.lower())
        return render("inspection.html", title="Inspection pack", rows=rows,
                      as_of=site.as_of, edition=site.edition,
                      summary=summarise(list(site.reviews.values())),
                      due_soon_days=site.settings.due_soon_days, register_href=None,
                      completion=site.signoff.completion(), training=site.training_counts())


__all__ = ["HistoryPages"]
