"""`handbook training import` and `handbook training report`: staff training records.

Both read staff names, so run them only where staff data may be shown, as for
`handbook signoff`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from ..signoff.files import read_sign_off_files
from ..signoff.roster import Person
from ..training import (
    RECORDS_FILE,
    Course,
    CourseError,
    TrainingRegister,
    import_training,
    parse_courses,
    read_folder,
)
from .mkdocs_utils import ConfigError, Site


def _courses(site: Site) -> list[Course]:
    try:
        courses = parse_courses(site.plugin_options.get("training_courses"))
    except CourseError as error:
        raise ConfigError(str(error)) from error
    if not courses:
        raise ConfigError("set training_courses for the handbook plugin in mkdocs.yml first")
    return courses


def _people(site: Site, out: TextIO) -> list[Person] | None:
    """The roster, or None (after saying why) when it cannot be used at all."""
    roster = site.plugin_options.get("signoff_roster")
    found = read_sign_off_files(site.root, str(roster) if roster else None, None)
    for problem in found.problems:
        out.write(f"ERROR: {problem}\n")
    if found.unreadable:
        out.write("Stopped: fix the roster first.\n")
        return None
    return found.people


def training_import(site: Site, out: TextIO, files: list[str]) -> int:
    """Add training record CSVs (`name, course, completed_on`) to the training records folder.

    Each row is checked: the course is in `training_courses`, the date is a date
    and not in the future, the person is on the roster (if there is one), and
    the row is not already recorded. Good rows are added to `training.csv` in the
    folder, replaced atomically; every other row is reported with its file and
    line. Nothing is imported while a file in the folder has a damaged row.

    Returns:
        0 when every row was imported or already recorded, 1 otherwise.
    """
    options = site.plugin_options
    if not options.get("training_records"):
        raise ConfigError("set training_records for the handbook plugin in mkdocs.yml first")
    courses = _courses(site)
    shown_dir = str(options["training_records"])
    records_dir = site.root / shown_dir
    existing, damaged = read_folder(records_dir, shown_dir)
    if damaged:
        for problem in damaged:
            out.write(f"ERROR: {problem}\n")
        out.write("Stopped: fix the files above first (nothing was imported).\n")
        return 1
    people = _people(site, out)
    if options.get("signoff_roster") and people is None:
        return 1
    try:
        report = import_training([(Path(f), f) for f in files], records_dir, shown_dir,
                                 existing, courses, people, site.settings.as_of())
    except OSError as error:
        out.write(f"ERROR: {shown_dir}/{RECORDS_FILE}: could not be written "
                  f"({error.strerror}); it is unchanged and nothing was imported\n")
        return 1
    for problem in report.problems:
        out.write(f"ERROR: {problem}\n")
    for row, first in report.duplicates:
        out.write(f"SKIPPED: {row.where}: {row.name} already recorded for {row.course} on "
                  f"{row.completed_on.isoformat()} ({first})\n")
    target = report.target or records_dir / RECORDS_FILE
    out.write(f"{report.rows} rows read: {len(report.added)} records added to {target}, "
              f"{len(report.duplicates)} already recorded, {report.rejected} rows with "
              "problems\n")
    return 1 if report.problems else 0


def training_register(site: Site, out: TextIO, as_of: date) -> TrainingRegister | None:
    """The register from the options' roster, courses and records (None: cannot be built)."""
    options = site.plugin_options
    if not options.get("signoff_roster"):
        raise ConfigError("set signoff_roster for the handbook plugin in mkdocs.yml first")
    courses = _courses(site)
    people = _people(site, out)
    if people is None:
        return None
    shown_dir = str(options.get("training_records") or "")
    completions, problems = (read_folder(site.root / shown_dir, shown_dir) if shown_dir
                             else ([], []))
    for problem in problems:
        out.write(f"ERROR: {problem}\n")
    return TrainingRegister(people, courses, completions, as_of, site.settings.due_soon_days)


def training_report(site: Site, out: TextIO, *, as_of: date | None = None) -> int:
    """Print each course's currency and who is overdue, due soon or missing it.

    Shows staff names. Exits 1 when anyone is overdue or missing a course they
    need, or when a row of the roster or the records cannot be read.
    """
    register = training_register(site, out, as_of or site.settings.as_of())
    if register is None:
        return 1
    for course, current, needed in register.counts():
        renew = (f"renewed every {course.renew_every} months" if course.renew_every
                 else "taken once")
        out.write(f"{course.title} ({renew}; for {course.who}): {current} of {needed} "
                  "current\n")
        for cell in register.cells():
            if cell.course is course and cell.standing.value != "current":
                out.write(f"    {cell.person.name}: {cell.label.lower()}. {cell.sentence}\n")
    return 1 if register.needing_action() else 0
