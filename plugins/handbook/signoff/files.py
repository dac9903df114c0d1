"""Reading the roster and the records folder the plugin options name, for the build and the CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, Severity
from .csvfiles import FileProblem
from .records import Record, read_folder
from .roster import Person, name_finder, read_roster, roster_names


@dataclass
class SignOffFiles:
    """What the roster and the records say, and what is wrong with them.

    `people` is None when no roster is set. A missing records folder means no
    records yet.
    """

    people: list[Person] | None = None
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Rows of the records folder that could not be read: a record that would be
    # lost, or imported twice, if nobody fixed it.
    damaged: list[Problem] = field(default_factory=list)

    @property
    def unreadable(self) -> list[Problem]:
        """Problems that made a whole file unusable (missing, unreadable, wrong columns)."""
        return [p for p in self.problems if isinstance(p, FileProblem)]


def read_sign_off_files(base: Path, roster: str | None, records: str | None) -> SignOffFiles:
    """Read `roster` (a CSV file) and `records` (a folder of CSV files), both relative to `base`.

    Paths in problems are the option values as written in mkdocs.yml.
    """
    found = SignOffFiles()
    if roster:
        path = base / roster
        if not path.exists():
            found.problems.append(FileProblem(roster, None, "does not exist: set signoff_roster "
                                              "to the staff roster CSV", Severity.WARNING))
        else:
            found.people, problems = read_roster(path, roster)
            found.problems += problems
    if records and (base / records).is_dir():
        found.records, problems = read_folder(base / records, records)
        found.problems += problems
        found.damaged = problems
    return found


def names_finder(base: Path, roster: str | None) -> Callable[[str], bool] | None:
    """Whether a text names someone on the roster; None without a readable roster.

    Public builds read the roster for this alone, to withhold commit messages
    that name staff; the names go nowhere, and the roster's problems (which
    quote names) are left to the internal build and `handbook check`.
    """
    if not roster or not (base / roster).is_file():
        return None
    names = roster_names(base / roster, roster)
    return name_finder(names) if names else None
