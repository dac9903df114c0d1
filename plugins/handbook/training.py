"""Training records and currency: which courses each person needs, and how current they are.

Courses come from `mkdocs.yml` (the `training_courses` option); completed training
from CSV files (`name, course, completed_on`) in the `training_records` folder.
Like sign-off, these name staff, so only internal builds and the CLI read them.
A course's status uses the review dates' engine and words (`reviews.status_on`):
a renewal date is a review date for a person's training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from . import atomic, spreadsheet
from .dates import add_months, long_date, out_of_range, parse_iso_date
from .problems import Problem
from .reviews import REVIEW_TEXT, ReviewStatus, span, status_on
from .signoff.csvfiles import Row, append_rows, lacks_columns, read_header, read_table
from .signoff.roster import Person, name_key

COLUMNS = ("name", "course", "completed_on")
ALIASES = {"course_id": "course", "completed": "completed_on", "date": "completed_on"}
RECORDS_FILE = "training.csv"
_SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


class CourseError(ValueError):
    """The course list in mkdocs.yml is wrong; the message says where and how."""


@dataclass(frozen=True)
class Course:
    """One course: how often it is renewed (None: once is enough) and who needs it.

    Nobody named in `roles` or `applies_to` means everyone needs it.
    """

    id: str
    title: str
    renew_every: int | None = None
    roles: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = ()

    @property
    def everyone(self) -> bool:
        return not self.roles and not self.applies_to

    def needed_by(self, person: Person) -> bool:
        if self.everyone:
            return True
        return (name_key(person.role) in {name_key(r) for r in self.roles}
                or (person.group is not None
                    and name_key(person.group) in {name_key(g) for g in self.applies_to}))

    @property
    def who(self) -> str:
        """Who needs it, in words."""
        if self.everyone:
            return "everyone"
        return ", ".join([*self.roles, *self.applies_to])


def parse_courses(raw: Any) -> list[Course]:
    """The `training_courses` option, checked; CourseError names the course and the key."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise CourseError("training_courses: expected a list of courses, each with an id and "
                          "a title")
    courses: list[Course] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        where = f"training_courses, course {number}"
        if not isinstance(item, dict):
            raise CourseError(f"{where}: expected keys id, title, renew_every, roles, "
                              "applies_to")
        unknown = sorted(set(item) - {"id", "title", "renew_every", "roles", "applies_to"})
        if unknown:
            raise CourseError(f"{where}: unknown key {unknown[0]!r} (expected id, title, "
                              "renew_every, roles, applies_to)")
        course_id = item.get("id")
        if not isinstance(course_id, str) or not course_id or set(course_id) - _SLUG_CHARS:
            raise CourseError(f"{where}: id: expected lowercase words joined by hyphens, "
                              f"like dsl-training, got {course_id!r}")
        where = f"training_courses, {course_id}"
        if course_id in seen:
            raise CourseError(f"{where}: id: listed twice; each course needs its own id")
        seen.add(course_id)
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise CourseError(f"{where}: title: expected the course's name")
        renew = item.get("renew_every")
        if renew is not None and (isinstance(renew, bool) or not isinstance(renew, int)
                                  or not 1 <= renew <= 240):
            raise CourseError(f"{where}: renew_every: expected a number of months from 1 to "
                              f"240, or leave it out for a course taken once, got {renew!r}")
        lists = {}
        for key in ("roles", "applies_to"):
            value = item.get(key) or []
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                      for v in value):
                raise CourseError(f"{where}: {key}: expected a list of names, like "
                                  "[Nursery Manager]")
            lists[key] = tuple(v.strip() for v in value)
        courses.append(Course(course_id, title.strip(), renew, lists["roles"],
                              lists["applies_to"]))
    return courses


@dataclass(frozen=True)
class Completion:
    """One row of a training record: someone completed a course on a day."""

    name: str
    course: str
    completed_on: date
    path: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def key(self) -> tuple[str, str, date]:
        return (name_key(self.name), self.course, self.completed_on)


def parse_row(row: Row) -> tuple[Completion | None, Problem | None]:
    name, course, day = row.get("name"), row.get("course"), row.get("completed_on")
    if not name:
        return None, row.problem("name", "is empty")
    if not course:
        return None, row.problem("course", f"is empty for {name}")
    completed = parse_iso_date(day)
    if completed is None:
        return None, row.problem("completed_on", f"expected a date like 2026-09-01, got "
                                                 f"{day!r}")
    if out_of_range(completed):
        return None, row.problem("completed_on", f"expected {out_of_range(completed)}")
    return Completion(name, course, completed, row.path, row.line), None


def read_file(path: Path, shown: str) -> tuple[list[Completion], list[Problem], int]:
    """The completions of one file, the problems of its other rows, and its number of data rows."""
    table = read_table(path, shown, required=COLUMNS, aliases=ALIASES)
    found: list[Completion] = []
    problems = list(table.problems)
    for row in table.rows:
        completion, problem = parse_row(row)
        if problem:
            problems.append(problem)
        elif completion is not None:  # parse_row returns one or the other
            found.append(completion)
    return found, problems, table.count


def read_folder(folder: Path, shown: str) -> tuple[list[Completion], list[Problem]]:
    found: list[Completion] = []
    problems: list[Problem] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.csv")):
            rows, trouble, _ = read_file(path, f"{shown}/{path.name}")
            found += rows
            problems += trouble
    return found, problems


class Standing(StrEnum):
    """Where one person stands on one course, worst first."""

    MISSING = "missing"
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    CURRENT = "current"


STANDING_LABELS = {Standing.MISSING: "Missing", Standing.OVERDUE: "Overdue",
                   Standing.DUE_SOON: "Due soon", Standing.CURRENT: "Current"}


@dataclass(frozen=True)
class Currency:
    """One person's position on one course they need, as of one day."""

    person: Person
    course: Course
    completed_on: date | None
    renew_by: date | None
    standing: Standing
    as_of: date

    @property
    def label(self) -> str:
        return STANDING_LABELS[self.standing]

    @property
    def review_label(self) -> str:
        """The label the register shows: the review dates' own, as the browser re-computes it."""
        if self.standing is Standing.MISSING:
            return self.label
        return ReviewStatus(self.standing.value).label

    @property
    def sentence(self) -> str:
        """In the review dates' words, with "Renewal" for "Review"."""
        if self.completed_on is None:
            return "No record of this course."
        if self.renew_by is None:
            return f"Completed {long_date(self.completed_on)}; no renewal needed."
        status = ReviewStatus(self.standing.value)
        days = (self.renew_by - self.as_of).days
        when = (REVIEW_TEXT["today"] if days == 0 else REVIEW_TEXT["tomorrow"] if days == 1
                else REVIEW_TEXT["in-days"].format(days=days))
        return REVIEW_TEXT[status.value].format(
            span=span(self.renew_by, self.as_of), when=when, date=long_date(self.renew_by))


@dataclass
class TrainingRegister:
    """Each active person against each course they need."""

    people: list[Person]
    courses: list[Course]
    completions: list[Completion]
    as_of: date
    due_soon_days: int
    rows: list[tuple[Person, list[Currency | None]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        latest: dict[tuple[str, str], date] = {}
        for c in self.completions:
            key = (name_key(c.name), c.course)
            if c.completed_on <= self.as_of and c.completed_on > latest.get(key, date.min):
                latest[key] = c.completed_on
        for person in sorted((p for p in self.people if p.active), key=lambda p: p.name):
            cells: list[Currency | None] = []
            for course in self.courses:
                if not course.needed_by(person):
                    cells.append(None)
                    continue
                done = latest.get((person.key, course.id))
                cells.append(self._currency(person, course, done))
            self.rows.append((person, cells))

    def _currency(self, person: Person, course: Course, done: date | None) -> Currency:
        if done is None:
            return Currency(person, course, None, None, Standing.MISSING, self.as_of)
        if course.renew_every is None:
            return Currency(person, course, done, None, Standing.CURRENT, self.as_of)
        renew_by = add_months(done, course.renew_every)
        standing = Standing(status_on(renew_by, self.as_of, self.due_soon_days).value)
        return Currency(person, course, done, renew_by, standing, self.as_of)

    def cells(self) -> list[Currency]:
        return [cell for _, cells in self.rows for cell in cells if cell is not None]

    def needing_action(self) -> list[Currency]:
        """Everyone overdue or missing a course they need."""
        return [c for c in self.cells() if c.standing in (Standing.MISSING, Standing.OVERDUE)]

    def counts(self) -> list[tuple[Course, int, int]]:
        """(course, current, needed) per course: counts only, for the inspection pack."""
        result = []
        for number, course in enumerate(self.courses):
            needed = [cells[number] for _, cells in self.rows if cells[number] is not None]
            current = sum(1 for c in needed if c and c.standing in (Standing.CURRENT,
                                                                    Standing.DUE_SOON))
            result.append((course, current, len(needed)))
        return result


@dataclass
class TrainingImport:
    """Where every row went: added, already recorded, or rejected with a problem naming its line."""

    rows: int = 0
    added: list[Completion] = field(default_factory=list)
    duplicates: list[tuple[Completion, str]] = field(default_factory=list)
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    target: Path | None = None


def import_training(files: Sequence[tuple[Path, str]], records_dir: Path, shown_dir: str,
                    existing: list[Completion], courses: list[Course],
                    people: list[Person] | None, today: date) -> TrainingImport:
    """Check each row (known course, person on the roster, date not in the future), then
    add the good ones to `training.csv` in the records folder, atomically."""
    report = TrainingImport()
    seen = {c.key: c.where for c in existing}
    known = {c.id: c for c in courses}
    roster = {p.key: p for p in people} if people is not None else None
    for path, shown in files:
        found, trouble, count = read_file(path, shown)
        report.rows += count
        report.rejected += count - len(found)
        report.problems += trouble
        for completion in found:
            issue = _issue(completion, known, roster, today)
            if issue:
                report.rejected += 1
                report.problems.append(Problem(completion.path, issue[0], issue[1],
                                               line=completion.line))
            elif completion.key in seen:
                report.duplicates.append((completion, seen[completion.key]))
            else:
                seen[completion.key] = completion.where
                report.added.append(completion)
    if report.added:
        _append(records_dir, f"{shown_dir}/{RECORDS_FILE}", report)
    return report


def _issue(completion: Completion, courses: dict[str, Course],
           roster: dict[str, Person] | None, today: date) -> tuple[str, str] | None:
    if completion.course not in courses:
        return "course", (f"no course has the id {completion.course!r} (the courses: "
                          f"{', '.join(sorted(courses)) or 'none yet'}): add it to "
                          "training_courses in mkdocs.yml, or correct the id")
    if completion.completed_on > today:
        return "completed_on", (f"{completion.completed_on.isoformat()} is in the future "
                                f"(today is {today.isoformat()}): correct the date")
    if roster is not None and name_key(completion.name) not in roster:
        return "name", (f"{completion.name!r} is not on the staff roster: add them to the "
                        "roster first, or correct the spelling")
    return None


def _rows(completions: list[Completion], columns: Sequence[str]) -> list[list[str]]:
    values = {"name": lambda c: c.name, "course": lambda c: c.course,
              "completed_on": lambda c: c.completed_on.isoformat()}
    return [[values[col](c) if col in values else "" for col in columns] for c in completions]


def _append(records_dir: Path, shown: str, report: TrainingImport) -> None:
    """Add the rows to the records file in the order of its own columns, atomically."""
    target = records_dir / RECORDS_FILE
    if not target.exists() or target.stat().st_size == 0:
        records_dir.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(target, spreadsheet.to_csv(_rows(report.added, COLUMNS),
                                                      COLUMNS).encode("utf-8"))
        report.target = target
        return
    columns = read_header(target, ALIASES)
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        report.problems.append(lacks_columns(shown, missing, len(report.added)))
        report.rejected += len(report.added)
        report.added = []
        return
    old = target.read_bytes()
    append_rows(target, old, spreadsheet.to_csv(_rows(report.added, columns)))
    report.target = target
