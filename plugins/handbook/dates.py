"""Calendar arithmetic shared by review dates, history and feeds."""

from __future__ import annotations

import calendar
from datetime import date

# The span of dates the handbook accepts: any real approval, review or start date
# fits, and arithmetic on them (review_every, grace days) cannot leave Python's range.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def out_of_range(day: date) -> str | None:
    """Why `day` is refused, completing "expected ...", or None when it is fine."""
    if EARLIEST <= day <= LATEST:
        return None
    return (f"a date between {EARLIEST.isoformat()} and {LATEST.isoformat()}, "
            f"got {day.isoformat()}")


def add_months(start: date, months: int) -> date:
    """Return the same day `months` later, clamped to the end of a shorter month.

    Reviews are set "12 months after approval"; approval on 31 January plus one
    month must land on the last day of February, not fail or spill into March.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def parse_iso_date(text: str) -> date | None:
    """Parse `YYYY-MM-DD` only; other spellings are ambiguous (01/09 is 1 Sept or 9 Jan)."""
    text = text.strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# Not `%B`, which follows the machine's locale: pages must read the same wherever
# they are built, and the same as the dates assets/review-status.js writes.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(day: date) -> str:
    """Format as staff write dates in the UK: 1 September 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    """Format a month as headings group by it: September 2026."""
    return f"{MONTHS[day.month - 1]} {day.year}"
