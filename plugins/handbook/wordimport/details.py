"""The policy details a Word template holds: owner, dates, version, who signed it.

Templates put them in a table near the top ("Policy owner | Designated
Safeguarding Lead") or in lines such as "Review date: 01/09/2026". Dates are
written the UK way, day first, so `01/09/2025` is 1 September 2025.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..model import Version

# Each label, lowercased and without its colon, and the front matter field it fills.
LABELS: dict[str, str] = {}
for _field, _labels in {
    "owner": ("policy owner", "owner", "document owner", "procedure owner", "policy lead",
              "lead person", "responsible person", "person responsible", "responsible officer",
              "owned by", "author", "written by", "prepared by"),
    "approved_by": ("signed by", "signed", "approved by", "adopted by", "ratified by",
                    "agreed by", "authorised by", "authorized by", "signed off by",
                    "approving body"),
    "approved": ("date adopted", "adopted", "adopted on", "date approved", "approved",
                 "approved on", "approval date", "date of approval", "date ratified",
                 "ratified", "ratified on", "date agreed", "agreed on", "date signed",
                 "effective date", "date of adoption", "implementation date"),
    "review_by": ("review date", "next review", "next review date", "date of next review",
                  "review by", "to be reviewed by", "date for review", "review due",
                  "next review due", "due for review"),
    "version": ("version", "version number", "version no", "version no.", "issue",
                "issue number", "revision"),
}.items():
    for _label in _labels:
        LABELS[_label] = _field

FIELD_ORDER = ("owner", "approved_by", "approved", "review_by", "version")

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}

_WORDY = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    r"([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_FIRST = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_uk_date(text: str) -> date | None:
    """A date as UK staff write it: `1st September 2025`, `01/09/2025`, `1.9.25`, `2025-09-01`.

    Numeric dates are read day first, as they are in the UK; two-digit years are 20xx.
    """
    text = re.sub(r"\s+", " ", text.strip().lower())
    day = month = year = None
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC.match(text):
        day, month, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
    elif match := _WORDY.match(text):
        day, month, year = int(match.group(1)), _MONTHS.get(match.group(2)), int(match.group(3))
    elif match := _MONTH_FIRST.match(text):
        month, day, year = _MONTHS.get(match.group(1)), int(match.group(2)), int(match.group(3))
    if not (day and month and year):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_version(text: str) -> Version | None:
    """`2`, `v2.1`, `Version 3.0` or `2.1 (final)`: the MAJOR.MINOR the handbook uses."""
    match = re.match(r"^(?:version\s*|v\.?\s*)?(\d{1,3})(?:\.(\d{1,3}))?(?:\s*\(.*\))?$",
                     text.strip().lower())
    if not match:
        return None
    return Version(int(match.group(1)), int(match.group(2) or 0))


def label_field(text: str) -> str | None:
    """The field a label names ("Policy owner:" names owner), or None."""
    key = re.sub(r"\s+", " ", text.strip().lower()).rstrip(":").strip()
    return LABELS.get(key)


# Blanks a template leaves for the reader: underscores, dots, "[insert name]", "<name>", "XXXX".
_BLANK = re.compile(r"^[\s_.\-–—:]*$|^\[.*\]$|^<.*>$|^x{3,}$|^(tbc|tbd|n/?a)$", re.IGNORECASE)


@dataclass
class Details:
    """What was read from the document, and what Word said that could not be used."""

    values: dict[str, object] = field(default_factory=dict)
    unusable: dict[str, str] = field(default_factory=dict)

    def offer(self, name: str, raw: str) -> None:
        """Take Word's text for a field if it is valid; the first valid value wins."""
        text = re.sub(r"\s+", " ", raw).strip()
        if name in self.values:
            return
        value = _value(name, text)
        if value is None:
            if text and not _BLANK.match(text):
                self.unusable.setdefault(name, text)
            return
        self.values[name] = value
        self.unusable.pop(name, None)

    def settle(self) -> None:
        """Apply the rule that ties the two dates: a review comes after the approval."""
        approved, review_by = self.values.get("approved"), self.values.get("review_by")
        if isinstance(approved, date) and isinstance(review_by, date) and review_by <= approved:
            del self.values["review_by"]
            self.unusable["review_by"] = f"{review_by.isoformat()}, not after the approval date"


def _value(name: str, text: str) -> object | None:
    if not text or _BLANK.match(text):
        return None
    if name in ("approved", "review_by"):
        return parse_uk_date(text)
    if name == "version":
        version = parse_version(text)
        return str(version) if version else None
    if len(text) > 120 or not re.search(r"[A-Za-z]", text):
        return None
    return text


def split_line(text: str) -> tuple[str, str] | None:
    """`Review date: 01/09/2026` (or with a tab) as (field, value), if the label is known."""
    match = re.match(r"^\s*([^:\t]{2,40}?)\s*(?::|\t)\s*(.*)$", text, re.DOTALL)
    if not match:
        return None
    name = label_field(match.group(1))
    return (name, match.group(2)) if name else None
