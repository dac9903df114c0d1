"""The sign-off register: every member of staff against every document they must confirm.

A document is due for sign-off by the active staff it applies to (everyone,
or the roster groups in its `applies_to`). Sign-off is per MAJOR version: a
record for 3.2 counts for every 3.x version, and a new MAJOR version asks everyone
again. Each person has `grace_days` from the later of the version's approval
and their start date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..model import Document
from ..problems import Problem, Severity
from ..spreadsheet import to_csv
from .records import Record
from .roster import Person, name_key


class State(StrEnum):
    SIGNED = "signed"
    REDO = "redo"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {"signed": "Signed", "redo": "Signed an older version",
                "missing": "Not signed"}[self.value]


@dataclass(frozen=True)
class Entry:
    """One person and one document they must confirm."""

    person: Person
    document: Document
    state: State
    latest: Record | None
    due: date
    late: bool

    @property
    def checked(self) -> bool:
        """The signed record says the page's knowledge check was completed."""
        return self.state is State.SIGNED and bool(self.latest and self.latest.check_completed)


@dataclass(frozen=True)
class Completion:
    signed: int
    required: int

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.required) if self.required else 100

    def __str__(self) -> str:
        return f"{self.signed} of {self.required} ({self.percent}%)"


def applies(document: Document, person: Person) -> bool:
    if not document.applies_to:
        return True
    groups = {g.lower() for g in document.applies_to}
    return person.group is not None and person.group.lower() in groups


class SignOffRegister:
    """Built from the roster, the records and the handbook's documents, as of one day."""

    def __init__(self, people: list[Person], documents: list[Document], records: list[Record],
                 as_of: date, grace_days: int) -> None:
        self.as_of = as_of
        self.people = sorted((p for p in people if p.active), key=lambda p: p.name.lower())
        self.former = [p for p in people if not p.active]
        self.documents = sorted((d for d in documents if d.needs_sign_off),
                                key=lambda d: d.title.lower())
        latest: dict[tuple[str, str], Record] = {}
        for record in records:
            key = (name_key(record.name), record.policy_id)
            if key not in latest or (record.version, record.signed_on) > (
                    latest[key].version, latest[key].signed_on):
                latest[key] = record
        self.entries: dict[tuple[str, str], Entry] = {}
        self._by_document: dict[str, list[Entry]] = {d.id: [] for d in self.documents}
        self._by_person: dict[str, list[Entry]] = {p.key: [] for p in self.people}
        for person in self.people:
            for doc in self.documents:
                if not applies(doc, person):
                    continue
                signed = latest.get((person.key, doc.id))
                assert doc.version is not None and doc.approved is not None
                if signed and signed.version.major == doc.version.major:
                    state = State.SIGNED
                elif signed and signed.version.major < doc.version.major:
                    state = State.REDO
                else:
                    state = State.MISSING
                due = max(doc.approved, person.started) + timedelta(days=grace_days)
                entry = Entry(person, doc, state, signed, due,
                              state is not State.SIGNED and as_of > due)
                self.entries[(person.key, doc.id)] = entry
                self._by_document[doc.id].append(entry)
                self._by_person[person.key].append(entry)
        known = {p.key for p in people}
        self.problems = [
            Problem(r.path, "name", f"{r.name!r} is not on the staff roster, so this record "
                    "counts for nobody", Severity.WARNING, r.line)
            for r in records if name_key(r.name) not in known
        ]

    def entry(self, person: Person, document: Document) -> Entry | None:
        return self.entries.get((person.key, document.id))

    def for_document(self, document: Document) -> list[Entry]:
        return list(self._by_document.get(document.id, ()))

    def for_person(self, person: Person) -> list[Entry]:
        return list(self._by_person.get(person.key, ()))

    def completion(self, entries: list[Entry]) -> Completion:
        return Completion(sum(e.state is State.SIGNED for e in entries), len(entries))

    def document_completion(self, document: Document) -> Completion:
        return self.completion(self.for_document(document))

    def person_completion(self, person: Person) -> Completion:
        return self.completion(self.for_person(person))

    def outstanding(self, person: Person) -> list[Entry]:
        return [e for e in self.for_person(person) if e.state is not State.SIGNED]

    def late(self) -> list[tuple[Document, list[Entry]]]:
        """Documents with staff past their grace period, and who."""
        found = []
        for doc in self.documents:
            late = [e for e in self.for_document(doc) if e.late]
            if late:
                found.append((doc, late))
        return found

    def matrix_csv(self) -> str:
        """One row per person and document due, for spreadsheets."""
        header = ["name", "role", "group", "policy_id", "title", "version", "state",
                  "signed_version", "signed_on", "due", "check_completed", "check_attempts"]
        rows = []
        for entry in sorted(self.entries.values(),
                            key=lambda e: (e.person.name.lower(), e.document.title.lower())):
            record = entry.latest
            rows.append([entry.person.name, entry.person.role, entry.person.group or "",
                         entry.document.id, entry.document.title, str(entry.document.version),
                         entry.state.value, str(record.version) if record else "",
                         record.signed_on.isoformat() if record else "",
                         entry.due.isoformat(),
                         {True: "yes", False: "no", None: ""}[record.check_completed]
                         if record else "",
                         str(record.check_attempts or "") if record else ""])
        return to_csv(rows, header)
