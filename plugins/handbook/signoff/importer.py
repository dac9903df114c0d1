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
from .records import RECORDS_FILE, Record, read_file, read_folder, to_csv
from .roster import Person, name_key


def known_versions(document: Document, history: DocumentHistory | None) -> set[Version]:
    """Versions a record may name: each one in the document's git history, its
    current one, and any older than the history reaches (kept on paper before the
    handbook moved to git)."""
    assert document.version is not None
    versions = {document.version}
    if history is not None and history.versions:
        versions |= history.known_versions
        oldest = min(history.known_versions)
    else:
        oldest = document.version
    return versions | {v for v in _before(oldest)}


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
    documents: dict[str, Document],
    versions_of: Callable[[Document], set[Version]],
    hashes_of: Callable[[Document, Version], set[str] | None],
    people: list[Person] | None,
) -> ImportReport:
    """Check each row against the handbook, then append the good ones.

    `versions_of` gives the versions a document has ever had; `hashes_of`
    the SHA-256 of each revision of one version (None when unknown).
    """
    existing, problems = read_folder(records_dir, shown_dir) if records_dir.exists() else ([], [])
    report = ImportReport(problems=problems)
    seen = {record.key: record.where for record in existing}
    roster = {p.key for p in people} if people is not None else None
    for path, shown in files:
        records, trouble = read_file(path, shown)
        report.problems += trouble
        for record in records:
            where = record.where
            file, line = where.rsplit(":", 1)
            doc = documents.get(record.policy_id)
            issue = None
            if doc is None:
                issue = ("policy_id", f"no document has the id {record.policy_id!r}")
            elif record.version not in versions_of(doc):
                known = ", ".join(str(v) for v in sorted(versions_of(doc)))
                issue = ("version", f"{doc.id} never had version {record.version} "
                                    f"(its versions: {known})")
            elif record.content_hash and (hashes := hashes_of(doc, record.version)) is not None \
                    and record.content_hash not in hashes:
                issue = ("content_hash", f"does not match version {record.version} of "
                                         f"{doc.id}: the record is for different text")
            elif roster is not None and name_key(record.name) not in roster:
                issue = ("name", f"{record.name!r} is not on the staff roster: add them to the "
                                 "roster first, or correct the spelling")
            if issue:
                report.problems.append(Problem(file, issue[0], issue[1], line=int(line)))
            elif record.key in seen:
                report.duplicates.append((record, seen[record.key]))
            else:
                seen[record.key] = where
                report.added.append(record)
    if report.added:
        records_dir.mkdir(parents=True, exist_ok=True)
        target = records_dir / RECORDS_FILE
        new = not target.exists() or target.stat().st_size == 0
        ends_cleanly = new or target.read_bytes().endswith(b"\n")
        with target.open("a", encoding="utf-8", newline="") as handle:
            handle.write(("" if ends_cleanly else "\n") + to_csv(report.added, header=new))
        report.target = target
    return report
