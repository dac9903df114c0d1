"""Every front matter field the handbook understands, in one table.

Validation, the JSON Schema (`handbook schema`) and the reference pages are all
generated from `FIELDS`, so adding a field here is the only step needed for all
three to agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .model import CONTROLLED_TYPES, DocType, Status
from .theme_meta import THEME

ALL_TYPES = frozenset(DocType)
LESSON = frozenset({DocType.LESSON})
CHECKED_TYPES = CONTROLLED_TYPES | LESSON


class Kind(StrEnum):
    """What a field's value looks like; each kind has one checker in `validate`."""

    TEXT = "text"
    SLUG = "slug"
    CHOICE = "choice"
    DATE = "date"
    VERSION = "version"
    MONTHS = "months"
    YEAR = "year"
    TEXT_LIST = "text list"
    ID_LIST = "id list"
    SOURCES = "sources"
    CHECK = "check"


@dataclass(frozen=True)
class Field:
    """One front matter field: where it may appear and what it must hold."""

    name: str
    kind: Kind
    summary: str
    allowed: frozenset[DocType]
    required: frozenset[DocType] = frozenset()
    choices: tuple[str, ...] = ()
    example: object = None


FIELDS: tuple[Field, ...] = (
    Field("id", Kind.SLUG, "Stable, unique name of the document: lowercase words joined by "
          "hyphens. Links, sign-off records and history use it, so never change it.",
          ALL_TYPES, ALL_TYPES, example="child-protection"),
    Field("title", Kind.TEXT, "The title staff see.", ALL_TYPES, ALL_TYPES,
          example="Child protection and safeguarding policy"),
    Field("type", Kind.CHOICE, "What the document is; decides which other fields are needed.",
          ALL_TYPES, ALL_TYPES, choices=tuple(DocType), example="policy"),
    Field("owner", Kind.TEXT, "The role (not the person) responsible for keeping it up to date.",
          CONTROLLED_TYPES, CONTROLLED_TYPES, example="Designated Safeguarding Lead"),
    Field("approved_by", Kind.TEXT, "Who approved this version: a role or body, such as the "
          "registered provider or the governing body.",
          CONTROLLED_TYPES, CONTROLLED_TYPES, example="Registered provider"),
    Field("version", Kind.VERSION, "MAJOR.MINOR. Raise MAJOR for a substantive change staff "
          "must confirm again; raise MINOR for an editorial one. Write it in quotes, "
          "'2.10', so YAML does not read it as a number.",
          CONTROLLED_TYPES, CONTROLLED_TYPES, example="2.1"),
    Field("status", Kind.CHOICE, "Where the document is in its life.",
          CONTROLLED_TYPES, CONTROLLED_TYPES, choices=tuple(Status), example="approved"),
    Field("approved", Kind.DATE, "Date this version was approved (YYYY-MM-DD). Needed unless "
          "the status is draft.", CONTROLLED_TYPES, example="2026-09-01"),
    Field("review_by", Kind.DATE, "Date the next review is due (YYYY-MM-DD). Give this or "
          "review_every, not both.", CONTROLLED_TYPES, example="2027-09-01"),
    Field("review_every", Kind.MONTHS, "Months from approval to the next review; without it "
          "and without review_by, the site default (review_every in mkdocs.yml, 12) applies.",
          CONTROLLED_TYPES, example=12),
    Field("applies_to", Kind.TEXT_LIST, "Staff groups who must read it (matched against the "
          "roster's applies_to column for sign-off). Empty means everyone.",
          CONTROLLED_TYPES, example=["all staff"]),
    Field("statutory_basis", Kind.TEXT_LIST, "Laws and statutory guidance it rests on.",
          CONTROLLED_TYPES, example=["Children Act 1989 s47"]),
    Field("related", Kind.ID_LIST, "Ids of related documents. The page lists each of them "
          "under 'Related documents', and each lists this one, unless the text already links "
          "it.", CONTROLLED_TYPES,
          example=["recording-a-concern"]),
    Field("lessons", Kind.ID_LIST, "Ids of the case-review lessons that shaped it.",
          CONTROLLED_TYPES, example=["daniel-pelka"]),
    Field("sign_off", Kind.TEXT_LIST, "Key points each member of staff confirms they have "
          "understood.", CONTROLLED_TYPES,
          example=["I know who the DSL is and how to reach them."]),
    Field("check", Kind.CHECK, "A short knowledge check staff answer on the page: a list of "
          "scenario questions, each with a question, two to four options, the answer (the "
          "right option's text, or its number counting from 1), why it is right, and "
          "optionally see: the id of the heading that covers it. A learning aid, not an exam.",
          CHECKED_TYPES,
          example=[{"question": "A child tells you a secret and asks you not to tell. "
                                "What do you say?",
                    "options": ["I promise not to tell.",
                                "I cannot keep this a secret; I will tell only the people "
                                "who need to know."],
                    "answer": 2,
                    "why": "You can never promise to keep what a child tells you secret.",
                    "see": "if-a-child-tells-you"}]),
    Field("superseded_by", Kind.SLUG, "Id of the document that replaces this one; needed "
          "when the status is superseded.", CONTROLLED_TYPES, example="online-safety"),
    Field("change_summary", Kind.TEXT, "What changed in this version, in a sentence or two. "
          "Needed once the version is above 1.0.", CONTROLLED_TYPES,
          example="Updated for KCSIE 2025."),
    Field("case", Kind.TEXT, "The case the lesson comes from.", LESSON, LESSON,
          example="Daniel Pelka"),
    Field("year", Kind.YEAR, "Year of the events (for example the year the child died).",
          LESSON, LESSON, example=2012),
    Field("review", Kind.TEXT, "Name of the review or inquiry.", LESSON, LESSON,
          example="Serious case review (Coventry LSCB)"),
    Field("review_year", Kind.YEAR, "Year the review was published.", LESSON, LESSON,
          example=2013),
    Field("themes", Kind.TEXT_LIST, "Themes of the learning; they become tags.", LESSON, LESSON,
          example=["voice of the child"]),
    Field("learning", Kind.TEXT_LIST, "The key learning, as short points.", LESSON, LESSON,
          example=["Speak to the child alone and record what they say."]),
    Field("national_change", Kind.TEXT, "What changed nationally as a result.", LESSON,
          example="Led to the Children Act 2004."),
    Field("sources", Kind.SOURCES, "Published sources, each with a title and a url.",
          LESSON, LESSON,
          example=[{"title": "Serious case review", "url": "https://example.org/review"}]),
    Field("discuss", Kind.TEXT_LIST, "Two or three scenario questions for a team meeting or "
          "supervision. The lesson page offers them, with the key learning and the documents "
          "it shaped, as a one-page printable team-meeting pack.", LESSON,
          example=["A child says 'nothing' when asked about a bruise. What do you do next?"]),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

# Front matter that MkDocs or Material read; allowed anywhere, checked in `theme_meta`.
THEME_FIELDS = frozenset(THEME) - {"title"}

KNOWN_NAMES = frozenset(BY_NAME) | THEME_FIELDS


def markdown_reference() -> str:
    """The fields as a Markdown table, for the reference page and the README."""
    rows = ["| Field | Used on | Required on | What it holds |", "|---|---|---|---|"]
    for spec in FIELDS:
        used = _types(spec.allowed)
        required = _types(spec.required) if spec.required else "—"
        what = spec.summary
        if spec.choices:
            what += " One of: " + ", ".join(f"`{c}`" for c in spec.choices) + "."
        rows.append(f"| `{spec.name}` | {used} | {required} | {what.replace('|', '/')} |")
    return "\n".join(rows) + "\n"


def _types(types: frozenset[DocType]) -> str:
    if types == ALL_TYPES:
        return "all"
    if types == CONTROLLED_TYPES:
        return "controlled (policy, procedure, guidance, form)"
    return ", ".join(sorted(t.value for t in types))
