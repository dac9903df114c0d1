"""Build-time benchmarks of the configurations users run: ours against plain Material.

A handbook starts as a copy of the starter (`handbook init`) or of the example,
so this builds their `mkdocs.yml` as they stand: the same theme, navigation
features, markdown extensions and plugins, over a synthetic handbook of N
documents (bench/generate.py, committed to git) in sections split into parts of
50. The example's configuration gets a nav generated for those sections (tabs,
section index pages, parts); the starter's has none, as it stands, so MkDocs
builds one from the folders.

Each configuration is built two ways, alternating, several runs each:

- plain Material: the same configuration without the handbook plugin and hooks;
- ours: the configuration as it stands (plugin and hooks, history included).

Each build runs in its own process, timed from an empty site folder with the
previous build's writes flushed to disk; its peak memory is that process's
maximum resident set size. The table shows medians, the average size of a
built page, and the targets: ours at most 1.05 times plain, growth from 1,000
to 2,000 documents at most 2.2 times, and 2,000 documents in under 60 s.

    python bench/run.py [--sizes 500 1000 2000] [--runs 3] [--config example|starter|both]
    python bench/run.py --features navigation.tabs navigation.prune   # compare navigations
    python bench/run.py --layout flat   # each part of 50 a top-level section
    python bench/run.py --without-history   # ours with `history: false`, for comparison

History adds a page of its own for every document (and one for each old version
and each change), which plain Material does not build; `--without-history` shows
what the rest of the plugin costs. The targets are for the configuration as it
stands, history included.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import yaml

from generate import generate, parts

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "plugins" / "handbook" / "starter"
# Where each configuration lives, and the folders next to it that its mkdocs.yml names.
SOURCES = {
    "example": (REPO, ("overrides", "hooks", "includes", "records")),
    "starter": (STARTER, ("overrides", "hooks", "records")),
}
# Without PYTHONDONTWRITEBYTECODE (set on some CI machines): an installed package
# is byte-compiled once, so the warm-up build compiles and the timed ones do not.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TODAY": "2026-12-01"}
# Runs one build as a child and reports its wall time, CPU time and peak memory (KB
# on Linux): RUSAGE_CHILDREN covers only that child (and the processes it forked and
# waited for), so the figures are the build's own. CPU time varies less than wall
# time on a machine shared with other work.
WRAPPER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "peak_kb": usage.ru_maxrss, "code": done.returncode,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "stderr": done.stderr[-4000:]}))
"""
TITLES = {"policies": "Policies", "procedures": "What to do", "guidance": "Guidance",
          "forms": "Forms", "lessons": "Lessons from case reviews"}
# Pages the plugin generates, as the example's nav lists them; plain Material has none.
REGISTER_NAV = {"Review register": "reviews/index.md"}
HISTORY_NAV = {"Policy history": ["history/index.md", "amendments/index.md",
                                  "inspection/index.md"]}
OURS_NAV = [REGISTER_NAV, HISTORY_NAV]


class _Tagged:
    """A YAML value with a tag MkDocs resolves (`!relative`, `!ENV`), kept as written."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged("!" + suffix, node))
_Dumper.add_representer(_Tagged, lambda dumper, value: _copy_node(value))


def _copy_node(value: _Tagged) -> yaml.Node:
    node = value.node
    return type(node)(value.tag, node.value)


def _nav(root: Path, ours: bool, flat: bool, history: bool = True) -> list[object]:
    """The example's shape: Home, one tab per section (index, then parts of 50), then ours.

    With `flat`, each part is a top-level section of its own, with its index page.
    """
    nav: list[object] = [{"Home": "index.md"}]
    for folder, sections in parts(root).items():
        if flat:
            nav += [{f"{TITLES[folder]} {number}": docs}
                    for number, docs in enumerate(sections.values(), start=1)]
            continue
        items: list[object] = []
        if (root / "docs" / folder / "index.md").exists():
            items.append(f"{folder}/index.md")
        elif folder == "lessons" and ours:
            items.append("lessons/index.md")
        items += [{f"Part {number}": docs}
                  for number, docs in enumerate(sections.values(), start=1)]
        nav.append({TITLES[folder]: items})
    if not ours:
        return nav
    return nav + (OURS_NAV if history else [REGISTER_NAV])


def write_configs(root: Path, which: str, features: list[str] | None,
                  flat: bool = False, history: bool = True) -> None:
    """ours.yml (the configuration as it stands) and plain.yml (without plugin and hooks).

    Without `history`, ours.yml turns the plugin's history off (and leaves its pages
    out of the nav).
    """
    source, folders = SOURCES[which]
    for name in folders:
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name, dirs_exist_ok=True)
    text = (source / "mkdocs.yml").read_text(encoding="utf-8")
    for ours in (True, False):
        config = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
        config["site_name"] = f"Benchmark handbook ({which})"
        if features is not None:
            config["theme"]["features"] = features
        if "nav" in config:
            config["nav"] = _nav(root, ours, flat, history)
        for plugin in config.get("plugins", []):
            # mkdocstrings (the example's reference pages) reads the repository's code.
            if isinstance(plugin, dict) and "mkdocstrings" in plugin:
                handler = plugin["mkdocstrings"]["handlers"]["python"]
                handler["paths"] = [str(REPO / path) for path in handler["paths"]]
        if not ours:
            config["plugins"] = [p for p in config["plugins"]
                                 if (p if isinstance(p, str) else next(iter(p))) != "handbook"]
            config.pop("hooks", None)
        elif not history:
            for plugin in config["plugins"]:
                if isinstance(plugin, dict) and "handbook" in plugin:
                    plugin["handbook"] = {**(plugin["handbook"] or {}), "history": False}
                elif plugin == "handbook":
                    config["plugins"][config["plugins"].index(plugin)] = {
                        "handbook": {"history": False}}
        (root / ("ours.yml" if ours else "plain.yml")).write_text(
            yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True),
            encoding="utf-8")


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    page_kb: float = 0.0
    pages: int = 0


def build(root: Path, config: str, site: Path) -> tuple[float, float, float]:
    """One build into an empty folder, as on a fresh clone or in CI.

    Returns wall seconds, CPU seconds and peak memory in MB.

    Emptying it is not timed: MkDocs would otherwise first delete whatever the
    previous build (of another configuration) left there, and charge that to
    this one. Nor is flushing the previous build's writes to disk, which would
    otherwise go on during this one.
    """
    shutil.rmtree(site, ignore_errors=True)
    os.sync()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-m", "mkdocs", "build", "-q",
         "-f", str(root / config), "-d", str(site)],
        check=True, env=ENV, cwd=root, capture_output=True, text=True,
    )
    result = json.loads(done.stdout)
    if result["code"]:
        raise SystemExit(f"{config} failed to build in {root}:\n{result['stderr']}")
    return result["seconds"], result["cpu"], result["peak_kb"] / 1024


def page_size(site: Path) -> tuple[float, int]:
    """Average size of a built HTML page in KB, and how many there are."""
    sizes = [path.stat().st_size for path in site.rglob("*.html")]
    return sum(sizes) / len(sizes) / 1024, len(sizes)


def measure(root: Path, runs: int) -> dict[str, Runs]:
    results = {"plain.yml": Runs(), "ours.yml": Runs()}
    site = root / "site"
    for config, result in results.items():  # warm the file cache and byte-compile once
        build(root, config, site)
        result.page_kb, result.pages = page_size(site)
    for _ in range(runs):
        for config, result in results.items():
            seconds, cpu, peak = build(root, config, site)
            result.seconds.append(seconds)
            result.cpu.append(cpu)
            result.peak_mb.append(peak)
    return results


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def report(results: dict[tuple[str, int], dict[str, Runs]], runs: int) -> None:
    print(f"\nBuild time (wall, and CPU), peak memory, median of {runs} runs; "
          "average page size\n")
    print("| config | N | plain Material | ours | ours/plain | CPU ours/plain | plain peak "
          "| ours peak | plain page | ours page |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    medians: dict[tuple[str, int], tuple[float, float]] = {}
    cpus: dict[tuple[str, int], tuple[float, float]] = {}
    for (which, size), result in results.items():
        plain, ours = result["plain.yml"], result["ours.yml"]
        p, o = statistics.median(plain.seconds), statistics.median(ours.seconds)
        medians[which, size] = (p, o)
        cpus[which, size] = (statistics.median(plain.cpu), statistics.median(ours.cpu))
        peaks = statistics.median(plain.peak_mb), statistics.median(ours.peak_mb)
        cpu = statistics.median(ours.cpu) / statistics.median(plain.cpu)
        print(f"| {which} | {size} | {p:.2f} s | {o:.2f} s | {o / p:.3f} | {cpu:.3f} | "
              f"{peaks[0]:.0f} MB | {peaks[1]:.0f} MB "
              f"| {plain.page_kb:.1f} KB | {ours.page_kb:.1f} KB |")
    print()
    for (which, size), (p, o) in medians.items():
        print(f"{which}, N={size}: ours/plain x{o / p:.3f} (target at most x1.05): "
              f"{_verdict(o / p <= 1.05)}")
    sizes = sorted({size for _, size in medians})
    for which in dict.fromkeys(which for which, _ in medians):
        for small, large in pairwise(sizes):
            if (which, small) not in medians or (which, large) not in medians:
                continue
            for index, name in ((0, "plain"), (1, "ours")):
                growth = medians[which, large][index] / medians[which, small][index]
                cpu = cpus[which, large][index] / cpus[which, small][index]
                # Linear time doubles with the documents; 2.2 allows for noise.
                target = (f" (target at most x2.2): {_verdict(growth <= 2.2)}"
                          if large == 2 * small else "")
                print(f"{which}, {name}, growth N={small} to N={large}: x{growth:.2f}{target}; "
                      f"by CPU time x{cpu:.2f}")
        if (which, 2000) in medians:
            seconds = medians[which, 2000][1]
            print(f"{which}, ours, N=2000: {seconds:.1f} s (target under 60 s): "
                  f"{_verdict(seconds < 60)}; CPU time {cpus[which, 2000][1]:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3,
                        help="timed builds per configuration and size; the median is kept "
                        "(shared machines vary by several per cent from one build to the next)")
    parser.add_argument("--config", choices=("example", "starter", "both"), default="both")
    parser.add_argument("--features", nargs="*", metavar="FEATURE",
                        help="replace theme.features in both builds, to compare navigations")
    parser.add_argument("--layout", choices=("parts", "flat"), default="parts",
                        help="parts of 50 inside each section (default), or each part a "
                        "top-level section of its own, as issue 18 measured")
    parser.add_argument("--without-history", action="store_true",
                        help="build ours with the plugin's history off (history/amendments/"
                        "inspection pages and a page per document and version), to see what "
                        "the rest costs; the targets are for history on")
    args = parser.parse_args()

    which = ("example", "starter") if args.config == "both" else (args.config,)
    results: dict[tuple[str, int], dict[str, Runs]] = {}
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        for size in args.sizes:
            for name in which:
                flat = args.layout == "flat"
                root = generate(Path(tmp) / f"{name}-n{size}", size, flat=flat)
                write_configs(root, name, args.features, flat, not args.without_history)
                results[name, size] = measure(root, args.runs)
                print(f"built {name} at N={size}", file=sys.stderr)
    if args.without_history:
        print("\nOurs with `history: false` (not what the targets are for).")
    report(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
