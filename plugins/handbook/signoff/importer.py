"""`handbook signoff import`: add downloaded records and form exports to the register.

Every row ends in exactly one place: added, reported as already recorded, or
reported as wrong with its file and line; the counts of the three add up to
the rows read. Nothing is dropped silently, and the register is replaced
atomically, never left with half a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import atomic
from ..history.policy_versions import DocumentHistory
from ..model import Document, Status, Version
from ..problems import Problem
from .csvfiles import append_rows, lacks_columns, read_header
from .records import (
    ALIASES,
    CHECK_COLUMNS,
    COLUMNS,
    RECORDS_FILE,
    REQUIRED,
    Record,
    read_export,
    to_csv,
)
from .roster import Person, name_key


@dataclass(frozen=True)
class Known:
    """What the handbook knows of one version of a document.

    `approved` is the day it was approved (None when it is older than the
    document's history, kept on paper); `draft` when it was never approved.
    """

    approved: date | None = None
    draft: bool = False


def known_versions(document: Document, history: DocumentHistory | None
                   ) -> dict[Version, Known]:
    """Versions a record may name: each one in the document's git history, its
    current one, and any older than the history reaches (kept on paper before the
    handbook moved to git). Empty for a document without versions (a lesson)."""
    if document.version is None:
        return {}
    found: dict[Version, Known] = {}
    for entry in history.versions if history is not None else []:
        if entry.status == Status.DRAFT.value:
            found.setdefault(entry.version, Known(draft=True))
            continue
        day = entry.approved or entry.in_force_from
        known = found.get(entry.version)
        if known is None or known.draft or (day and known.approved and day < known.approved):
            found[entry.version] = Known(day)
    if document.status is Status.DRAFT:
        found.setdefault(document.version, Known(draft=True))
    elif document.version not in found or found[document.version].draft:
        found[document.version] = Known(document.approved)
    oldest = min(found)
    for version in _before(oldest):
        found.setdefault(version, Known())
    return found


def _before(version: Version) -> set[Version]:
    """Every plausible version below `version` (MINOR up to 20 per MAJOR)."""
    found = set()
    for major in range(0, version.major + 1):
        for minor in range(0, 21):
            candidate = Version(major, minor)
            if candidate < version:
                found.add(candidate)
    return found


@dataclass
class ImportReport:
    """Where every row went. `rows` counts the data rows of every file; each one is
    added, a duplicate, or among `rejected` (with at least one problem naming its line)."""

    rows: int = 0
    added: list[Record] = field(default_factory=list)
    duplicates: list[tuple[Record, str]] = field(default_factory=list)
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    target: Path | None = None
    # How each file's columns were read, when that was not plain: (file, words).
    notes: list[tuple[str, str]] = field(default_factory=list)


def import_records(
    files: list[tuple[Path, str]],
    records_dir: Path,
    shown_dir: str,
    existing: list[Record],
    documents: dict[str, Document],
    versions_of: Callable[[Document], dict[Version, Known]],
    hashes_of: Callable[[Document, Version], set[str] | None],
    people: list[Person] | None,
    today: date,
    columns: dict[str, str] | None = None,
) -> ImportReport:
    """Check each row against the handbook, then add the good ones to the register file.

    `existing` are the records already in `records_dir`; `versions_of` gives
    the versions a document has ever had; `hashes_of` the SHA-256 of each
    revision of one version (None when unknown); `today` is the last day a
    record may be signed on; `columns` is the `signoff_columns` option.
    """
    report = ImportReport()
    seen = {record.key: record.where for record in existing}
    roster = {p.key: p for p in people} if people is not None else None
    versions: dict[str, dict[Version, Known]] = {}
    for path, shown in files:
        records, trouble, count, note = read_export(path, shown, columns)
        if note:
            report.notes.append((shown, note))
        report.rows += count
        report.rejected += count - len(records)
        report.problems += trouble
        for record in records:
            if doc := documents.get(record.policy_id):
                known = versions.setdefault(doc.id, versions_of(doc))
            issue = _issue(record, doc, known if doc else {}, hashes_of, roster, today)
            if issue:
                report.rejected += 1
                report.problems.append(Problem(record.path, issue[0], issue[1], line=record.line))
            elif record.key in seen:
                report.duplicates.append((record, seen[record.key]))
            else:
                seen[record.key] = record.where
                report.added.append(record)
    if report.added:
        _append(records_dir, f"{shown_dir}/{RECORDS_FILE}", report)
    return report


def _issue(record: Record, doc: Document | None, known: dict[Version, Known],
           hashes_of: Callable[[Document, Version], set[str] | None],
           roster: dict[str, Person] | None, today: date) -> tuple[str, str] | None:
    """What is wrong with a well-formed record, as (field, message), or None."""
    if doc is None:
        return "policy_id", f"no document has the id {record.policy_id!r}"
    if not doc.controlled or doc.version is None:
        return "policy_id", (f"{doc.id} is a {doc.type.value}, not a versioned policy or "
                             "procedure: it has no sign-off")
    version = known.get(record.version)
    if version is None:
        return "version", (f"{doc.id} never had version {record.version} (its versions: "
                           f"{', '.join(str(v) for v in sorted(known))})")
    if version.draft:
        return "version", (f"version {record.version} of {doc.id} is a draft, never approved: "
                           "staff confirm approved versions only")
    if record.signed_on > today:
        return "signed_on", (f"{record.signed_on.isoformat()} is in the future (today is "
                             f"{today.isoformat()}): correct the date")
    if version.approved and record.signed_on < version.approved:
        return "signed_on", (f"{record.signed_on.isoformat()} is before version "
                             f"{record.version} of {doc.id} was approved "
                             f"({version.approved.isoformat()}): nobody can confirm a version "
                             "before it exists")
    if record.content_hash and (hashes := hashes_of(doc, record.version)) is not None \
            and record.content_hash not in hashes:
        return "content_hash", (f"does not match version {record.version} of {doc.id}: the "
                                "record is for different text")
    if roster is not None:
        person = roster.get(name_key(record.name))
        if person is None:
            return "name", (f"{record.name!r} is not on the staff roster: add them to the "
                            "roster first, or correct the spelling")
        if name_key(record.role) != name_key(person.role):
            return "role", (f"{record.role!r} is not {person.name}'s role on the staff roster "
                            f"({person.role!r}): correct the role, or the roster")
    return None


def _append(records_dir: Path, shown: str, report: ImportReport) -> None:
    """Add the records to the register file, in the order of its own columns, atomically.

    A file a manager has edited may name, order or leave out columns differently;
    when it has no column for something a record holds, nothing is written. The
    new file is written beside the old one and renamed over it, so an import
    stopped at any moment leaves the old register or the new one, never half a row.
    """
    target = records_dir / RECORDS_FILE
    if not target.exists() or target.stat().st_size == 0:
        records_dir.mkdir(parents=True, exist_ok=True)
        checks = any(r.check_completed is not None for r in report.added)
        atomic.write_bytes(target, to_csv(report.added, columns=COLUMNS + CHECK_COLUMNS
                                          if checks else COLUMNS).encode("utf-8"))
        report.target = target
        return
    columns = read_header(target, ALIASES)
    date_column = "signed_on" if "signed_on" in columns else "signed_at"
    wanted = [*REQUIRED, date_column]
    if any(r.content_hash for r in report.added):
        wanted.append("content_hash")
    missing = [name for name in wanted if name not in columns]
    if missing:
        report.problems.append(lacks_columns(shown, missing, len(report.added)))
        report.rejected += len(report.added)
        report.added = []
        return
    old = target.read_bytes()
    if any(r.check_completed is not None for r in report.added):
        old, columns = _with_check_columns(old, columns)
    append_rows(target, old, to_csv(report.added, header=False, columns=columns))
    report.target = target


def _with_check_columns(old: bytes, columns: list[str]) -> tuple[bytes, list[str]]:
    """The register with the knowledge check's columns added to its header, when it
    lacks them (a register kept from before checks existed): the records keep what
    they hold, and older rows simply have the new cells empty."""
    missing = [name for name in CHECK_COLUMNS if name not in columns]
    if not missing:
        return old, columns
    end = min((i for i in (old.find(b"\r"), old.find(b"\n")) if i >= 0), default=len(old))
    return old[:end].rstrip(b",") + ("," + ",".join(missing)).encode() + old[end:], \
        [*columns, *missing]
