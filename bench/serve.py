"""Rebuild time under `mkdocs serve`: a one-line edit to one document.

Target (issue 18): ours takes at most 1.1x what plain Material takes for the
same edit, with the same configuration.

Each site runs in its own worker process that does what `mkdocs serve` does
(mkdocs/commands/serve.py, MkDocs 1.6): it loads the configuration, calls
`on_startup(command="serve")` once, builds, and then, for each rebuild, loads
the configuration afresh and calls `build(config, serve_url=..., dirty=False)`.
Loading keeps the instance of every plugin that defines `on_startup` (MkDocs'
plugin cache), which is what lets ours keep its caches between rebuilds. Only
the rebuild is timed, configuration loading included, as serve's builder does.

The parent edits one line of one document and asks the workers in turn (plain,
ours, plain, ...), so noise from other work on the machine falls on both.

Sites: the example handbook (a clone of this repository, so its history is
real) and a synthetic handbook of N documents (bench/generate.py).

    python bench/serve.py [--size 500] [--runs 7] [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from run import write_configs

from generate import generate

REPO = Path(__file__).resolve().parent.parent
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TODAY": "2026-12-01"}
# The example's edited document: a policy with history, sign-off and related documents.
EXAMPLE_DOC = "docs/policies/child-protection.md"
SYNTHETIC_DOC = "docs/policies/part-01/policy-0003.md"


def serve_worker(config_file: str, profile: str | None) -> None:
    """Build as `mkdocs serve` does; rebuild for each line on stdin, print the seconds."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import _serve_url

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config():  # serve.py's own, with its defaults
        return load_config(config_file=config_file, site_dir=site_dir)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
    config.site_url = serve_url

    def builder(config=None) -> None:
        if config is None:
            config = get_config()
            config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=False)

    builder(config)
    profiler = cProfile.Profile() if profile else None
    print("ready", flush=True)
    for _ in sys.stdin:
        start, cpu = time.perf_counter(), _cpu()
        if profiler:
            profiler.enable()
        builder()
        if profiler:
            profiler.disable()
        print(f"{time.perf_counter() - start:.4f} {_cpu() - cpu:.4f}", flush=True)
    if profiler and profile:
        profiler.dump_stats(profile)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)


def _cpu() -> float:
    """CPU seconds of this process and the processes it waited for (git).

    Seven other jobs share this machine's two cores: wall time says what an
    author waits, CPU time is steadier for comparing the two sites.
    """
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Worker:
    """A serving site in its own process (so each has its own plugin cache)."""

    def __init__(self, root: Path, config: str, profile: str | None = None) -> None:
        args = [sys.executable, __file__, "--worker", str(root / config)]
        if profile:
            args += ["--profile-out", profile]
        self.process = subprocess.Popen(args, cwd=root, env=ENV, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._read()  # "ready": the first build is done

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the serve worker stopped; see its error above")
        return line.strip()

    def rebuild(self) -> tuple[float, float]:
        """(wall, CPU) seconds of one rebuild."""
        assert self.process.stdin is not None
        self.process.stdin.write("rebuild\n")
        self.process.stdin.flush()
        wall, cpu = self._read().split()
        return float(wall), float(cpu)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def measure(root: Path, configs: tuple[str, str], doc: str, runs: int,
            profile: str | None) -> tuple[float, float, float, float]:
    """Median rebuild seconds after a one-line edit: wall and CPU, plain and ours."""
    path = root / doc
    original = path.read_text(encoding="utf-8")
    workers = [Worker(root, config, profile and f"{profile}.{('plain', 'ours')[index]}")
               for index, config in enumerate(configs)]
    times: list[list[tuple[float, float]]] = [[], []]
    try:
        for run in range(runs + 1):  # the first rebuild of each warms up
            # One line of the body changes, as when an author saves in an editor.
            path.write_text(original.rstrip("\n") + f"\n\nEdited line, save {run}.\n",
                            encoding="utf-8")
            for index, worker in enumerate(workers):
                seconds = worker.rebuild()
                if run:
                    times[index].append(seconds)
    finally:
        for worker in workers:
            worker.close()
        path.write_text(original, encoding="utf-8")
    (plain_wall, plain_cpu), (ours_wall, ours_cpu) = (
        (statistics.median(t[0] for t in got), statistics.median(t[1] for t in got))
        for got in times)
    return plain_wall, ours_wall, plain_cpu, ours_cpu


def example_site(folder: Path) -> Path:
    """A clone of this repository (its history is the example's), plus plain.yml."""
    root = folder / "example"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(root)], check=True)
    (root / "plain.yml").write_text(plain_example_config(
        (root / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    return root


def plain_example_config(text: str) -> str:
    """The example's mkdocs.yml without the handbook plugin and hooks: plain Material."""
    text = re.sub(r"\n  - handbook:\n(?:(?:      .*|\s*)\n)*", "\n", text)
    text = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\n", text)
    assert "\n  - handbook:" not in text and "\nhooks:" not in text, "mkdocs.yml changed shape"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=500, help="synthetic handbook size")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=("example", "synthetic"))
    parser.add_argument("--profile", metavar="FILE",
                        help="profile the rebuilds; write the stats to FILE.plain, FILE.ours")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        serve_worker(args.worker, args.profile_out)
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        if args.only != "synthetic":
            root = example_site(Path(folder))
            rows.append(("example", *measure(root, ("plain.yml", "mkdocs.yml"), EXAMPLE_DOC,
                                             args.runs, args.profile)))
        if args.only != "example":
            root = Path(folder) / "synthetic"
            generate(root, args.size)
            write_configs(root, "example", None)  # the example's configuration as it stands
            rows.append((f"synthetic, {args.size} documents",
                         *measure(root, ("plain.yml", "ours.yml"), SYNTHETIC_DOC, args.runs,
                                  args.profile and args.profile + ".synthetic")))
    print(f"\nRebuild after a one-line edit under `mkdocs serve` (median of {args.runs}; "
          "target: ratio at most 1.1)\n")
    print("| site | plain Material | handbook | ratio | CPU, plain | CPU, handbook | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, plain, ours, plain_cpu, ours_cpu in rows:
        print(f"| {name} | {plain:.2f} s | {ours:.2f} s | {ours / plain:.2f}x | "
              f"{plain_cpu:.2f} s | {ours_cpu:.2f} s | {ours_cpu / plain_cpu:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
