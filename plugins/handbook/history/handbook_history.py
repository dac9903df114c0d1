"""History for a whole handbook: the bridge from documents to git.

Both the plugin and `handbook history` / `handbook asof` call `read`, so the
site and the command line always agree on what a document's history is.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..handbook import Handbook
from ..model import Document, Status
from ..problems import Problem, Severity
from . import accepted
from .git_repo import GitError, find_repo
from .policy_versions import WITHHELD, DocumentHistory, VersionEntry, read_history

SHALLOW = ("the repository is a shallow clone, so policy history is incomplete and its dates "
           "may be wrong: fetch the full history (git fetch --unshallow; in GitHub Actions, "
           "actions/checkout with fetch-depth: 0)")


@dataclass
class HandbookHistory:
    """Each document's history by id, and what went wrong reading it."""

    by_id: dict[str, DocumentHistory] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    available: bool = False

    def get(self, doc_id: str) -> DocumentHistory | None:
        return self.by_id.get(doc_id)


def read(handbook: Handbook, docs_dir: str | os.PathLike[str], shown: str,
         accepted_file: Path | None = None,
         private: Callable[[str], bool] | None = None) -> HandbookHistory:
    """Read every document's history; never raises for a missing or shallow repository.

    `shown` is how the docs folder is named in messages. Warnings accepted in
    `accepted_file` (see `accepted`) are dropped, their slips marked accepted.
    `private` flags a commit message that names someone on the staff roster
    (see `withheld`).
    """
    try:
        repo = find_repo(docs_dir, shown)
        head = repo.head()
        if head is None:
            raise GitError(f"{shown} is in a git repository with no commits yet, so there is "
                           "no policy history: commit the handbook (git add, git commit)")
    except GitError as error:
        return HandbookHistory(problems=[Problem(shown, "history", str(error),
                                                 Severity.WARNING)])
    root = Path(docs_dir).resolve()
    paths = {os.path.relpath(root / doc.src_uri, repo.root).replace(os.sep, "/"): doc
             for doc in handbook.documents}
    pathspec = os.path.relpath(root, repo.root).replace(os.sep, "/")
    found = read_history(repo, pathspec, {path: doc.path for path, doc in paths.items()},
                         private, head)
    result = HandbookHistory(
        {doc.id: found.documents[path] for path, doc in paths.items()},
        list(found.problems), available=True)
    if found.shallow:
        result.problems.insert(0, Problem(shown, "history", SHALLOW, Severity.WARNING))
    if accepted_file is not None:
        _apply_accepted(handbook, result, accepted.read(accepted_file, accepted.FILE))
    _close_superseded(handbook, result)
    return result


def accepted_path(config_file: str | os.PathLike[str] | None) -> Path | None:
    """Where `history-accepted.yml` is: beside mkdocs.yml."""
    return Path(config_file).resolve().parent / accepted.FILE if config_file else None


def _apply_accepted(handbook: Handbook, history: HandbookHistory,
                    found: accepted.Accepted) -> None:
    dropped = set()
    for doc in handbook.documents:
        record = history.get(doc.id)
        for slip in record.slips if record else []:
            slip.accepted = found.find(slip.commit.hash, doc.id)
            if slip.accepted is not None:
                dropped.add(id(slip.problem))
    history.problems = [p for p in history.problems if id(p) not in dropped] + found.problems


def withheld(handbook: Handbook, history: HandbookHistory) -> list[Problem]:
    """A warning for each document commit whose message names someone on the roster.

    Public builds show "message withheld" in its place. The warning names the
    document and the commit, never the message, so it is safe in a public CI log.
    """
    problems = []
    for doc in handbook.documents:
        found = history.get(doc.id)
        seen: set[str] = set()
        for revision in reversed(found.revisions) if found else ():
            commit = revision.commit
            if not commit.withheld or commit.hash in seen:
                continue
            seen.add(commit.hash)
            problems.append(Problem(doc.path, "history", (
                f"the message of commit {commit.hash[:7]} ({commit.authored.date()}) names "
                f"someone on the staff roster, so public builds show \"{WITHHELD}\" in its "
                "place; keep names out of commit messages (git keeps them for good)"),
                Severity.WARNING))
    return problems


def _close_superseded(handbook: Handbook, history: HandbookHistory) -> None:
    """A superseded document stops being in force when its replacement starts."""
    for doc in handbook.documents:
        own, replacement = history.get(doc.id), history.get(doc.superseded_by or "")
        if doc.status is not Status.SUPERSEDED or not own or not own.versions or not replacement:
            continue
        last = own.versions[-1]
        starts = [v.in_force_from for v in replacement.versions if v.in_force_from and
                  last.in_force_from and v.in_force_from > last.in_force_from]
        if starts and (last.in_force_to is None or starts[0] < last.in_force_to):
            last.in_force_to = starts[0]


def in_force(handbook: Handbook, history: HandbookHistory, day: date) -> list[
        tuple[Document, VersionEntry | None]]:
    """Which version of each controlled document was in force on `day`."""
    rows = []
    for doc in handbook.controlled:
        found = history.get(doc.id)
        rows.append((doc, found.in_force_on(day) if found else None))
    return rows


def _commit(commit: Any) -> dict[str, Any] | None:
    if commit is None:
        return None
    return {"hash": commit.hash, "date": commit.authored.isoformat(),
            "timestamp": commit.timestamp}


def as_json(handbook: Handbook, history: HandbookHistory, *,
            internal: bool = False) -> dict[str, Any]:
    """The history of every document, for `handbook history --format json`.

    A message that names someone on the roster is withheld unless `internal`.
    """
    documents = []
    for doc in handbook.documents:
        found = history.get(doc.id) or DocumentHistory(doc.path)
        documents.append({
            "id": doc.id,
            "path": doc.path,
            "created": _commit(found.created),
            "updated": _commit(found.updated),
            "commits": [{
                **(_commit(r.commit) or {}),
                "author": r.commit.author,
                "message": WITHHELD if r.commit.withheld and not internal
                else r.commit.message,
                "withheld": r.commit.withheld,
                "path": r.path,
                "change": r.change.status,
                "version": str(r.version) if r.version else None,
            } for r in reversed(found.revisions)],
            "versions": [{
                "version": str(v.version),
                "status": v.status,
                "approved": v.approved.isoformat() if v.approved else None,
                "approved_by": v.approved_by,
                "change_summary": v.change_summary,
                "first_commit": _commit(v.first.commit),
                "last_commit": _commit(v.last.commit),
                "in_force_from": v.in_force_from.isoformat() if v.in_force_from else None,
                "in_force_to": v.in_force_to.isoformat() if v.in_force_to else None,
            } for v in found.versions],
            "accepted": [{
                "commit": slip.commit.hash,
                "what": slip.sentence(),
                "accepted": slip.accepted.accepted.isoformat(),
                "reason": slip.accepted.reason,
            } for slip in found.slips if slip.accepted is not None],
        })
    return {
        "available": history.available,
        "problems": [p.as_dict() for p in history.problems],
        "documents": documents,
    }
