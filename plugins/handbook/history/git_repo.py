"""All git I/O for the history, in three processes whatever the size of the repo.

`git rev-list --first-parent` lists the commits of the published line; one
`git log --raw` pass lists every commit that touched the docs folder with the
blob of each file it changed (merges diffed against their first parent, so a
change made or brought in by a merge is seen); one `git cat-file --batch`
reads the blobs.
The peer plugins run one or more `git log` per file; this is why we are faster.
`commit_folder` and `commit_file` are the writes: `handbook init` committing the
starter set, and the approval commands committing the one file they changed.

Options are pinned on the command line so a user's git config (quoting,
rename detection, signatures, colour, mailmap, external diff) cannot change
what we parse.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

# -c options first, before the subcommand: they override any user or repo config.
_PINNED = (
    "-c", "core.quotePath=false",
    "-c", "diff.renames=true",
    "-c", "log.showSignature=false",
    "-c", "log.follow=false",
    "-c", "log.mailmap=false",
    "-c", "color.ui=never",
    "-c", "i18n.logOutputEncoding=UTF-8",
)
_RECORD, _FIELD = "\x1e", "\x1f"
_NULL_SHA = "0" * 40
_FORMAT = _RECORD + _FIELD.join(("%H", "%P", "%aI", "%an", "%B")) + _FIELD


class GitError(Exception):
    """git is missing, or the folder is not in a repository; the message says how to fix it."""


def _env() -> dict[str, str]:
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def _git(cwd: Path, *args: str, stdin: bytes | None = None,
         env: dict[str, str] | None = None) -> bytes:
    """Run git with the pinned options in `cwd`; its output, or a GitError."""
    result = subprocess.run(["git", *_PINNED, *args], cwd=cwd, input=stdin,
                            capture_output=True, env={**_env(), **(env or {})})
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args[:2])} failed: "
                       f"{result.stderr.decode(errors='replace').strip()}")
    return result.stdout


@dataclass(frozen=True, slots=True)
class Change:
    """One file changed by one commit: its status (A, M, D, R…), path(s) and new blob."""

    status: str
    path: str
    old_path: str | None
    blob: str | None

    @property
    def renamed(self) -> bool:
        return self.status.startswith("R")


@dataclass(slots=True)
class Commit:
    hash: str
    authored: datetime
    author: str
    message: str
    changes: list[Change] = field(default_factory=list)
    parents: tuple[str, ...] = ()
    # Set when the message names someone on the staff roster: public builds show
    # "message withheld" in its place (see `versions.withhold`).
    withheld: bool = False

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]

    @property
    def timestamp(self) -> int:
        return int(self.authored.timestamp())


@dataclass(frozen=True)
class Repo:
    """A git work tree; `root` is its top folder."""

    root: Path

    def _command(self, *args: str) -> list[str]:
        return ["git", *_PINNED, *args]

    @property
    def _env(self) -> dict[str, str]:
        return _env()

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        return _git(self.root, *args, stdin=stdin)

    def show(self, ref: str, path: str) -> bytes | None:
        """A file as it is on a branch or commit, or None if it is not there."""
        try:
            return self.run("show", f"{ref}:{path}")
        except GitError:
            return None

    def head(self) -> tuple[str, bool] | None:
        """HEAD's commit, and whether the clone is shallow (older history missing).

        None when there is no commit yet. Asked once, so that the reads of one
        history, made at the same time, all see the same HEAD.
        """
        try:
            shallow, head = self.run("rev-parse", "--is-shallow-repository", "--verify",
                                     "--quiet", "HEAD").decode().split()
        except GitError:
            return None
        return head, shallow == "true"

    def first_parents(self, tip: str = "HEAD") -> list[str]:
        """The commits of the line `tip` was built along, newest first.

        Following first parents is how a branch's own history reads: a merge
        is one step, the commits it brought in are not (they are on the side).
        """
        return self.run("rev-list", "--first-parent", tip).decode().split()

    def log(self, pathspec: str, tip: str = "HEAD") -> Iterator[Commit]:
        """Every commit reachable from `tip` touching `pathspec`, with raw changes.

        All parents of a merge are walked (`--full-history`), so commits on
        merged branches are listed, and a merge is diffed against its first
        parent, so what it changed on the line it was made on is listed too.
        Order is git's (newest first by date): callers that need the line's
        order sort by `first_parents`. Commits are parsed as git writes them,
        so the caller can ask for blobs (see `BlobReader`) while git is still
        walking history.
        """
        # The with-block closes the pipes and reaps git even if the caller stops early.
        with subprocess.Popen(self._command(
            "log", "--raw", "--no-abbrev", "-M", "-z", "--no-color", "--no-decorate",
            "--full-history", "--diff-merges=first-parent",
            "--no-show-signature", "--no-ext-diff", "--no-textconv", "--encoding=UTF-8",
            f"--format={_FORMAT}", tip, "--", pathspec,
        ), cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self._env) \
                as process:
            assert process.stdout is not None and process.stderr is not None
            stdout = process.stdout  # the lambda below cannot see the narrowed attribute
            _widen(stdout)  # git walks on while the caller waits for the first-parent line
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            pending = ""
            for chunk in iter(lambda: stdout.read(1 << 16), b""):
                pending += decoder.decode(chunk)
                records = pending.split(_RECORD)
                pending = records.pop()
                yield from (_parse_record(r) for r in records if r)
            pending += decoder.decode(b"", final=True)
            if pending:
                yield _parse_record(pending)
            error = process.stderr.read().decode(errors="replace").strip()
            if process.wait() != 0:
                raise GitError(f"git log failed: {error}")

    def blob_reader(self, parse: Callable[[bytes], Any] | None = None) -> BlobReader:
        return BlobReader(self, parse)


def _widen(pipe: IO[bytes]) -> None:
    """Let either side write up to 1 MB ahead of the other (Linux): fewer, larger reads.

    The default pipe holds 64 KB, so reading tens of MB of blobs takes
    thousands of wake-ups of both processes.
    """
    grow = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    if grow is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), grow, 1 << 20)


class BlobReader:
    """One `git cat-file --batch` process, fed while `git log` is still running.

    Running both at once makes reading a history cost about as much as the
    longer of the two, instead of their sum. Requests go in batches; a thread
    reads the blobs as git writes them, so git never waits for Python to read
    a pipe and, when `git log` is done, most blobs are already read.
    """

    # The first requests go soon, so git starts reading early; later ones go in
    # fewer, larger writes, as each hands the GIL to the reading thread for a while.
    _FIRST_BATCH, _BATCH = 64, 1024

    def __init__(self, repo: Repo, parse: Callable[[bytes], Any] | None = None) -> None:
        # `parse`, if given, runs on each blob as it arrives; results are in `parsed`.
        self._parse = parse
        self.parsed: dict[str, Any] = {}
        self._process = subprocess.Popen(
            repo._command("cat-file", "--batch", "--buffer"), cwd=repo.root,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=repo._env, bufsize=1 << 16)
        assert self._process.stdout is not None
        assert self._process.stdin is not None
        self._output = self._process.stdout
        # Requests then never wait for git (a history's requests fit in 1 MB),
        # so neither does the `git log` being parsed while they are made.
        _widen(self._process.stdin)
        _widen(self._output)
        self._asked: set[str] = set()
        self._unsent: list[str] = []
        self._batch = self._FIRST_BATCH
        self._blobs: dict[str, bytes] = {}
        self._failed: Exception | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop git and the reading thread; finish() has done this already."""
        assert self._process.stdin is not None
        if not self._process.stdin.closed:
            self._process.stdin.close()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._reader.join()
        self._output.close()

    def _read(self) -> None:
        """Read each answer as git writes it: a header line, then the blob and a newline.

        Straight from the pipe into one reused buffer, each blob copied out
        once: a buffered reader's calls and copies per blob cost more CPU than
        git spent reading the blobs.
        """
        with io.FileIO(self._output.fileno(), closefd=False) as pipe:
            self._read_from(pipe)

    def _read_from(self, pipe: io.FileIO) -> None:
        blobs, parse, parsed = self._blobs, self._parse, self.parsed
        buffer = bytearray(1 << 21)
        start = filled = 0

        def more() -> bool:
            """Read what git has written after what is buffered; False at the end."""
            nonlocal start, filled
            if start:
                buffer[:filled - start] = buffer[start:filled]
                filled -= start
                start = 0
            if filled == len(buffer):
                buffer.extend(bytes(len(buffer)))
            with memoryview(buffer) as view:
                count = pipe.readinto(view[filled:])
            filled += count or 0
            return bool(count)

        try:
            while True:
                newline = buffer.find(b"\n", start, filled)
                while newline == -1:
                    if not more():
                        if filled > start:
                            raise ValueError("git's answer was cut short")
                        return
                    newline = buffer.find(b"\n", start, filled)
                sha, kind, *size = bytes(buffer[start:newline]).split()
                start = newline + 1
                if kind == b"missing" or not size:
                    continue
                length = int(size[0])
                while filled < start + length + 1:
                    if not more():
                        raise ValueError(f"{sha.decode()} was cut short")
                end = start + length
                if buffer[end] != 0x0A:
                    raise ValueError(f"{sha.decode()} is not followed by a newline")
                if kind == b"blob":
                    name = sha.decode()
                    with memoryview(buffer) as view:
                        data = blobs[name] = bytes(view[start:end])
                    if parse is not None:
                        # Left unparsed, the caller parses it again and sees the error.
                        with contextlib.suppress(Exception):
                            parsed[name] = parse(data)
                start = end + 1
        except (OSError, ValueError) as error:  # the pipe closed under us by close(), or garbage
            self._failed = error

    def request(self, sha: str) -> None:
        if sha in self._asked:
            return
        self._asked.add(sha)
        self._unsent.append(sha)
        if len(self._unsent) >= self._batch:
            self._batch = min(self._batch * 2, self._BATCH)
            self._send()

    def _send(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(("\n".join(self._unsent) + "\n").encode())
        self._process.stdin.flush()
        self._unsent.clear()

    def finish(self) -> dict[str, bytes]:
        """Wait for every requested blob; returns them by hash."""
        assert self._process.stdin is not None
        if self._unsent:
            self._send()
        self._process.stdin.close()
        self._reader.join()
        self._process.wait()
        self.close()
        if self._failed is not None:
            raise GitError(f"git cat-file failed: {self._failed}")
        return self._blobs


def _parse_record(record: str) -> Commit:
    sha, parents, authored, author, message, rest = record.split(_FIELD, 5)
    changes: list[Change] = []
    tokens = rest.split("\0")
    count, i = len(tokens), 0
    while i < count:
        token = tokens[i]
        i += 1
        colon = token.find(":")
        if colon == -1:
            continue
        meta = token[colon + 1:].split(" ")
        status, new_blob = meta[4], meta[3]
        if status[0] in "RC":
            old, new = tokens[i], tokens[i + 1]
            i += 2
        else:
            old, new = None, tokens[i]
            i += 1
        changes.append(Change(status, new, old, None if new_blob == _NULL_SHA else new_blob))
    return Commit(sha, datetime.fromisoformat(authored), author, message.strip(), changes,
                  tuple(parents.split()))


def _require_git() -> None:
    if shutil.which("git") is None:
        raise GitError("git is not installed, so policy history cannot be read: install git")


def _top_folder(folder: Path) -> Path | None:
    """The top of the work tree holding `folder`, or None if it is in none."""
    try:
        return Path(os.fsdecode(_git(folder, "rev-parse", "--show-toplevel").strip()))
    except GitError:
        return None


def head_state(folder: str | os.PathLike[str]) -> tuple[str, ...] | None:
    """The repository's top folder, whether it is shallow, and HEAD's commit.

    Everything the history reads from git is reachable from HEAD, so while
    these stay the same so does the git side of the history (`handbook.cache`).
    None when there is no git, no repository or no commit yet: the history is
    then read afresh, and says what is wrong.
    """
    try:
        lines = _git(Path(folder), "rev-parse", "--show-toplevel", "--is-shallow-repository",
                     "--verify", "HEAD").decode(errors="replace").splitlines()
    except (GitError, OSError):
        return None
    return tuple(lines) if len(lines) == 3 else None


def find_repo(path: str | os.PathLike[str], shown: str | None = None) -> Repo:
    """The repository holding `path`, or a GitError saying what to do.

    `shown` names the folder in the message, as the user knows it.
    """
    _require_git()
    top = _top_folder(Path(path).resolve())
    if top is None:
        raise GitError(f"{shown or path} is not in a git repository, so policy history cannot be "
                       "read: keep the handbook in git (git init, then commit each change)")
    return Repo(top)


# Who commits when git has no identity configured (a new machine, a CI runner).
STAND_IN = {"GIT_AUTHOR_NAME": "Handbook", "GIT_AUTHOR_EMAIL": "handbook@localhost",
            "GIT_COMMITTER_NAME": "Handbook", "GIT_COMMITTER_EMAIL": "handbook@localhost"}


def tracked(folder: str | os.PathLike[str], path: str | os.PathLike[str]) -> list[str]:
    """Files git tracks at `path` (a file or folder) in the repository holding `folder`.

    None when git is missing, `folder` is in no repository, or `path` is outside it
    (a synced drive, say): then nothing there can be pushed with the repository.
    """
    if shutil.which("git") is None:
        return []
    try:
        listed = _git(Path(folder).resolve(), "ls-files", "-z", "--", os.fspath(path))
    except (GitError, OSError):
        return []
    return [os.fsdecode(name) for name in listed.split(b"\0") if name]


def commit_folder(folder: str | os.PathLike[str], message: str) -> bool:
    """Commit everything in `folder` and nothing outside it; returns whether as `STAND_IN`.

    Starts a repository in `folder` if it is in none. Inside an existing
    repository only `folder` is added and committed, so a user's other
    changes, staged or not, stay as they were. Raises GitError if git is
    missing or the commit fails.
    """
    _require_git()
    where = Path(folder).resolve()
    if _top_folder(where) is None:
        _git(where, "init", "-q")
    try:
        _git(where, "config", "user.email")
        identity = None
    except GitError:
        identity = STAND_IN
    _git(where, "add", "-A", "--", ".")
    _git(where, "commit", "-q", "-m", message, "--", ".", env=identity)
    return identity is not None


def commit_file(path: str | os.PathLike[str], message: str) -> str:
    """Commit `path` alone and return the new commit's hash.

    `git commit --only` records just this file: whatever else the user has
    staged stays staged and out of the commit. A new file is added first, since
    git commits only files it knows.
    """
    _require_git()
    where = Path(path).resolve()
    folder = where.parent
    try:
        _git(folder, "config", "user.email")
        identity = None
    except GitError:
        identity = STAND_IN
    _git(folder, "add", "--", where.name)
    _git(folder, "commit", "-q", "--only", "-m", message, "--", where.name, env=identity)
    return os.fsdecode(_git(folder, "rev-parse", "HEAD").strip())


def resolve_commit(folder: str | os.PathLike[str], ref: str) -> str | None:
    """The full hash of the commit `ref` names, or None when it names none."""
    if ref.startswith("-"):
        return None
    try:
        return os.fsdecode(_git(Path(folder), "rev-parse", "--verify", "--quiet",
                                f"{ref}^{{commit}}").strip()) or None
    except GitError:
        return None
