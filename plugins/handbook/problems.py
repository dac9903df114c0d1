"""Problems found in the handbook, worded for the manager who has to fix them.

Every check reports into a list instead of raising, so one broken file never
hides the problems (or the pages) of the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as we can: file, field, line."""

    path: str
    field: str | None
    message: str
    severity: Severity = Severity.ERROR
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}: " if self.field else f"{self.path}: "
        line = f" (line {self.line})" if self.line else ""
        return f"{where}{self.message}{line}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "field": self.field,
            "line": self.line,
            "severity": self.severity.value,
            "message": self.message,
            "text": str(self),
        }


def describe(value: object) -> str:
    """Show a found value the way the manager typed it, plus what YAML made of it."""
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{value} (YAML reads yes/no/true/false as true or false; put it in quotes)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    if isinstance(value, datetime | date):
        return f"{value.isoformat()} (a date)"
    return repr(value)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
