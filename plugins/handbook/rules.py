"""Rules that tie one front-matter field to another, written once.

`validate` checks them and reports the field with the rule's message; `schema`
turns each into an `if`/`then` of the JSON Schema, so an editor warns about the
same things `handbook check` does. The one rule JSON Schema cannot state (a
review date after the approval date: draft-07 cannot compare two values) stays
in `validate` alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import BY_NAME, Kind
from .model import Status, Version

_TEXT = (Kind.TEXT, Kind.SLUG)


@dataclass(frozen=True)
class StatusIs:
    status: Status
    negate: bool = False

    def holds(self, data: dict[str, Any], values: dict[str, Any]) -> bool:
        status = values.get("status")
        return status is not None and (status != self.status if self.negate
                                       else status == self.status)

    def schema(self) -> dict[str, Any]:
        const: dict[str, Any] = {"const": self.status.value}
        return {"required": ["status"],
                "properties": {"status": {"not": const} if self.negate else const}}


@dataclass(frozen=True)
class AboveFirstVersion:
    """Any version after 1.0: each one says what changed."""

    def holds(self, data: dict[str, Any], values: dict[str, Any]) -> bool:
        version = values.get("version")
        return version is not None and version > Version(1, 0)

    def schema(self) -> dict[str, Any]:
        return {"required": ["version"],
                "properties": {"version": {"pattern": r"^(?!(0\.\d+|1\.0)$)"}}}


@dataclass(frozen=True)
class Given:
    field: str

    def holds(self, data: dict[str, Any], values: dict[str, Any]) -> bool:
        return data.get(self.field) is not None

    def schema(self) -> dict[str, Any]:
        return {"required": [self.field]}


Condition = StatusIs | AboveFirstVersion | Given


@dataclass(frozen=True)
class Rule:
    """When `when` holds, `field` is required (or, with `excludes`, must be absent)."""

    field: str
    when: Condition
    message: str  # may name {status} and {version}
    excludes: bool = False

    def broken(self, data: dict[str, Any], values: dict[str, Any]) -> str | None:
        """The message to report, or None when the rule holds."""
        if not self.when.holds(data, values):
            return None
        value = data.get(self.field)
        # Blank text is no text (it is also reported as such); a date or number is there or not.
        present = value is not None and not (value == "" and BY_NAME[self.field].kind in _TEXT)
        if present != self.excludes:
            return None
        return self.message.format(status=values.get("status"), version=values.get("version"))

    def schema(self) -> dict[str, Any]:
        then: dict[str, Any] = {"required": [self.field]}
        return {"if": self.when.schema(), "then": {"not": then} if self.excludes else then}


# Controlled documents (policy, procedure, guidance, form) only.
CONTROLLED_RULES = (
    Rule("approved", StatusIs(Status.DRAFT, negate=True),
         "is required once the status is {status} (for example: approved: 2026-09-01)"),
    Rule("review_every", Given("review_by"),
         "give either review_by or review_every, not both", excludes=True),
    Rule("change_summary", AboveFirstVersion(),
         "is required for version {version}: say in a sentence what changed since the last "
         "version"),
    Rule("superseded_by", StatusIs(Status.SUPERSEDED),
         "is required once the status is superseded: give the id of the document that "
         "replaces this one"),
)
