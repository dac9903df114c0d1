"""History benchmark: the history core against mkdocs-git-revision-date-localized-plugin.

On a generated repository (bench/history_repo.py; 1,000 documents, 5,000
commits by default) it times, median of several runs:

- a bare `git log --name-status` over the docs folder (the floor: one pass);
- the handbook's history core (`read_history`: one `git log --raw` and one
  `git cat-file --batch`, every version of every document);
- the peer plugin's own `on_files`, which runs two `git log --follow` per file
  in a process pool (creation and last-update dates);

checks that both tools give every file the same created and last-updated
commit, and prints a table. Targets: at least 10 times faster than the peer,
within 2 times of the bare `git log`.

    python bench/history.py [--documents 1000] [--commits 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handbook.history.git_utils import find_repo
from handbook.history.versions import read_history

from history_repo import generate

PEER_CONFIG = """\
site_name: History benchmark
plugins:
  - git-revision-date-localized:
      enable_creation_date: true
"""


def median_time(action, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bare_log(root: Path) -> None:
    subprocess.run(["git", "log", "--name-status", "--", "docs"], cwd=root, check=True,
                   capture_output=True)


def peer(root: Path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["git-revision-date-localized"]
    plugin.on_config(config)
    plugin.on_files(get_files(config), config)
    return plugin.created_commits, plugin.last_revision_commits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peer-runs", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    with tempfile.TemporaryDirectory(prefix="handbook-history-bench-") as tmp:
        root = generate(Path(tmp) / "repo", args.documents, args.commits)
        (root / "mkdocs.yml").write_text(PEER_CONFIG, encoding="utf-8")
        repo = find_repo(root)
        paths = {p.relative_to(root).as_posix(): "" for p in (root / "docs").rglob("*.md")}

        bare, _ = median_time(lambda: bare_log(root), args.runs)
        ours, history = median_time(lambda: read_history(repo, "docs", paths), args.runs)
        theirs, (created, updated) = median_time(lambda: peer(root), args.peer_runs)

        same = 0
        for path, found in history.documents.items():
            key = str((root / path).absolute())
            if ((found.created.hash, found.created.timestamp) == tuple(created[key]) and
                    (found.updated.hash, found.updated.timestamp) == tuple(updated[key])):
                same += 1
        versions = sum(len(d.versions) for d in history.documents.values())

    print(f"\nHistory of {args.documents} documents in {args.commits} commits "
          f"({versions} versions); median of {args.runs} runs "
          f"({args.peer_runs} for the peer)\n")
    print("| reader | seconds | vs bare git log |")
    print("|---|---:|---:|")
    print(f"| git log --name-status (bare) | {bare:.3f} | 1.00 |")
    print(f"| handbook history core | {ours:.3f} | {ours / bare:.2f} |")
    print(f"| git-revision-date-localized (on_files) | {theirs:.3f} | {theirs / bare:.2f} |")
    print()
    print(f"Same created and last-updated commit: {same} of {len(paths)} documents")
    print(f"Faster than the peer: x{theirs / ours:.1f} (target at least x10): "
          f"{'met' if theirs / ours >= 10 else 'NOT met'}")
    print(f"Against bare git log: x{ours / bare:.2f} (target at most x2): "
          f"{'met' if ours / bare <= 2 else 'NOT met'}")
    return 0 if same == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
