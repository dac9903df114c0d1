"""What `mkdocs serve` keeps between rebuilds, so saving one document costs little.

MkDocs keeps the instance of a plugin that defines `on_startup` for a whole
serve session (`mkdocs.config.config_options.Plugins.plugin_cache`) and
rebuilds the whole site on every save. Without these caches each rebuild would
re-validate every document, read the whole git history again, render and
compare every old version of every document, and remake every history page and
the review calendar, when an author has changed one line of one file. (Serve
also runs in line what a build hands to other cores, see `plugin.offload`.)

Correctness comes first: a rebuild from the caches gives exactly what a fresh
build gives (tests/test_serve.py compares every file). So each cache holds the
results of a function that depends on nothing but its key (and the memo's
`setting`): a changed input is a new key, never a stale answer. Documents
compare by identity, and a file whose text changed is validated again into a
new `Document`, so a key holding a document is new when its file is. Entries
not used by the last build are dropped, so a long session's memory stays the
size of one build's.

This module never imports MkDocs: the plugin holds a `BuildCache` and passes
its parts to the domain functions that use them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .memo import Memo

if TYPE_CHECKING:
    from .handbook import Handbook
    from .history.handbook_history import HandbookHistory

def _file_state(path: Path | None) -> bytes | None:
    """A small file's bytes (the roster, accepted warnings), as part of a key."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


class HistoryCache:
    """The last history read, and everything it was read from.

    The history depends on git (HEAD, see `head_state`) and, from the working
    tree, on each document's file, id, status and replacement (a superseded
    document's last version ends when its replacement starts), on the
    accepted-warnings file and on the roster (commit messages naming staff are
    withheld). Editing a document's text or review date changes none of them,
    so the history is not read again; a commit, a renamed file or a changed
    status is a new key, and the history is read afresh.
    """

    def __init__(self, keep: bool = False) -> None:
        # Only `mkdocs serve` rebuilds with the same plugin: a single build keeps
        # nothing, so it neither asks git for HEAD first nor holds on to the history.
        self.keep = keep
        self._key: tuple[Any, ...] | None = None
        self._history: HandbookHistory | None = None
        # How many times git was read: a history read later is a new one, so this
        # stands for the history in keys of what is made from it.
        self.reads = 0

    def read(self, handbook: Handbook, docs_dir: str | os.PathLike[str], shown: str,
             accepted_file: Path | None, roster: Path | None,
             private: Callable[[], Callable[[str], bool] | None]) -> HandbookHistory:
        """`handbook_history.read`, or the last result when nothing it reads has changed.

        `private` makes the staff-name finder (see `handbook_history.read`),
        called only when the history is read.
        """
        from .history import handbook_history
        from .history.git_repo import head_state

        if not self.keep:
            self.reads += 1
            return handbook_history.read(handbook, docs_dir, shown, accepted_file, private())
        state = head_state(docs_dir)
        key = None if state is None else (
            state, str(Path(docs_dir).resolve()), shown,
            tuple((d.src_uri, d.path, d.id, d.status, d.superseded_by)
                  for d in handbook.documents),
            accepted_file, _file_state(accepted_file), roster, _file_state(roster))
        if key is not None and key == self._key and self._history is not None:
            return self._history
        self.reads += 1
        history = handbook_history.read(handbook, docs_dir, shown, accepted_file, private())
        self._key, self._history = key, history
        return history


SNIPPETS = "pymdownx.snippets"


def markdown_setting(names: list[str], configs: dict[str, Any]) -> str:
    """What rendering Markdown depends on besides the text, as a memo's `setting`.

    The extensions and their options; and for pymdownx.snippets, the files it
    appends to every text, as they are now (see `uses_files` for the rest).
    Relative base paths are read from the working directory, as snippets does.
    """
    files: list[tuple[str, int, int]] = []
    snippets = configs.get(SNIPPETS) or {}
    if SNIPPETS in names:
        bases = snippets.get("base_path", ["."])
        bases = [bases] if isinstance(bases, str) else list(bases)
        for name in snippets.get("auto_append", []) or []:
            for folder in bases:
                path = Path(folder, name)
                try:
                    stat = path.stat()
                except OSError:
                    continue
                files.append((str(path), stat.st_mtime_ns, stat.st_size))
    return repr((names, _plain(configs), files))


def _plain(value: Any) -> Any:
    """A configuration value as plain data: MkDocs' `!relative` paths are objects
    whose repr changes with each load of the configuration."""
    if isinstance(value, dict):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


def uses_files(text: str) -> bool:
    """Whether rendering `text` reads other files (a snippet), so must not be cached."""
    return "--8<--" in text


class BuildCache:
    """Everything the plugin keeps between the rebuilds of one serve session."""

    def __init__(self, serving: bool = False) -> None:
        self.checked: Memo[Hashable, Any] = Memo()  # (SourceFile, Settings) -> Checked
        self.history = HistoryCache(keep=serving)
        self.markdown: Memo[str, str] = Memo()  # an old version's Markdown -> its HTML
        self.split: Memo[str, Any] = Memo()  # HTML -> its blocks (history.diff.split)
        self.diffs: Memo[tuple[str, str], Any] = Memo()  # (old, new) HTML -> marked diff
        # The register's calendar and JSON by everything they are made from (see
        # exports.ics_inputs). Reviews hold their documents, which compare by identity:
        # an edited file is a new document (see `checked`), so a new key.
        self.exports: Memo[Hashable, bytes] = Memo()
        self.pages: Memo[Hashable, str] = Memo()  # generated pages' bodies, by what they show

    def next_build(self) -> None:
        for memo in (self.checked, self.markdown, self.split, self.diffs, self.exports,
                     self.pages):
            memo.next_build()
