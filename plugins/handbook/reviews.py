"""Review status of controlled documents on a given day.

A static site is read for months after it is built, so `assets/review-status.js`
re-computes the same status in the reader's browser. The words, labels, month
names and register order are written once, here (`REVIEW_TEXT`), and reach the
script as data (plugin/script_data.py); a browser test compares the two over many dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .dates import long_date
from .model import Document, Status
from .settings import Gate


class ReviewStatus(StrEnum):
    CURRENT = "current"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    DRAFT = "draft"
    SUPERSEDED = "superseded"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return REVIEW_TEXT["labels"][self]

    @property
    def live(self) -> bool:
        """Whether the status depends on the date (so the browser re-computes it)."""
        return self in (ReviewStatus.CURRENT, ReviewStatus.DUE_SOON, ReviewStatus.OVERDUE)


# Every word the panel, the register and the summary show about a review, for the
# build and (through plugin/script_data.py) for the reader's browser alike.
REVIEW_TEXT: dict[str, Any] = {
    # In register order: what needs action first.
    "labels": {
        ReviewStatus.OVERDUE: "Review overdue",
        ReviewStatus.DUE_SOON: "Review due soon",
        ReviewStatus.CURRENT: "Current",
        ReviewStatus.DRAFT: "Draft: not yet approved",
        ReviewStatus.SUPERSEDED: "Superseded",
        ReviewStatus.RETIRED: "Retired",
    },
    "overdue": "Review overdue by {span} (was due {date}).",
    "due-soon": "Review due {when} ({date}).",
    "current": "Next review by {date}.",
    "today": "today",
    "tomorrow": "tomorrow",
    "in-days": "in {days} days",
    "fixed": {
        ReviewStatus.DRAFT: "Draft: not yet approved. Do not follow it yet.",
        ReviewStatus.SUPERSEDED: "Superseded: replaced by a newer document.",
        ReviewStatus.RETIRED: "Retired: no longer in use.",
    },
}

# Register order: what needs action first.
RANK = {status: rank for rank, status in enumerate(REVIEW_TEXT["labels"])}

_FIXED = {
    Status.DRAFT: ReviewStatus.DRAFT,
    Status.SUPERSEDED: ReviewStatus.SUPERSEDED,
    Status.RETIRED: ReviewStatus.RETIRED,
}


@dataclass(frozen=True)
class Review:
    """A document's review position as of one day."""

    document: Document
    status: ReviewStatus
    as_of: date

    @property
    def review_by(self) -> date | None:
        return self.document.review_by if self.status.live else None

    @property
    def days_left(self) -> int | None:
        """Days until the review is due; negative once it is overdue."""
        due = self.review_by
        return (due - self.as_of).days if due else None

    @property
    def sentence(self) -> str:
        """The status in words, as the panel and the register show it."""
        return describe(self.status, self.review_by, self.as_of)

    def at_gate(self, gate: Gate) -> bool:
        if gate is Gate.OVERDUE:
            return self.status is ReviewStatus.OVERDUE
        if gate is Gate.DUE_SOON:
            return self.status in (ReviewStatus.OVERDUE, ReviewStatus.DUE_SOON)
        return False


def status_on(review_by: date, as_of: date, due_soon_days: int) -> ReviewStatus:
    """Overdue the day after the review date; due soon from `due_soon_days` before it."""
    days = (review_by - as_of).days
    if days < 0:
        return ReviewStatus.OVERDUE
    if days <= due_soon_days:
        return ReviewStatus.DUE_SOON
    return ReviewStatus.CURRENT


def review_of(document: Document, as_of: date, due_soon_days: int) -> Review:
    if document.status in _FIXED:
        return Review(document, _FIXED[document.status], as_of)
    assert document.review_by is not None, "approved documents always have a review date"
    return Review(document, status_on(document.review_by, as_of, due_soon_days), as_of)


def register(documents: list[Document], as_of: date, due_soon_days: int) -> list[Review]:
    """Every controlled document, what needs action first, soonest first within a status."""
    reviews = [review_of(d, as_of, due_soon_days) for d in documents if d.controlled]
    return sorted(reviews, key=lambda r: (RANK[r.status], r.review_by or date.max,
                                          r.document.title.lower()))


def describe(status: ReviewStatus, review_by: date | None, as_of: date) -> str:
    if status.live and review_by:
        days = (review_by - as_of).days
        when = (REVIEW_TEXT["today"] if days == 0 else REVIEW_TEXT["tomorrow"] if days == 1
                else REVIEW_TEXT["in-days"].format(days=days))
        return REVIEW_TEXT[status.value].format(span=span(review_by, as_of), when=when,
                                                date=long_date(review_by))
    return REVIEW_TEXT["fixed"][status]


def span(start: date, end: date) -> str:
    """How long from `start` to `end`, in the largest unit that reads naturally."""
    days = (end - start).days
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    if months < 1:
        return _plural(days, "day")
    if months < 12:
        return _plural(months, "month")
    years, months = divmod(months, 12)
    return _plural(years, "year") + (f" {_plural(months, 'month')}" if months else "")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Summary:
    """How many documents need action, and the dates the browser recounts from."""

    overdue: str
    due_soon: str
    dates: list[str]


def summarise(reviews: list[Review]) -> Summary:
    live = [r for r in reviews if r.status.live]
    return Summary(
        overdue=_plural(sum(r.status is ReviewStatus.OVERDUE for r in live), "document"),
        due_soon=_plural(sum(r.status is ReviewStatus.DUE_SOON for r in live), "document"),
        dates=[r.review_by.isoformat() for r in live if r.review_by],
    )

