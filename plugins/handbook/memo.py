"""A memo of a pure function's results, kept from one build to the next.

Its own module so that the domain modules that take one (`handbook.load`) need
not import `cache`, which imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Results of a pure function by argument, kept from one build to the next.

    `setting` is whatever else every result depends on (the Markdown
    configuration, say): when it changes, every result is dropped.
    """

    def __init__(self) -> None:
        self._setting: Hashable = None
        self._current: dict[K, V] = {}
        self._previous: dict[K, V] = {}
        self.computed = 0  # results computed (not found) in this build: for tests

    def next_build(self) -> None:
        """Start a build: what the last one used is kept, the rest dropped."""
        self._previous, self._current = self._current, {}
        self.computed = 0

    def get(self, key: K, compute: Callable[[], V], setting: Hashable = None) -> V:
        if setting != self._setting:
            self._setting = setting
            self._current, self._previous = {}, {}
        if key in self._current:
            return self._current[key]
        if key in self._previous:
            value = self._previous.pop(key)
        else:
            value = compute()
            self.computed += 1
        self._current[key] = value
        return value

    def __len__(self) -> int:
        return len(self._current)
