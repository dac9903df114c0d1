"""Build-time benchmarks: the handbook plugin and hooks against plain Material.

For each size N, a synthetic handbook (bench/generate.py, committed to git) is
built three ways, alternating, several runs each: plain Material; with the
plugin and hooks (validation, review panels, register and feeds) and history
off; and with everything, history included, which adds a page per document
(its history) plus the history index, amendments and inspection pages. The
table shows medians and ratios. Targets: the plugin and hooks cost at most 10%
at N=500, and time grows linearly (N=1000 at most 2.2 times N=500).

    python bench/run.py [--sizes 100 500 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate, write_configs

REPO = Path(__file__).resolve().parent.parent
HOOKS = sorted((REPO / "hooks").glob("*.py"))
PLUGIN_OPTIONS = "      fail_on: never\n"
# Without PYTHONDONTWRITEBYTECODE (set on some CI machines): an installed package
# is byte-compiled once, so the warm-up build compiles and the timed ones do not.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TODAY": "2026-12-01"}


def build_seconds(root: Path, config: str, site: Path) -> float:
    """One build into an empty folder, as on a fresh clone or in CI.

    Emptying it is not timed: MkDocs would otherwise first delete whatever the
    previous build (of another configuration) left there, and charge that to
    this one. Nor is flushing the previous build's writes to disk, which would
    otherwise go on during this one.
    """
    shutil.rmtree(site, ignore_errors=True)
    os.sync()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / config),
         "-d", str(site)],
        check=True, env=ENV, cwd=root, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def measure(root: Path, runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {"plain.yml": [], "handbook.yml": [], "history.yml": []}
    site = root / "site"
    for config in times:  # warm the file cache and byte-compile once
        build_seconds(root, config, site)
    for _ in range(runs):
        for config in times:
            times[config].append(build_seconds(root, config, site))
    return {config: statistics.median(values) for config, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--runs", type=int, default=7,
                        help="timed builds per configuration and size; the median is kept "
                        "(shared machines vary by several per cent from one build to the next)")
    args = parser.parse_args()

    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        for size in args.sizes:
            root = generate(Path(tmp) / f"n{size}", size)
            write_configs(root, size, PLUGIN_OPTIONS, HOOKS)
            results[size] = measure(root, args.runs)

    print(f"\nBuild time, median of {args.runs} runs (seconds)\n")
    print("| N | plain Material | handbook, history off | ratio | handbook, all | ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, medians in results.items():
        plain, ours, full = (medians[k] for k in ("plain.yml", "handbook.yml", "history.yml"))
        print(f"| {size} | {plain:.2f} | {ours:.2f} | {ours / plain:.3f} | {full:.2f} | "
              f"{full / plain:.3f} |")
    print()
    if 500 in results:
        overhead = results[500]["handbook.yml"] / results[500]["plain.yml"] - 1
        full = results[500]["history.yml"] / results[500]["plain.yml"] - 1
        print(f"Plugin and hooks at N=500: {overhead:+.1%} (target at most +10%): "
              f"{'met' if overhead <= 0.10 else 'NOT met'}")
        print(f"With history pages too (one more page per document): {full:+.1%}")
    if 500 in results and 1000 in results:
        for name, config in (("history off", "handbook.yml"), ("all", "history.yml")):
            growth = results[1000][config] / results[500][config]
            print(f"Growth N=500 to N=1000, {name}: x{growth:.2f} (target at most x2.2): "
                  f"{'met' if growth <= 2.2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
