"""`handbook signoff import`: add downloaded records and form exports to the register.

Every row ends in exactly one place: appended, reported as already recorded,
or reported as wrong with its file and line. Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..history.versions import DocumentHistory
from ..model import Document, Version
from ..problems import Problem
from .csvfiles import read_header
from .records import ALIASES, RECORDS_FILE, REQUIRED, Record, read_file, to_csv
from .roster import Person, name_key


def known_versions(document: Document, history: DocumentHistory | None) -> set[Version]:
    """Versions a record may name: each one in the document's git history, its
    current one, and any older than the history reaches (kept on paper before the
    handbook moved to git). None for a document without versions (a lesson)."""
    if document.version is None:
        return set()
    versions = {document.version}
    if history is not None and history.versions:
        versions |= history.known_versions
        oldest = min(history.known_versions)
    else:
        oldest = document.version
    return versions | _before(oldest)


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
    added: list[Record] = field(default_factory=list)
    duplicates: list[tuple[Record, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    target: Path | None = None


def import_records(
    files: list[tuple[Path, str]],
    records_dir: Path,
    shown_dir: str,
    existing: list[Record],
    documents: dict[str, Document],
    versions_of: Callable[[Document], set[Version]],
    hashes_of: Callable[[Document, Version], set[str] | None],
    people: list[Person] | None,
) -> ImportReport:
    """Check each row against the handbook, then append the good ones.

    `existing` are the records already in `records_dir`; `versions_of` gives
    the versions a document has ever had; `hashes_of` the SHA-256 of each
    revision of one version (None when unknown).
    """
    report = ImportReport()
    seen = {record.key: record.where for record in existing}
    roster = {p.key for p in people} if people is not None else None
    versions: dict[str, set[Version]] = {}
    for path, shown in files:
        records, trouble = read_file(path, shown)
        report.problems += trouble
        for record in records:
            doc = documents.get(record.policy_id)
            issue = None
            if doc is None:
                issue = ("policy_id", f"no document has the id {record.policy_id!r}")
            elif not doc.controlled or doc.version is None:
                issue = ("policy_id", f"{doc.id} is a {doc.type.value}, not a versioned policy "
                                      "or procedure: it has no sign-off")
            elif record.version not in (known := versions.setdefault(doc.id, versions_of(doc))):
                issue = ("version", f"{doc.id} never had version {record.version} "
                                    f"(its versions: {', '.join(str(v) for v in sorted(known))})")
            elif record.content_hash and (hashes := hashes_of(doc, record.version)) is not None \
                    and record.content_hash not in hashes:
                issue = ("content_hash", f"does not match version {record.version} of "
                                         f"{doc.id}: the record is for different text")
            elif roster is not None and name_key(record.name) not in roster:
                issue = ("name", f"{record.name!r} is not on the staff roster: add them to the "
                                 "roster first, or correct the spelling")
            if issue:
                report.problems.append(Problem(record.path, issue[0], issue[1], line=record.line))
            elif record.key in seen:
                report.duplicates.append((record, seen[record.key]))
            else:
                seen[record.key] = record.where
                report.added.append(record)
    if report.added:
        _append(records_dir, f"{shown_dir}/{RECORDS_FILE}", report)
    return report


def _append(records_dir: Path, shown: str, report: ImportReport) -> None:
    """Append the added records to the register file, in the order of its own columns.

    A file a manager has edited may name, order or leave out columns differently;
    when it has no column for something a record holds, nothing is written.
    """
    target = records_dir / RECORDS_FILE
    if not target.exists() or target.stat().st_size == 0:
        records_dir.mkdir(parents=True, exist_ok=True)
        target.write_text(to_csv(report.added), encoding="utf-8", newline="")
        report.target = target
        return
    columns = read_header(target, ALIASES)
    date_column = "signed_on" if "signed_on" in columns else "signed_at"
    wanted = [*REQUIRED, date_column]
    if any(r.content_hash for r in report.added):
        wanted.append("content_hash")
    missing = [name for name in wanted if name not in columns]
    if missing:
        report.problems.append(Problem(
            shown, None, f"has no {', '.join(missing)} column, so the {len(report.added)} new "
            "records were not added: put the column back, or move the file aside and import "
            "again", line=1))
        report.added = []
        return
    ends_cleanly = target.read_bytes().endswith(b"\n")
    with target.open("a", encoding="utf-8", newline="") as handle:
        handle.write(("" if ends_cleanly else "\n")
                     + to_csv(report.added, header=False, columns=columns))
    report.target = target
