"""Sign-off records: one row per person, document and version confirmed.

The same columns serve the file a member of staff downloads from a policy
page, the register managers keep, and (through `ALIASES`) exports from
Microsoft and Google Forms prefilled from the page.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .. import spreadsheet
from ..dates import parse_iso_date
from ..model import Version
from ..problems import Problem
from .csvfiles import Row, header_key, read_headings, read_table
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
# What `signoff_columns` may map a heading to; "ignore" leaves the column out.
TARGETS = (*COLUMNS, "signed_at", "ignore")
# The columns Microsoft Forms adds before the questions, and what each one is to us.
MS_FORMS = {"id": "", "start_time": "", "completion_time": "signed_at", "email": "",
            "last_modified_time": "", "name": "name"}
# Google Forms: a Timestamp first, then an e-mail address when the form collects it.
GOOGLE_FORMS = {"timestamp": "signed_at", "email_address": "", "email": ""}
# A question's heading, by the words in it; the first match wins ("Which version of
# the policy?" is the version, not the policy).
_QUESTION_WORDS = (("hash", "content_hash"), ("sha", "content_hash"), ("version", "version"),
                   ("role", "role"), ("policy", "policy_id"), ("document", "policy_id"),
                   ("name", "name"), ("date", "signed_on"))


@dataclass(frozen=True)
class Mapping:
    """How one file's headings were read: the aliases to use, and the words to print."""

    aliases: dict[str, str]
    note: str | None = None


def column_mapping(headings: list[str], chosen: dict[str, str] | None = None) -> Mapping:
    """Our column for each heading of a downloaded file or a form export.

    `chosen` (the `signoff_columns` option: heading -> column, or "ignore") wins.
    A Microsoft Forms export (its Start time and Completion time columns) or a
    Google Forms one (Timestamp first) has its extra columns set aside and its
    questions matched by their words; the note says what was used, so a manager
    can see it and fix a wrong guess with `signoff_columns`.
    """
    chosen = {header_key(k): ("" if v == "ignore" else v) for k, v in (chosen or {}).items()}
    keys = [header_key(h) for h in headings]
    if {"start_time", "completion_time"} <= set(keys):
        kind, extras = "a Microsoft Forms export", MS_FORMS
    elif keys and keys[0] == "timestamp":
        kind, extras = "a Google Forms export", GOOGLE_FORMS
    else:
        merged = {**ALIASES, **chosen}
        named = [f"{h!r} -> {merged[k] or 'ignored'}" for h, k in zip(headings, keys, strict=True)
                 if k in chosen]
        return Mapping(merged, f"columns from signoff_columns: {', '.join(named)}"
                       if named else None)
    aliases: dict[str, str] = {}
    for key in keys:
        if key in chosen:
            aliases[key] = chosen[key]
        elif key in extras:
            aliases[key] = extras[key]
        elif key in COLUMNS or key in ALIASES:
            aliases[key] = ALIASES.get(key, key)
        else:
            aliases[key] = next((ours for word, ours in _QUESTION_WORDS if word in key), "")
    # Microsoft's own Name column is the signed-in person; a "Your name" question wins.
    if "name" in keys and "name" not in chosen and sum(
            1 for k in keys if aliases[k] == "name") > 1:
        aliases["name"] = ""
    used = ", ".join(f"{h!r} -> {aliases[k] or 'ignored'}"
                     for h, k in zip(headings, keys, strict=True))
    return Mapping(aliases, f"read as {kind}: {used}. If a column is read wrongly, set "
                            "signoff_columns for the handbook plugin in mkdocs.yml")


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
        problems.append(row.problem("signed_on", _date_problem(shown)))
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
        return parse_iso_date(row.get("signed_on")) or _uk_date(row.get("signed_on"))
    stamp = row.get("signed_at")
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    except ValueError:
        return _uk_date(stamp)


# Slash dates with a four-digit year, and an optional time: always day first, as in the UK.
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_UK_RULE = ("a date like 2026-09-01 or 17/06/2027 (dates with slashes are always read day "
            "first, as in the UK)")


def _uk_date(text: str) -> date | None:
    match = _SLASH_DATE.fullmatch(text.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_problem(shown: str) -> str:
    """Why a date was not read, naming the format expected."""
    match = _SLASH_DATE.fullmatch(shown.strip()) if shown else None
    if match and int(match.group(2)) > 12 and int(match.group(1)) <= 12:
        return (f"{shown!r} looks like month/day/year (US): expected {_UK_RULE}. Set the "
                "form's or spreadsheet's region to the UK, or write the date as "
                f"{match.group(3)}-{int(match.group(1)):02}-{int(match.group(2)):02}")
    return f"expected {_UK_RULE}, got {shown!r}"


def read_file(path: Path, shown: str, columns: dict[str, str] | None = None
              ) -> tuple[list[Record], list[Problem], int]:
    """The records of one file, the problems of its other rows, and its number of data rows."""
    records, problems, count, _ = read_export(path, shown, columns)
    return records, problems, count


def read_export(path: Path, shown: str, columns: dict[str, str] | None = None
                ) -> tuple[list[Record], list[Problem], int, str | None]:
    """`read_file`, plus a note of how the columns were read (see `column_mapping`)."""
    mapping = column_mapping(read_headings(path), columns)
    table = read_table(path, shown, required=REQUIRED, aliases=mapping.aliases)
    note = mapping.note
    if table.delimiter == ";":
        note = "; ".join(filter(None, ["separated by semicolons", note]))
    records, problems = [], table.problems
    for row in table.rows:
        record, row_problems = parse_row(row)
        problems += row_problems
        if record is not None:
            records.append(record)
    return records, problems, table.count, note


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
