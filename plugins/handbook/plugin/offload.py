"""Work the build does not wait for, on the machine's other cores.

MkDocs renders pages on one core. Writing the stamped history pages is file
I/O, which a thread overlaps with rendering; the calendar feed and the JSON
register are pure Python, so they go to a forked worker process. Both are
collected in `on_post_build`; where fork is not available (Windows) the work
simply runs in line.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from mkdocs.utils import write_file


class Offload:
    """Background writes and computations for one build."""

    def __init__(self) -> None:
        self._writes = ThreadPoolExecutor(max_workers=2, thread_name_prefix="handbook-write")
        self._pending: list[Future[Any]] = []
        self._process: Executor | None = None
        self._results: list[tuple[str, Future[bytes]]] = []

    def write(self, path: str, data: bytes) -> None:
        self._pending.append(self._writes.submit(write_file, data, path))

    def compute_file(self, path: str, function: Callable[..., bytes], *args: Any) -> None:
        """Compute a file's bytes in a worker process, and write it when the build ends."""
        if "fork" not in multiprocessing.get_all_start_methods():
            self.write(path, function(*args))
            return
        if self._process is None:
            self._process = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self._results.append((path, self._process.submit(function, *args)))

    def finish(self) -> None:
        """Wait for everything; a failure in the background fails the build here."""
        try:
            for path, result in self._results:
                self.write(path, result.result())
            for future in self._pending:
                future.result()
        finally:
            self.close()

    def close(self) -> None:
        self._writes.shutdown(wait=True)
        if self._process is not None:
            self._process.shutdown(wait=True, cancel_futures=True)
            self._process = None
