"""Lessons on the site: lesson pages, "why this says what it says", the index and matrix."""

from __future__ import annotations

from typing import TypedDict

from markupsafe import Markup
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from .. import fragments
from ..generated_paths import LESSONS
from ..generated_paths import LESSONS_MATRIX as MATRIX
from ..model import DocType, Document, Status
from ..render import render
from .builder import Built
from .claims import Claims, dest_of
from .deferred import Deferred
from .generated import add_page
from .site import Site


def add_to_toc(page: Page, title: str, anchor: str) -> None:
    """List a section we added to the page in its table of contents."""
    items = page.toc.items
    if items and items[0].level == 1:
        items = items[0].children
    items.append(AnchorLink(title, anchor, 2))


def after_title(html: str, fragment: str) -> str:
    """Insert right after the page's first heading, or first if it has none.

    Material adds the title itself when the Markdown has no `# Title`, above the
    content, so putting the fragment first lands it under the title either way.
    """
    end = html.find("</h1>")
    if end == -1:
        return fragment + html
    end += len("</h1>")
    return html[:end] + "\n" + fragment + html[end:]


class _Item(TypedDict):
    doc: Document
    href: str
    count: int


def tags(site: Site, doc: Document) -> list[str]:
    """The tags a document gets from its lessons (for Material's tags plugin)."""
    return site.lessons.tags_of(doc)


def decorate(site: Site, deferred: Deferred, html: str, doc: Document, page: Page) -> str:
    """Lesson pages get their facts and backlinks; documents get their lessons."""
    links = site.lessons
    href = site.href
    if doc.type is DocType.LESSON:
        applied = [(d, href(d, page.url)) for d in links.applied_by.get(doc.id, [])]
        placeholder = deferred.defer(page, "applied", "", fragments.lesson_applied(applied))
        html = after_title(html, render("lesson_top.html", doc=doc,
                                        pack=fragments.PACK_ID))
        html += "\n" + render("lesson_bottom.html", doc=doc, applied=Markup(placeholder))
        if doc.discuss:
            html += "\n" + deferred.defer(page, "pack", "",
                                          fragments.team_meeting_pack(doc, applied))
        if doc.national_change:
            add_to_toc(page, "What changed nationally", "what-changed-nationally")
        add_to_toc(page, "Where this learning is applied", "where-this-learning-is-applied")
        add_to_toc(page, "Sources", "sources")
        return html
    if not links.lessons_of(doc):
        return html
    add_to_toc(page, f"Why this {doc.type.value} says what it says",
               "why-this-document-says-what-it-says")
    lessons = [(lesson, href(lesson, page.url)) for lesson in links.lessons_of(doc)]
    return html + "\n" + deferred.defer(page, "why", "",
                                        fragments.document_lessons(doc, lessons))


class LessonPages:
    """The lessons index and the matrix of lessons and the documents that apply them."""

    def __init__(self, site: Site, claims: Claims) -> None:
        self.site = site
        self.claims = claims
        self.links = site.lessons
        self.urls: dict[str, str] = {}

    def add_pages(self, files: Files) -> Built:
        built = Built()
        if not self.links.lessons:
            return built
        config = self.site.config
        for src, title, body in ((LESSONS, "Lessons from case reviews", self._index),
                                 (MATRIX, "Lessons and the documents that apply them",
                                  self._matrix)):
            if (files.get_file_from_path(src) is not None
                    or self.claims.taken(dest_of(config, src))):
                continue  # the handbook has its own page there
            # Out of search: they repeat every lesson's title and would outrank them.
            page = add_page(files, config, src, title, body, hide=["toc"],
                            search={"exclude": True})
            self.urls[src] = page.file.url
            built.pages[src] = page
        return built

    def _items(self, page_url: str) -> list[_Item]:
        return [{"doc": lesson, "href": self.site.href(lesson, page_url),
                 "count": len(self.links.applied_by[lesson.id])}
                for lesson in self.links.lessons]
    def _index(self, page_url: str) -> str:
        by_id = {item["doc"].id: item for item in self._items(page_url)}
        themes = [(theme, [by_id[d.id] for d in lessons])
                  for theme, lessons in self.links.themes.items()]
        return render("lessons_index.html", title="Lessons from case reviews",
                      lessons=list(by_id.values()), themes=themes,
                      matrix_href=self._link(MATRIX, page_url))

    def _matrix(self, page_url: str) -> str:
        items = self._items(page_url)
        documents = sorted((d for d in self.site.handbook.controlled
                            if d.status is Status.APPROVED), key=lambda d: d.title.lower())
        # The cells are the bulk of the page (documents x lessons): joined here,
        # as Jinja takes several times longer per cell.
        rows = [{"doc": d, "href": self.site.href(d, page_url),
                 "cells": Markup("".join("<td>Yes</td>" if lesson["doc"].id in d.lessons
                                         else "<td></td>" for lesson in items))}
                for d in documents]
        unapplied = [i for i in items if not i["count"]]
        return render("lessons_matrix.html", title="Lessons and the documents that apply them",
                      lessons=items, rows=rows, unapplied=unapplied)

    def _link(self, src: str, page_url: str) -> str:
        return get_relative_url(self.urls[src], page_url) if src in self.urls else "#"
