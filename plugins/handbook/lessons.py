"""Lessons from case reviews, and the documents that apply them.

`LessonLinks` is built once per handbook: for every lesson, the documents in
force citing it (in `lessons:`); for every document, its lessons; and the themes
that become tags. Both directions are rendered from it, so they always agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .handbook import Handbook
from .model import DocType, Document, Status


def theme_tag(theme: str) -> str:
    """Themes read as tags: 'voice of the child' shows as 'Voice of the child'."""
    return theme[:1].upper() + theme[1:]


@dataclass
class LessonLinks:
    lessons: list[Document]
    applied_by: dict[str, list[Document]] = field(default_factory=dict)
    themes: dict[str, list[Document]] = field(default_factory=dict)
    by_document: dict[str, list[Document]] = field(default_factory=dict)

    @classmethod
    def of(cls, handbook: Handbook) -> LessonLinks:
        lessons = sorted(handbook.lessons, key=lambda d: (d.year or 0, d.title.lower()))
        by_id = {d.id: d for d in lessons}
        applied: dict[str, list[Document]] = {d.id: [] for d in lessons}
        by_document: dict[str, list[Document]] = {}
        for doc in handbook.documents:
            cited = [by_id[i] for i in doc.lessons if i in by_id]
            if cited:
                by_document[doc.id] = cited
            # Drafts, superseded and retired documents keep their links on their own
            # pages, but a lesson is only "applied" by what is in force.
            if doc.status in (None, Status.APPROVED):
                for lesson in cited:
                    applied[lesson.id].append(doc)
        themes: dict[str, list[Document]] = defaultdict(list)
        for lesson in lessons:
            for theme in lesson.themes:
                themes[theme_tag(theme)].append(lesson)
        return cls(lessons, {k: sorted(v, key=lambda d: d.title.lower())
                             for k, v in applied.items()}, dict(sorted(themes.items())),
                   by_document)

    def lessons_of(self, document: Document) -> list[Document]:
        return self.by_document.get(document.id, [])

    def tags_of(self, document: Document) -> list[str]:
        """The page's tags: its type, then the themes of the lessons it applies (or has)."""
        themes = document.themes if document.type is DocType.LESSON else [
            t for lesson in self.lessons_of(document) for t in lesson.themes]
        tags = [document.type.label] if document.type is not DocType.PAGE else []
        for theme in themes:
            if theme_tag(theme) not in tags:
                tags.append(theme_tag(theme))
        return tags
