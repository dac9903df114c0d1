"""The history reader gives exactly what it gave before it was made fast.

`history_same.json` holds the full result of `read_history` (see
`history_dump`) on six real repositories: renames with and without edits,
merges that resolve or bring in changes, a revert, a cherry-pick, a line whose
dates go backwards, messages naming staff, and a documentation-shaped
repository of large pages with front-matter-only edits and merged topic
branches. It was written by the reader as it stood before the speed-up
(commit da574ef), so any change to a date, version, credit, blob or warning
fails here. Commit hashes are replaced by names in order of appearance, so the
file does not depend on the hashes git gives on a given machine.

After a deliberate change to what the history says, rewrite the file with
`PYTHONPATH=plugins python tests/test_history_same.py` and review its diff.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.history.git_repo import Change, Commit, find_repo
from handbook.history.policy_versions import _UNREAD, Revision, read_history

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))

from history_dump import dump
from test_history_merges import make_backwards, make_branchy
from test_history_privacy import make_named

from history_repo import generate_docs
from history_scenario import make_awkward, make_scenario

GOLDEN = Path(__file__).with_name("history_same.json")


def make_pages(root: Path) -> None:
    generate_docs(root, pages=8, commits=400, seed=3)


REPOS: dict[str, Callable[[Path], object]] = {
    "scenario": make_scenario, "awkward": make_awkward, "branchy": make_branchy,
    "named": make_named, "backwards": make_backwards, "pages": make_pages}


def _named(message: str) -> bool:
    return "carter" in message.lower()


def _normalise(found: dict[str, Any]) -> dict[str, Any]:
    """The dump with each commit hash replaced by `commit-N`, N in order of appearance."""
    names: dict[str, str] = {}

    def name(sha: str | None) -> None:
        if sha and sha not in names:
            names[sha] = f"commit-{len(names) + 1}"

    for document in found["documents"].values():
        for revision in document["revisions"]:
            name(revision["commit"])
            name(revision["landed"])
        for key in ("created", "updated"):
            name((document[key] or {}).get("hash"))
    for sha in list(names):
        for parent in found["commits"].get(sha, {}).get("parents", []):
            name(parent)
    text = json.dumps(found, sort_keys=True)
    text = re.sub(r"\b[0-9a-f]{40}\b", lambda m: names.get(m.group(0), m.group(0)), text)
    short = {sha[:7]: label for sha, label in names.items()}
    text = re.sub(r"\b[0-9a-f]{7}\b", lambda m: short.get(m.group(0), m.group(0)), text)
    return json.loads(text)


def read_all(root: Path) -> dict[str, Any]:
    """Everything read_history says of every Markdown file in docs/ at HEAD."""
    listed = subprocess.run(["git", "ls-files", "docs"], cwd=root, capture_output=True,
                            text=True, check=True).stdout.split()
    paths = {path: path for path in listed if path.endswith(".md")}
    return _normalise(dump(read_history(find_repo(root), "docs", paths, _named)))


@pytest.mark.parametrize("name", sorted(REPOS))
def test_same_history_as_the_reader_it_replaced(name, tmp_path):
    REPOS[name](tmp_path / name)
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))[name]
    found = read_all(tmp_path / name)
    assert found["documents"].keys() == expected["documents"].keys()
    for path in expected["documents"]:
        assert found["documents"][path] == expected["documents"][path], path
    assert found == expected


def _revision(data: bytes) -> Revision:
    commit = Commit("0" * 40, datetime(2024, 1, 1, tzinfo=UTC), "A", "m")
    return Revision(commit, Change("M", "docs/a.md", None, "1" * 40), data)


_PIECES = st.sampled_from([
    b"review_by: 2025-01-01\n", b"approved: 2024-01-01\n", b"approved_by: Board\n",
    b"review_every: 12\n", b"version: 1.0\n", b"text ", b"word", b"\n", b"\r\n", b"]", b"(",
    b")", b"[link](a.md)", b"](b.md)", b"](c d)", b" ", b"---\n", b"x: review_by: 1\n"])
_TEXT = st.lists(_PIECES, max_size=30).map(b"".join)


@given(_TEXT, _TEXT, _TEXT, _TEXT, _TEXT)
def test_comparing_only_the_lines_between_is_the_whole_comparison(
        start, one, other, end, shared):
    """Trimming the lines two revisions share changes no answer (`_UNREAD` is per line)."""
    for a, b in ((start + one + end, start + other + end), (one, other),
                 (shared + one, shared + other), (one + shared, other + shared)):
        expected = _UNREAD.sub(b"", a) == _UNREAD.sub(b"", b)
        assert _revision(a).same_text_apart_from_review(_revision(b)) == expected


def write_golden() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        result = {}
        for name, make in sorted(REPOS.items()):
            make(Path(tmp) / name)
            result[name] = read_all(Path(tmp) / name)
    GOLDEN.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_golden()
