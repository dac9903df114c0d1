"""Sign-off records: one row per person, document and version confirmed.

The same columns serve the file a member of staff downloads from a policy
page, the register managers keep, and (through `ALIASES`) exports from
Microsoft and Google Forms prefilled from the page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .. import spreadsheet
from ..dates import parse_iso_date
from ..model import Version
from ..problems import Problem
from .csvfiles import Row, read_table
from .roster import name_key

COLUMNS = ("name", "role", "policy_id", "version", "signed_on", "content_hash")
# The page's knowledge check, when it has one: completed (yes/no) and after how many attempts.
# Written only once a record holds them.
CHECK_COLUMNS = ("check_completed", "check_attempts")
_YES, _NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")
REQUIRED = ("name", "role", "policy_id", "version")
# Other spellings seen in downloaded records and form exports.
ALIASES = {
    "document": "policy_id", "document_id": "policy_id", "policy": "policy_id", "id": "policy_id",
    "hash": "content_hash", "sha_256": "content_hash", "sha256": "content_hash",
    "date": "signed_on", "signed": "signed_on", "timestamp": "signed_at",
    "completion_time": "signed_at", "your_name": "name", "full_name": "name",
    "your_role": "role", "job_role": "role",
}
RECORDS_FILE = "sign-offs.csv"


@dataclass(frozen=True)
class Record:
    name: str
    role: str
    policy_id: str
    version: Version
    signed_on: date
    content_hash: str | None = None
    check_completed: bool | None = None  # None: no check on the page, or not recorded
    check_attempts: int | None = None
    path: str = ""
    line: int | None = None

    @property
    def where(self) -> str:
        """`file:line`, as reports show it."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    @property
    def key(self) -> tuple[str, str, Version]:
        return (name_key(self.name), self.policy_id, self.version)

    def as_row(self, columns: tuple[str, ...] | list[str] = COLUMNS) -> list[str]:
        """The record's values in the order of `columns` (normalised names); "" for others."""
        values = {"name": self.name, "role": self.role, "policy_id": self.policy_id,
                  "version": str(self.version), "signed_on": self.signed_on.isoformat(),
                  "signed_at": self.signed_on.isoformat(), "content_hash": self.content_hash or "",
                  "check_completed": {True: "yes", False: "no", None: ""}[self.check_completed],
                  "check_attempts": str(self.check_attempts or "")}
        return [values.get(column, "") for column in columns]


def source_hash(text: str) -> str:
    """SHA-256 of a document's source as built: UTF-8, LF line endings, no BOM."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def parse_row(row: Row) -> tuple[Record | None, list[Problem]]:
    """A record from one CSV row, or what is wrong with the row."""
    problems = []
    for name in REQUIRED:
        if not row.get(name):
            problems.append(row.problem(name, "is empty"))
    version = Version.parse(row.get("version")) if row.get("version") else None
    if row.get("version") and version is None:
        problems.append(row.problem("version", f"expected MAJOR.MINOR like 2.1, got "
                                               f"{row.get('version')!r}"))
    signed_on = _signed_on(row)
    if signed_on is None:
        shown = row.get("signed_on") or row.get("signed_at")
        problems.append(row.problem("signed_on", f"expected a date like 2026-09-01, got "
                                                 f"{shown!r}"))
    digest = row.get("content_hash").lower() or None
    if digest and (len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest)):
        problems.append(row.problem("content_hash", "expected the 64-character SHA-256 shown "
                                                    "on the sign-off sheet"))
    completed, attempts = _check(row, problems)
    if problems:
        return None, problems
    assert version is not None and signed_on is not None
    return Record(row.get("name"), row.get("role"), row.get("policy_id"), version, signed_on,
                  digest, completed, attempts, row.path, row.line), []


def _check(row: Row, problems: list[Problem]) -> tuple[bool | None, int | None]:
    """The knowledge check's two columns; both empty when the page had no check."""
    text = row.get("check_completed").lower()
    completed = True if text in _YES else False if text in _NO else None
    if text and completed is None:
        problems.append(row.problem("check_completed", f"expected yes, no or nothing, got "
                                                       f"{row.get('check_completed')!r}"))
    count = row.get("check_attempts")
    attempts = int(count) if count.isdigit() and 1 <= int(count) <= 999 else None
    if count and attempts is None:
        problems.append(row.problem("check_attempts", f"expected a number of attempts like 1 "
                                                      f"or 2, got {count!r}"))
    elif attempts is not None and completed is not True:
        problems.append(row.problem("check_attempts", "gives attempts but check_completed is "
                                                      "not yes"))
    return completed, attempts


def _signed_on(row: Row) -> date | None:
    if row.get("signed_on"):
        return parse_iso_date(row.get("signed_on"))
    stamp = row.get("signed_at")
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for pattern in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:  # UK spreadsheet exports; only ever day-first here
            return datetime.strptime(stamp, pattern).date()
        except ValueError:
            continue
    return None


def read_file(path: Path, shown: str) -> tuple[list[Record], list[Problem], int]:
    """The records of one file, the problems of its other rows, and its number of data rows."""
    table = read_table(path, shown, required=REQUIRED, aliases=ALIASES)
    records, problems = [], table.problems
    for row in table.rows:
        record, row_problems = parse_row(row)
        problems += row_problems
        if record is not None:
            records.append(record)
    return records, problems, table.count


def read_folder(folder: Path, shown: str) -> tuple[list[Record], list[Problem]]:
    """Every record in every CSV file of the records folder."""
    records: list[Record] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.csv")):
        found, trouble, _ = read_file(path, f"{shown}/{path.name}")
        records += found
        problems += trouble
    return records, problems


def to_csv(records: list[Record], header: bool = True,
           columns: tuple[str, ...] | list[str] = COLUMNS) -> str:
    """Records as CSV rows in the order of `columns`, with the header row if `header`."""
    return spreadsheet.to_csv((record.as_row(columns) for record in records),
                              columns if header else None)
