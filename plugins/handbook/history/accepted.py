"""History warnings a manager has accepted, kept in `history-accepted.yml`.

A commit that changed a document's text without a new version stays in git
for ever: rewriting history to hide it would destroy the audit trail. Instead
`handbook history accept` records that someone looked at the slip and why it
is acceptable. The file sits beside mkdocs.yml and is committed like any other
change, so the acceptance is itself part of the record; the warning goes, and
the document's history page shows the slip and its acceptance openly.

The format, one entry per commit and document::

    accepted:
      - commit: 3f2a9c1e...        # the full hash (7 or more characters also match)
        document: online-safety    # the document's id
        accepted: 2026-12-03       # the day it was accepted
        reason: Spelling corrected; nothing staff do changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .. import atomic
from ..dates import parse_iso_date
from ..problems import Problem, Severity

FILE = "history-accepted.yml"
_HEADER = ("# History warnings accepted with `handbook history accept COMMIT [ID] --reason "
           "TEXT`.\n# Each entry: the commit, the document's id, the day and the reason. "
           "Keep this file in git.\n")


@dataclass(frozen=True)
class Acceptance:
    commit: str
    document: str
    accepted: date
    reason: str

    def covers(self, commit: str, document: str) -> bool:
        return document == self.document and len(self.commit) >= 7 and \
            commit.startswith(self.commit.lower())


@dataclass
class Accepted:
    """The accepted warnings, and what was wrong with the file (as warnings)."""

    entries: list[Acceptance] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def find(self, commit: str, document: str) -> Acceptance | None:
        return next((a for a in self.entries if a.covers(commit, document)), None)


def read(path: Path | None, shown: str = FILE) -> Accepted:
    """The entries of `path`; a missing file accepts nothing."""
    found = Accepted()
    if path is None or not path.exists():
        return found

    def problem(message: str) -> None:
        found.problems.append(Problem(shown, "accepted", message, Severity.WARNING))

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problem(f"cannot be read, so no history warning is accepted: {error}")
        return found
    items = data.get("accepted") if isinstance(data, dict) else None
    if data is not None and not isinstance(items, list):
        problem("expected a list under 'accepted:' (see handbook history accept)")
        return found
    for number, item in enumerate(items or [], start=1):
        if not isinstance(item, dict):
            problem(f"entry {number} is not a commit, document, accepted and reason")
            continue
        commit, document = str(item.get("commit") or ""), str(item.get("document") or "")
        day = item.get("accepted")
        day = day if isinstance(day, date) else parse_iso_date(str(day or ""))
        reason = str(item.get("reason") or "").strip()
        missing = [name for name, value in (("commit", len(commit) >= 7), ("document", document),
                                            ("accepted", day), ("reason", reason)) if not value]
        if missing or day is None:
            problem(f"entry {number} needs {', '.join(missing)} (commit: 7 or more characters "
                    "of the hash, accepted: YYYY-MM-DD), so it accepts nothing")
            continue
        found.entries.append(Acceptance(commit, document, day, reason))
    return found


def write(path: Path, entries: list[Acceptance]) -> None:
    """Write every entry to `path`, atomically, oldest first."""
    items = [{"commit": a.commit, "document": a.document, "accepted": a.accepted,
              "reason": a.reason} for a in entries]
    text = _HEADER + yaml.safe_dump({"accepted": items}, sort_keys=False, allow_unicode=True,
                                    width=100)
    atomic.write_text(path, text)
