"""Reading the managers' CSV files: BOM, CRLF and spreadsheet headers all welcome.

Rows come back with their file and line, so every problem can say where it is.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem


@dataclass(frozen=True)
class Row:
    """One data row, keyed by normalised column name."""

    path: str
    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def problem(self, field: str | None, message: str) -> Problem:
        return Problem(self.path, field, message, line=self.line)


@dataclass(frozen=True)
class FileProblem(Problem):
    """The whole file could not be used (missing, unreadable, wrong header): not one row."""


def header_key(text: str) -> str:
    """'Policy ID', 'policy_id' and ' policy-id ' all become 'policy_id'."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def read_table(path: Path, shown: str, *, required: tuple[str, ...],
               aliases: dict[str, str] | None = None) -> tuple[list[Row], list[Problem]]:
    """Every non-blank data row of a CSV file, or the problems that stop it being read.

    Headers are matched without regard to case, spaces or punctuation, and
    `aliases` maps other spellings (a form's "Timestamp") to ours.
    """
    aliases = aliases or {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except OSError as error:
        return [], [FileProblem(shown, None, f"cannot be read: {error.strerror}")]
    except (csv.Error, UnicodeDecodeError) as error:
        return [], [FileProblem(shown, None, f"is not a readable UTF-8 CSV file: {error}")]
    if not lines:
        return [], [FileProblem(shown, None, "is empty: expected a header row", line=1)]
    header = _trim(lines[0])
    keys = [_key(h, aliases) for h in header]
    first: dict[str, str] = {}
    for key, heading in zip(keys, header, strict=True):
        if key and key in first:
            return [], [FileProblem(shown, None, f"has two {key} columns, {first[key]!r} and "
                                f"{heading!r}: keep one", line=1)]
        first[key] = heading
    missing = [name for name in required if name not in keys]
    if missing:
        return [], [FileProblem(shown, None, f"has no {', '.join(missing)} column: expected a "
                            f"header row with {', '.join(required)}", line=1)]
    rows, problems = [], []
    for number, cells in enumerate(lines[1:], start=2):
        cells = _trim(cells)
        if not cells:
            continue
        if len(cells) > len(keys):
            problems.append(Problem(shown, None, f"has {len(cells)} values but the header has "
                                    f"{len(keys)} columns", line=number))
            continue
        rows.append(Row(shown, number, {k: c.strip() for k, c in zip(keys, cells,
                                                                     strict=False)}))
    return rows, problems


def read_header(path: Path, aliases: dict[str, str] | None = None) -> list[str]:
    """The normalised column names of a CSV file, in its order ([] when unreadable)."""
    aliases = aliases or {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, csv.Error, UnicodeDecodeError):
        return []
    return [_key(h, aliases) for h in _trim(header)]


def _key(heading: str, aliases: dict[str, str]) -> str:
    key = header_key(heading)
    return aliases.get(key, key)


def _trim(cells: list[str]) -> list[str]:
    """Without the blank cells spreadsheets leave at the end of a row (`a,b,c,,`)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]
