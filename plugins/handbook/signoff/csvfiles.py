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
        return [], [Problem(shown, None, f"cannot be read: {error.strerror}")]
    except (csv.Error, UnicodeDecodeError) as error:
        return [], [Problem(shown, None, f"is not a readable UTF-8 CSV file: {error}")]
    if not lines:
        return [], [Problem(shown, None, "is empty: expected a header row", line=1)]
    keys = [aliases.get(header_key(h), header_key(h)) for h in lines[0]]
    missing = [name for name in required if name not in keys]
    if missing:
        return [], [Problem(shown, None, f"has no {', '.join(missing)} column: expected a "
                            f"header row with {', '.join(required)}", line=1)]
    rows, problems = [], []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(keys):
            problems.append(Problem(shown, None, f"has {len(cells)} values but the header has "
                                    f"{len(keys)} columns", line=number))
            continue
        rows.append(Row(shown, number, {k: c.strip() for k, c in zip(keys, cells,
                                                                     strict=False)}))
    return rows, problems
