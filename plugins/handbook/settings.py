"""Site-wide settings the domain core needs, free of MkDocs' config machinery.

The MkDocs plugin and the CLI both build a `Settings` from `mkdocs.yml`, so the
core behaves the same whichever door it is entered by.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .dates import parse_iso_date

TODAY_ENV = "HANDBOOK_TODAY"
INTERNAL_ENV = "HANDBOOK_INTERNAL"


class Gate(StrEnum):
    """How late a review may be before the build (and `handbook check`) fails."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NEVER = "never"


@dataclass(frozen=True)
class Settings:
    review_every: int = 12
    due_soon_days: int = 60
    fail_on: Gate = Gate.OVERDUE
    today: date | None = None

    def as_of(self) -> date:
        """The date statuses are computed for: HANDBOOK_TODAY, then config, then today.

        The variable wins so one build (a test, a look ahead) can move the date
        without editing mkdocs.yml.
        """
        return today_from_env() or self.today or date.today()


def today_from_env() -> date | None:
    """Read HANDBOOK_TODAY; a bad value is an error, not a silent fallback to today."""
    text = os.environ.get(TODAY_ENV, "").strip()
    if not text:
        return None
    parsed = parse_iso_date(text)
    if parsed is None:
        raise ValueError(f"{TODAY_ENV}: expected a date like 2026-09-01, got {text!r}")
    return parsed


def internal_from_env() -> bool:
    """Whether HANDBOOK_INTERNAL asks for the internal build (the one with staff names).

    Read here once for the plugin, which builds it, and for `handbook publish`
    and `deploy`, which must never publish it.
    """
    return os.environ.get(INTERNAL_ENV, "").strip().lower() in ("1", "true", "yes")
