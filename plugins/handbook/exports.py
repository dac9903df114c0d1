"""The review register as data: an iCalendar feed and JSON.

Managers subscribe to the calendar feed so each review date lands in their
calendar; other tools read the JSON. Both are written at build time, from the
same `Review` list the register page shows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from . import __version__
from .reviews import Review

JSON_FORMAT = 1


def register_json(reviews: list[Review], urls: Mapping[str, str], as_of: date,
                  due_soon_days: int) -> bytes:
    """The register as JSON; see the reference for the format.

    `urls` maps each document id to the address to publish for it. `as_of` is
    given, not taken from a review, so a handbook with none still says its day.
    """
    return json.dumps({
        "format": JSON_FORMAT,
        "as_of": as_of.isoformat(),
        "due_soon_days": due_soon_days,
        "documents": [review_row(review, urls[review.document.id]) for review in reviews],
    }, indent=2, ensure_ascii=False).encode() + b"\n"


def review_row(review: Review, url: str) -> dict[str, object]:
    doc = review.document
    return {
        "id": doc.id,
        "title": doc.title,
        "type": doc.type.value,
        "owner": doc.owner,
        "approved_by": doc.approved_by,
        "version": str(doc.version),
        "status": doc.status.value if doc.status else None,
        "approved": doc.approved.isoformat() if doc.approved else None,
        "review_by": review.review_by.isoformat() if review.review_by else None,
        "review_status": review.status.value,
        "days_left": review.days_left,
        "url": url,
    }


def ics_inputs(reviews: list[Review], urls: Mapping[str, str]) -> tuple[object, ...]:
    """Everything of the reviews that `register_ics` reads.

    `mkdocs serve` keeps the calendar while these stay the same (it takes longer
    to make than the rest of a rebuild's own work): editing a document's text
    must not cost a new calendar. Keep in step with `register_ics`.
    """
    return tuple((r.document.id, r.document.title, str(r.document.version), r.document.owner,
                  r.review_by, r.as_of, urls[r.document.id]) for r in reviews)


def register_ics(reviews: list[Review], urls: Mapping[str, str], site_name: str,
                 domain: str) -> bytes:
    """One all-day event per document under review, on the day its review is due.

    UIDs depend only on the document and its review date, so a calendar app
    that re-reads the feed updates events instead of duplicating them.
    """
    # Imported here: the feed is made in a worker process, and icalendar takes
    # longer to import than the rest of the plugin put together.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//safeguarding-handbook {__version__}//{site_name}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{site_name}: reviews due")
    for review in reviews:
        due = review.review_by
        if due is None:
            continue
        doc = review.document
        event = Event()
        event.add("uid", f"review-{doc.id}-{due.isoformat()}@{domain}")
        event.add("dtstamp", datetime.combine(review.as_of, time(), tzinfo=UTC))
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("summary", f"Review due: {doc.title} (version {doc.version})")
        # Kept short: icalendar folds long lines one character at a time, and
        # this runs on every build.
        event.add("description", f"Owner: {doc.owner}.")
        url = urls[doc.id]
        if url.startswith(("https://", "http://")):
            event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
