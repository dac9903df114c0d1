"""Everything `read_history` returns, as plain data, to compare two readers exactly.

Speeding up the history reader must not change a single date, version,
credit or warning; this dump is what "the same results" means, down to the
blob each revision was read from and the commit each change is credited to.
"""

from __future__ import annotations

import hashlib
from typing import Any

from handbook.history.git_repo import Commit
from handbook.history.policy_versions import History, Revision


def _commit(commit: Commit | None) -> dict[str, Any] | None:
    if commit is None:
        return None
    return {"hash": commit.hash, "authored": commit.authored.isoformat(),
            "author": commit.author, "message": commit.message,
            "parents": list(commit.parents), "withheld": commit.withheld}


def _revision(revision: Revision) -> dict[str, Any]:
    change = revision.change
    return {"commit": revision.commit.hash, "landed": revision.landed.hash,
            "status": change.status, "path": change.path, "old_path": change.old_path,
            "blob": change.blob, "data": hashlib.sha1(revision.data).hexdigest(),
            "version": str(revision.version) if revision.version else None,
            "doc_status": revision.status,
            "approved": revision.approved.isoformat() if revision.approved else None}


def dump(history: History) -> dict[str, Any]:
    """The whole result: every document's revisions, versions, dates and warnings."""
    commits: dict[str, Any] = {}
    documents = {}
    for path, found in history.documents.items():
        for revision in found.revisions:
            commits[revision.commit.hash] = _commit(revision.commit)
            commits[revision.landed.hash] = _commit(revision.landed)
        documents[path] = {
            "path": found.path,
            "created": _commit(found.created),
            "updated": _commit(found.updated),
            "revisions": [_revision(r) for r in found.revisions],
            "versions": [{
                "version": str(v.version), "status": v.status,
                "approved": v.approved.isoformat() if v.approved else None,
                "approved_by": v.approved_by, "change_summary": v.change_summary,
                "revisions": [found.revisions.index(r) for r in v.revisions],
                "in_force_from": v.in_force_from.isoformat() if v.in_force_from else None,
                "in_force_to": v.in_force_to.isoformat() if v.in_force_to else None,
            } for v in found.versions],
            "slips": [{"revision": found.revisions.index(s.revision), "what": s.sentence(),
                       "problem": s.problem.as_dict()} for s in found.slips],
        }
    return {"shallow": history.shallow, "commits": commits, "documents": documents,
            "problems": [p.as_dict() for p in history.problems]}
