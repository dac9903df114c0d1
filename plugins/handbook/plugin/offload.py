"""Work the build does not wait for, on the machine's other cores.

MkDocs renders pages on one core. Stamping pages from a shell (see
`stamping`), the calendar feed and the JSON register need nothing from the
pages MkDocs is still rendering, so each goes to a forked child process, which
starts with everything the plugin knows at that moment. Children are collected
in `on_post_build`, where a failure in one fails the build. Where fork is not
available (Windows) the work simply runs in line.

Children are forked processes, not threads, and the plugin starts no threads:
forking a process that has threads can leave the child waiting on a lock that
one of them held. `mkdocs serve` has threads of its own (its web server), so
there the work runs in line.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from mkdocs.exceptions import PluginError
from mkdocs.utils import write_file


@dataclass
class _Job:
    """One child: what it is for, and where its answer comes back."""

    name: str
    path: str | None  # the file to write its result to, if any
    process: BaseProcess | None = None
    answer: Connection | None = None
    result: bytes | None = None  # when it ran in line


def _child(function: Callable[[], bytes | None], answer: Connection) -> None:
    try:
        answer.send((True, function()))
    except BaseException:  # reported by the parent, which fails the build
        answer.send((False, traceback.format_exc()))
    finally:
        answer.close()


class Offload:
    """Background work for one build."""

    def __init__(self, fork: bool = True) -> None:
        self._fork = fork and "fork" in multiprocessing.get_all_start_methods()
        self._jobs: list[_Job] = []

    def run(self, name: str, function: Callable[[], None]) -> None:
        """Run `function` (which writes its own files) beside the build."""
        self._start(_Job(name, None), function)

    def compute_file(self, path: str, function: Callable[[], bytes]) -> None:
        """Compute a file's bytes beside the build; the file is written when the build ends,
        after MkDocs has emptied the site folder."""
        self._start(_Job(path, path), function)

    def drop_file(self, path: str) -> None:
        """Do not write `path` after all (the author has a file there)."""
        for job in self._jobs:
            if job.path == path:
                job.path = None

    def _start(self, job: _Job, function: Callable[[], bytes | None]) -> None:
        if not self._fork:
            job.result = function()
        else:
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            job.process = context.Process(target=_child, args=(function, send), daemon=True,
                                          name=f"handbook: {job.name}")
            job.process.start()
            send.close()
            job.answer = receive
        self._jobs.append(job)

    def finish(self) -> None:
        """Wait for every child; a failure in one fails the build here."""
        jobs, self._jobs = self._jobs, []
        try:
            for job in jobs:
                result = job.result
                if job.answer is not None:
                    try:
                        ok, answer = job.answer.recv()  # (True, bytes) or (False, traceback)
                    except EOFError:
                        ok, answer = False, "it stopped without an answer"
                    if not ok:
                        raise PluginError(f"handbook: {job.name} failed in the background:\n"
                                          f"{answer}")
                    result = answer
                if job.path is not None and result is not None:
                    write_file(result, job.path)
        finally:
            # Those not waited for yet (one before them failed) are stopped.
            self._stop(jobs, terminate=True)

    def close(self) -> None:
        """Stop whatever is still running (the build failed or was interrupted)."""
        jobs, self._jobs = self._jobs, []
        self._stop(jobs, terminate=True)

    @staticmethod
    def _stop(jobs: list[_Job], terminate: bool = False) -> None:
        for job in jobs:
            if job.process is None:
                continue
            if terminate and job.process.is_alive():
                job.process.terminate()
            job.process.join()
            if job.answer is not None:
                job.answer.close()
