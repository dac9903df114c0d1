"""The staff roster: who works here, since when, and which documents apply to them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..dates import out_of_range, parse_iso_date
from ..problems import Problem
from .csvfiles import read_table

COLUMNS = ("name", "role", "started", "active")
_YES = {"yes", "y", "true", "1", "active"}
_NO = {"no", "n", "false", "0", "inactive", "left"}


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    started: date
    active: bool
    group: str | None = None

    @property
    def key(self) -> str:
        return name_key(self.name)


def name_key(name: str) -> str:
    """Names match whatever their case and spacing: 'Sam  Patel' is 'sam patel'."""
    return " ".join(name.lower().split())


def roster_names(path: Path, shown: str) -> list[str]:
    """Every name in the roster's name column, even on rows with other problems."""
    table = read_table(path, shown, required=("name",))
    return [name for row in table.rows if (name := row.get("name"))]


def read_roster(path: Path, shown: str) -> tuple[list[Person], list[Problem]]:
    table = read_table(path, shown, required=COLUMNS,
                       aliases={"applies_to": "group", "staff_group": "group"})
    rows, problems = table.rows, table.problems
    people: list[Person] = []
    seen: dict[str, int] = {}
    for row in rows:
        name, role = row.get("name"), row.get("role")
        started = parse_iso_date(row.get("started"))
        active = row.get("active").lower()
        if not name:
            problems.append(row.problem("name", "is empty"))
            continue
        if not role:
            problems.append(row.problem("role", f"is empty for {name}"))
            continue
        if started is None:
            problems.append(row.problem("started", f"expected a date like 2026-09-01, got "
                                                   f"{row.get('started')!r}"))
            continue
        if out_of_range(started):
            problems.append(row.problem("started", f"expected {out_of_range(started)}"))
            continue
        if active not in _YES | _NO:
            problems.append(row.problem("active", f"expected yes or no, got "
                                                  f"{row.get('active')!r}"))
            continue
        key = name_key(name)
        if key in seen:
            problems.append(row.problem("name", f"{name!r} is already on line {seen[key]}; "
                                                "each person needs one row"))
            continue
        seen[key] = row.line
        people.append(Person(name, role, started, active in _YES, row.get("group") or None))
    return people, problems


def name_finder(names: Iterable[str]) -> Callable[[str], bool]:
    """Whether a text contains any of `names`, matched as `name_key` matches names.

    Used to keep commit messages that name staff out of public builds: a full
    name, in any case and spacing, as whole words ("Sam Patel" and "SAM
    patel", not "Samantha Patel").
    """
    keys = sorted({name_key(name) for name in names} - {""}, key=len, reverse=True)
    if not keys:
        return lambda text: False
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        r"\s+".join(map(re.escape, key.split(" "))) for key in keys) + r")(?!\w)",
        re.IGNORECASE)
    return lambda text: pattern.search(text) is not None
