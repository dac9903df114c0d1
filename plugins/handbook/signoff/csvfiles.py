"""Reading the managers' CSV files: BOM, CRLF and spreadsheet headers all welcome.

Rows come back with their file and line, so every problem can say where it is.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import atomic, spreadsheet
from ..characters import bad_character, refusal
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


@dataclass
class Table:
    """What one CSV file held: its usable rows, its problems, and how many data rows
    it had (blank lines aside), so a caller can show that every row is accounted for."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    count: int = 0
    delimiter: str = ","


def detect_delimiter(header: bytes) -> str:
    """';' when the header row has more semicolons than commas outside quotes, else ','.

    Excel saves "CSV" with semicolons where the comma is the decimal separator
    (much of Europe); the header row tells which, since our headings hold neither.
    """
    outside = re.sub(rb'"[^"]*"', b"", header)
    return ";" if outside.count(b";") > outside.count(b",") else ","


# The longest value a cell may hold. Names, roles, ids and hashes are short; a
# longer value is almost always a quote left open or text pasted in the wrong place.
MAX_VALUE = 1000
_LINE_END = re.compile(rb"\r\n|\r|\n")
_SAVE_AS = ("save it again as UTF-8 (Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'; "
            "LibreOffice: Save As > Text CSV, tick 'Edit filter settings', then choose "
            "Unicode (UTF-8))")


def read_table(path: Path, shown: str, *, required: tuple[str, ...],
               aliases: dict[str, str] | None = None) -> Table:
    """Every non-blank data row of a CSV file, and a problem for each row that cannot be used.

    Strict: every record is one line, so a quote left open spoils that line only
    (it used to swallow the rows after it into one value). A line that is not
    UTF-8, is not CSV, holds a control character or a value over MAX_VALUE
    characters is reported with its number; the other lines are still read.
    Headers are matched without regard to case, spaces or punctuation, and
    `aliases` maps other spellings (a form's "Timestamp") to ours.
    """
    aliases = aliases or {}
    try:
        data = path.read_bytes()
    except OSError as error:
        return Table(problems=[FileProblem(shown, None, f"cannot be read: {error.strerror}")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Table(problems=[FileProblem(
            shown, None, f"is saved as UTF-16 ('Unicode text'), not CSV: {_SAVE_AS}", line=1)])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = _LINE_END.split(data)
    if lines and not lines[-1]:
        lines.pop()
    delimiter = detect_delimiter(lines[0] if lines else b"")
    table = Table(delimiter=delimiter)
    header: list[str] | None = None
    keys: list[str] = []
    for number, raw in enumerate(lines, start=1):
        cells, trouble = _cells(raw, delimiter)
        if header is None:
            if trouble or not cells:
                return Table(problems=[FileProblem(
                    shown, None, trouble or "is empty: expected a header row", line=1)],
                    count=sum(1 for line in lines[1:] if line.strip(b" ,\t")))
            header = cells
            keys = [_key(h, aliases) for h in header]
            problem = _header_problem(shown, header, keys, required)
            if problem:
                return Table(problems=[problem],
                             count=sum(1 for line in lines[1:] if line.strip(b" ,\t")))
            continue
        if not trouble and not cells:
            continue  # a blank line, or only the commas a spreadsheet leaves
        table.count += 1
        if not trouble and len(cells) > len(keys):
            trouble = f"has {len(cells)} values but the header has {len(keys)} columns"
        if trouble:
            table.problems.append(Problem(shown, None, trouble, line=number))
            continue
        table.rows.append(Row(shown, number, {k: c.strip() for k, c in zip(keys, cells,
                                                                           strict=False)}))
    if header is None:
        table.problems.append(FileProblem(shown, None, "is empty: expected a header row",
                                          line=1))
    return table


def _cells(raw: bytes, delimiter: str = ",") -> tuple[list[str], str | None]:
    """The cells of one line (trimmed, spreadsheet prefixes removed), or why it is unusable."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return [], (f"this line is not UTF-8 text (byte 0x{raw[error.start]:02X}), so the file was "
                    f"probably saved as Windows-1252: {_SAVE_AS}")
    if len(text) > 20 * MAX_VALUE:
        return [], (f"this line is {len(text):,} characters long; a value may hold at most "
                    f"{MAX_VALUE:,}: is a quote left open, or text pasted into the wrong cell?")
    try:
        cells = next(csv.reader([text], strict=True, delimiter=delimiter), [])
    except csv.Error as error:
        if '"' in text and text.count('"') % 2:
            return [], ('has a quote (") that is never closed on this line: each record must '
                        "be one line; close the quote or delete it")
        return [], f"is not a CSV line ({error}): check the quotes on this line"
    cells = [spreadsheet.restore(cell) for cell in _trim(cells)]
    for column, cell in enumerate(cells, start=1):
        if len(cell) > MAX_VALUE:
            return [], (f"has a value of {len(cell):,} characters in column {column}; a value "
                        f"may hold at most {MAX_VALUE:,}: is a quote left open, or text pasted "
                        "into the wrong cell?")
        found = bad_character(cell)
        if found:
            return [], f"column {column} {refusal(found)}"
    return cells, None


def _header_problem(shown: str, header: list[str], keys: list[str],
                    required: tuple[str, ...]) -> FileProblem | None:
    first: dict[str, str] = {}
    for key, heading in zip(keys, header, strict=True):
        if key and key in first:
            return FileProblem(shown, None, f"has two {key} columns, {first[key]!r} and "
                               f"{heading!r}: keep one", line=1)
        first[key] = heading
    missing = [name for name in required if name not in keys]
    if missing:
        return FileProblem(shown, None, f"has no {', '.join(missing)} column: expected a "
                           f"header row with {', '.join(required)}", line=1)
    return None


def read_header(path: Path, aliases: dict[str, str] | None = None) -> list[str]:
    """The normalised column names of a CSV file, in its order ([] when unreadable)."""
    aliases = aliases or {}
    try:
        with path.open("rb") as handle:
            first = handle.readline()
    except OSError:
        return []
    first = _LINE_END.split(first.removeprefix(b"\xef\xbb\xbf"))[0]
    cells, trouble = _cells(first, detect_delimiter(first))
    return [] if trouble else [_key(h, aliases) for h in cells]


def read_headings(path: Path) -> list[str]:
    """The header row of a CSV file as written ([] when unreadable)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline()
    except OSError:
        return []
    first = _LINE_END.split(first.removeprefix(b"\xef\xbb\xbf"))[0]
    cells, trouble = _cells(first, detect_delimiter(first))
    return [] if trouble else cells


def _key(heading: str, aliases: dict[str, str]) -> str:
    key = header_key(heading)
    return aliases.get(key, key)


def _trim(cells: list[str]) -> list[str]:
    """Without the blank cells spreadsheets leave at the end of a row (`a,b,c,,`)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def lacks_columns(shown: str, missing: list[str], count: int) -> Problem:
    """Why new rows were not added to a register whose header lost a column we need."""
    return Problem(shown, None, f"has no {', '.join(missing)} column, so the {count} new "
                   "records were not added: put the column back, or move the file aside and "
                   "import again", line=1)


def append_rows(target: Path, old: bytes, rows: str) -> None:
    """Add CSV rows after a register's last line, writing the whole file atomically (a last
    line saved without its line end gets one first)."""
    ends_cleanly = old.endswith((b"\n", b"\r"))
    atomic.write_bytes(target, old + (b"" if ends_cleanly else b"\n") + rows.encode("utf-8"))
