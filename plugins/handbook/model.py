"""The handbook's documents as validated objects.

A `Document` only exists once its front matter has passed validation, so the
rest of the code (reviews, sign-off, history, lessons) can trust its fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class DocType(StrEnum):
    """What a document is; it decides which front matter fields are required."""

    POLICY = "policy"
    PROCEDURE = "procedure"
    GUIDANCE = "guidance"
    FORM = "form"
    LESSON = "lesson"
    PAGE = "page"

    @property
    def controlled(self) -> bool:
        """Controlled documents are owned, approved, versioned and reviewed."""
        return self in CONTROLLED_TYPES

    @property
    def label(self) -> str:
        return self.value.capitalize()


CONTROLLED_TYPES = frozenset({DocType.POLICY, DocType.PROCEDURE, DocType.GUIDANCE, DocType.FORM})


class Status(StrEnum):
    """Where a controlled document is in its life."""

    DRAFT = "draft"
    APPROVED = "approved"
    SUPERSEDED = "superseded"
    RETIRED = "retired"


# MAJOR.MINOR without leading zeros; the schema and the sign-off script use this pattern too.
VERSION_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)$"
_VERSION_RE = re.compile(VERSION_PATTERN)


@dataclass(frozen=True, order=True)
class Version:
    """`MAJOR.MINOR`: a MAJOR bump is substantive and staff must confirm again.

    MINOR changes are editorial (typos, contact details), so sign-off survives them.
    """

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        match = _VERSION_RE.match(text.strip())
        if not match:
            return None
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@dataclass(frozen=True)
class Source:
    """A published source a lesson draws on (a review, an inquiry report)."""

    title: str
    url: str


@dataclass(frozen=True)
class Question:
    """One knowledge-check question: a scenario, its options, and why the right one is right.

    `answer` is the index of the right option in `options`; `see` is the id of
    the heading on the page that covers it (None: the top of the page).
    """

    question: str
    options: tuple[str, ...]
    answer: int
    why: str
    see: str | None = None


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file as read from the docs folder.

    `path` is what messages show (relative to where the user works), `src_uri`
    is the path inside the docs folder with forward slashes, as MkDocs names it.
    """

    path: str
    src_uri: str
    text: str
    # (line, message) when the file is not UTF-8; `text` then has U+FFFD for the bad bytes.
    undecodable: tuple[int, str] | None = None


@dataclass(eq=False)
class Document:
    """A validated handbook document.

    Fields mirror the front matter (see `handbook.fields` for what each means).
    Documents compare by identity: two files are never the same document.
    `review_by` is always the resolved date: the explicit `review_by`, or
    `approved` plus `review_every` months (or the site default).
    """

    id: str
    title: str
    type: DocType
    path: str
    src_uri: str
    # Controlled documents
    owner: str | None = None
    approved_by: str | None = None
    version: Version | None = None
    status: Status | None = None
    approved: date | None = None
    review_by: date | None = None
    review_every: int | None = None
    applies_to: list[str] = field(default_factory=list)
    statutory_basis: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    sign_off: list[str] = field(default_factory=list)
    check: list[Question] = field(default_factory=list)
    superseded_by: str | None = None
    change_summary: str | None = None
    # Lessons
    case: str | None = None
    year: int | None = None
    review: str | None = None
    review_year: int | None = None
    themes: list[str] = field(default_factory=list)
    learning: list[str] = field(default_factory=list)
    national_change: str | None = None
    sources: list[Source] = field(default_factory=list)
    discuss: list[str] = field(default_factory=list)

    @property
    def controlled(self) -> bool:
        return self.type.controlled

    @property
    def needs_sign_off(self) -> bool:
        """Staff must confirm it: an approved, versioned controlled document with key points."""
        return (self.controlled and self.status is Status.APPROVED and bool(self.sign_off)
                and self.version is not None)
