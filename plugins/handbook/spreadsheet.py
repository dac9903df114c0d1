"""CSV for spreadsheets: the one way the handbook writes a CSV file.

Excel and LibreOffice run a cell that starts with =, +, -, @, a tab or a
carriage return as a formula, so a name typed as `=HYPERLINK(...)` would act
when a manager opens the register. Every cell we write that starts with one of
those is prefixed with ' (OWASP's advice); the spreadsheet shows the text.
Reading our own files back removes the prefix again (`restore`), so a value
survives any number of round trips unchanged. assets/signoff.js does the same
for the record a browser downloads: keep the two in step.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """`cell` as a spreadsheet will show it, never run it."""
    return "'" + cell if cell.startswith(TRIGGERS) else cell


def restore(cell: str) -> str:
    """The value `neutralise` was given."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(TRIGGERS) else cell


def to_csv(rows: Iterable[Sequence[str]], header: Sequence[str] | None = None) -> str:
    """Rows (and a header row first, if given) as CSV text with LF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header is not None:
        writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return out.getvalue()
