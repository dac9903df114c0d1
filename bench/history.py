"""History benchmark: the history core against bare git log and the peer plugin.

Two generated repositories (bench/history_repo.py):

- synthetic: 1,000 small documents in 5,000 commits, every commit a document change;
- documentation-shaped: about 96 large pages (tens of KB) in one folder, 6,700
  commits of which about two in three change other folders only, renames,
  front-matter-only edits and merged topic branches, like a real docs project.

For each it times, median of several runs, the bare and ours interleaved so a
busy machine slows both alike:

- a bare `git log -M --name-status` over the docs folder (the floor: one pass);
- the handbook's history core (`read_history`: one `git log --raw` and one
  `git cat-file --batch`, every version of every document);
- the peer plugin's own `on_files` (mkdocs-git-revision-date-localized-plugin),
  which runs two `git log --follow` per file (creation and last-update dates);

checks that both tools give every file the same created and last-updated
commit, and prints a table. CPU seconds (ours and git's, children included)
are shown beside wall time: on a shared machine they vary far less.
Targets: at least 50 times faster than the peer, within 2 times of the bare git log.

`--repo` adds a real repository (a clone of it, with its docs folder in
`docs/`; nothing in it is written), such as the one issue 18 measured,
squidfunk/mkdocs-material (96 pages, 6,757 commits).

    python bench/history.py [--documents 1000] [--commits 5000] [--runs 7] [--repo PATH]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handbook.history.git_repo import find_repo
from handbook.history.policy_versions import read_history

from history_repo import generate, generate_docs

PEER_CONFIG = """\
site_name: History benchmark
docs_dir: {docs}
plugins:
  - git-revision-date-localized:
      enable_creation_date: true
"""


def _cpu() -> float:
    """CPU seconds used so far by this process and the git processes it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall seconds, CPU seconds and the result of one run of `action`."""
    cpu, start = _cpu(), time.perf_counter()
    result = action()
    return time.perf_counter() - start, _cpu() - cpu, result


def interleaved(actions: list[Callable[[], Any]], runs: int) -> list[tuple[float, float, Any]]:
    """Median wall and CPU seconds of each action, run in turn `runs` times, and its last result.

    Only the last result is kept: holding every run's (a history holds every
    revision's text) would time the garbage collector walking them.
    """
    times: list[list[tuple[float, float]]] = [[] for _ in actions]
    results: list[Any] = [None] * len(actions)
    for _ in range(runs):
        for index, action in enumerate(actions):
            results[index] = None
            wall, cpu, results[index] = timed(action)
            times[index].append((wall, cpu))
    return [(statistics.median(t[0] for t in found), statistics.median(t[1] for t in found),
             result) for found, result in zip(times, results, strict=True)]


def bare_log(root: Path) -> None:
    """The floor: one pass of git over the docs folder, listing each commit's files."""
    subprocess.run(["git", "log", "-M", "--name-status", "--", "docs"], cwd=root, check=True,
                   capture_output=True)


def peer(config_file: Path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(config_file))
    plugin = config.plugins["git-revision-date-localized"]
    plugin.on_config(config)
    plugin.on_files(get_files(config), config)
    return plugin.created_commits, plugin.last_revision_commits


def measure(name: str, root: Path, runs: int, peer_runs: int) -> tuple[list[str], bool]:
    """Table rows for one repository, and whether both tools agree on every file."""
    repo = find_repo(root)
    paths = {p.relative_to(root).as_posix(): "" for p in (root / "docs").rglob("*.md")}
    read_history(repo, "docs", paths)  # warm the disk cache for both
    (bare, bare_cpu, _), (ours, ours_cpu, history) = interleaved(
        [lambda: bare_log(root), lambda: read_history(repo, "docs", paths)], runs)
    # The peer's config sits outside the repository, so a real clone is left as it was.
    with tempfile.TemporaryDirectory(prefix="handbook-history-peer-") as folder:
        config_file = Path(folder) / "mkdocs.yml"
        config_file.write_text(PEER_CONFIG.format(docs=json.dumps(str(root / "docs"))),
                               encoding="utf-8")
        [(theirs, theirs_cpu, (created, updated))] = interleaved(
            [lambda: peer(config_file)], peer_runs)
    same = 0
    for path, found in history.documents.items():
        key = str((root / path).absolute())
        if ((found.created.hash, found.created.timestamp) == tuple(created[key]) and
                (found.updated.hash, found.updated.timestamp) == tuple(updated[key])):
            same += 1
    commits = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root,
                                 capture_output=True, text=True, check=True).stdout)
    revisions = sum(len(d.revisions) for d in history.documents.values())
    size = sum((root / p).stat().st_size for p in paths) // len(paths) // 1024
    rows = [
        f"| {name}: {len(paths)} documents (about {size} KB), {commits} commits, "
        f"{revisions} revisions | | | | |",
        f"| git log -M --name-status (bare) | {bare:.3f} | 1.00 | {bare_cpu:.3f} | 1.00 |",
        f"| handbook history core | {ours:.3f} | {ours / bare:.2f} | {ours_cpu:.3f} | "
        f"{ours_cpu / bare_cpu:.2f} |",
        f"| git-revision-date-localized (on_files) | {theirs:.3f} | {theirs / bare:.2f} | "
        f"{theirs_cpu:.3f} | {theirs_cpu / bare_cpu:.2f} |",
        f"| **peer / ours** | **x{theirs / ours:.0f}** "
        f"({'met' if theirs / ours >= 50 else 'NOT met'}) | | | |",
        f"| **ours / bare git log** | **x{ours / bare:.2f}** "
        f"({'met' if ours / bare <= 2 else 'NOT met'}) | | | |",
        f"| same created and last-updated as the peer | {same} of {len(paths)} | | | |",
    ]
    return rows, same == len(paths)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=96)
    parser.add_argument("--docs-commits", type=int, default=6700)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--peer-runs", type=int, default=1)
    parser.add_argument("--repo", type=Path, action="append", default=[],
                        help="also measure this clone of a real repository (docs in docs/)")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    rows, agree = [], True
    with tempfile.TemporaryDirectory(prefix="handbook-history-bench-") as tmp:
        for name, make in (
                ("synthetic", lambda root: generate(root, args.documents, args.commits)),
                ("documentation-shaped",
                 lambda root: generate_docs(root, args.pages, args.docs_commits))):
            start = time.perf_counter()
            root = make(Path(tmp) / name)
            print(f"generated the {name} repository in {time.perf_counter() - start:.1f} s",
                  file=sys.stderr)
            found, same = measure(name, root, args.runs, args.peer_runs)
            rows += found
            agree = agree and same
        for root in args.repo:
            # Reported, not required: on a real repository the peer's `git log --follow`
            # can take another file for a page's earlier name (see the README).
            found, _ = measure(f"{root.resolve().name} (real)", root.resolve(), args.runs,
                               args.peer_runs)
            rows += found

    print(f"\nHistory: median of {args.runs} runs ({args.peer_runs} for the peer); "
          "bare git log and ours interleaved\n")
    print("| reader | wall s | vs bare | CPU s | vs bare |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(rows))
    print("\nTargets: peer / ours at least x50; ours / bare git log at most x2 (wall).")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
