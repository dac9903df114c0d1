"""Each document's history: its commits, grouped into versions.

Built from one pass over `git log` (see `git_repo`) along HEAD's first-parent
line, merges included (see `read_history`): renames are followed
backwards from each document's current path, every revision's `version` is
read from its blob, and consecutive revisions with the same version form one
`VersionEntry`, whose approval, approver, status and change summary come from
its last revision. Created and last-updated dates follow the rules of
mkdocs-git-revision-date-localized-plugin (oldest add; newest change that is
not a rename), through the branch a merged document was made or edited on, as
git log does, so both tools agree; except where the peer's `git log --follow`
takes another file for an earlier name (any empty file looks like a copy of
another), or skips the text a merge's own resolution wrote.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import pairwise
from typing import Any, TypeVar

from .. import frontmatter
from ..dates import long_date, parse_iso_date
from ..model import Status, Version
from ..problems import Problem, Severity
from .git_repo import Change, Commit, GitError, Repo

# Version, status and approval are read from every revision, so with one scan of
# the front matter's bytes rather than a YAML parse; the full front matter is
# parsed only for the revisions a page shows.
_KEY_LINES = re.compile(
    rb"^(version|status|approved):[ \t]*['\"]?([^'\"\s#]+)['\"]?[ \t]*(?:#.*)?\r?$", re.M)
_SUMMARY_BLOCK = re.compile(rb"^change_summary:.*\n(?:[ \t]+.*\n)*", re.M)
# What may change without the text staff read changing, so no new version is
# needed: fields a review sets, and where a link points (a file was moved).
_UNREAD = re.compile(rb"^(?:review_by|review_every|approved|approved_by):.*\n|(?<=\])\([^)\s]*\)",
                     re.M)
_WITHDRAWN = (Status.SUPERSEDED, Status.RETIRED)
_VERSIONS: dict[bytes, Version | None] = {}
# Shown instead of a commit message that names someone on the staff roster.
WITHHELD = "message withheld"


T = TypeVar("T")
Facts = tuple[Version | None, str | None, date | None]


def read_facts(data: bytes) -> Facts:
    """A revision's version, status and approval date, from its front matter's bytes.

    A function of the blob alone, so it can run as each blob arrives from git
    (see `read_history`), while git is still reading the others. A file with no
    front matter (it must open the file, as MkDocs reads it) has none of them:
    its text is not searched, so a body line such as "version: 2" is not taken
    for one, and a large page without front matter costs one comparison.
    """
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if not data.startswith(b"---", start):
        return None, None, None
    end = data.find(b"\n---", start + 3)
    version: Version | None = None
    status: str | None = None
    approved: date | None = None
    for key, value in _KEY_LINES.findall(data if end == -1 else data[:end]):
        if key == b"version":
            if value not in _VERSIONS:
                _VERSIONS[value] = Version.parse(value.decode(errors="replace"))
            version = _VERSIONS[value]
        elif key == b"status":
            status = value.decode(errors="replace")
        else:
            approved = parse_iso_date(value.decode(errors="replace"))
    return version, status, approved


class Revision:
    """A document as one commit left it (its blob, decoded only when needed)."""

    __slots__ = ("__dict__", "approved", "change", "commit", "data", "landed", "status",
                 "version")

    def __init__(self, commit: Commit, change: Change, data: bytes,
                 landed: Commit | None = None, facts: Facts | None = None) -> None:
        self.commit, self.change, self.data = commit, change, data
        # The commit on the first-parent line that made this the document's text
        # there: `commit` itself, or the merge that brought `commit` in.
        self.landed = landed or commit
        self.version, self.status, self.approved = facts or read_facts(data)

    @property
    def path(self) -> str:
        return self.change.path

    @cached_property
    def text(self) -> str:
        """The source as MkDocs reads it: no byte-order mark, "\n" line endings."""
        return frontmatter.normalise(self.data.decode("utf-8", errors="replace"))

    @cached_property
    def _parsed(self) -> frontmatter.FrontMatter:
        return frontmatter.parse(self.path, self.text)

    @property
    def fields(self) -> dict[str, Any]:
        return self._parsed.data or {}

    @property
    def body(self) -> str:
        return self._parsed.body

    @property
    def summary_text(self) -> bytes | None:
        """The change_summary as written (not parsed): enough to tell if it changed."""
        match = _SUMMARY_BLOCK.search(self.data)
        return match.group(0) if match else None

    def same_text_apart_from_review(self, other: Revision) -> bool:
        """Whether the two say the same to a reader (review dates and link targets aside).

        Both patterns of `_UNREAD` match within one line, so lines the two share at
        the start and at the end cancel out: only the lines between are compared,
        which on a large page with a one-line edit is a few hundred bytes, not tens of KB.
        """
        a, b = self.data, other.data
        if a == b:
            return True
        start, end = _common_prefix(a, b), _common_suffix(a, b)
        # Cut after a newline both share, so every piece starts a line.
        start = a.rfind(b"\n", 0, start) + 1
        end = min(end, len(a) - start, len(b) - start)
        newline = a.find(b"\n", len(a) - end)
        end = len(a) - newline - 1 if newline != -1 else 0
        return _UNREAD.sub(b"", a[start:len(a) - end]) == _UNREAD.sub(b"", b[start:len(b) - end])

    def withdraws(self, previous: Revision) -> bool:
        """Whether this revision retires or supersedes the version `previous` was.

        Withdrawal ends a version; it is not a new one, so its text (a notice that it is
        no longer in force) may change with the version kept.
        """
        return self.status in _WITHDRAWN and previous.status not in _WITHDRAWN


def _common_prefix(a: bytes, b: bytes) -> int:
    """How many bytes `a` and `b` share at the start (a binary search of C compares)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: bytes, b: bytes) -> int:
    """How many bytes `a` and `b` share at the end."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle:len(a) - low] == b[len(b) - middle:len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass
class VersionEntry:
    """One version of a document: its revisions (oldest first) and what it says of itself."""

    version: Version
    revisions: list[Revision]
    in_force_from: date | None = None
    in_force_to: date | None = None

    @property
    def first(self) -> Revision:
        return self.revisions[0]

    @property
    def last(self) -> Revision:
        return self.revisions[-1]

    def _field(self, name: str) -> Any:
        return self.last.fields.get(name)

    @property
    def status(self) -> str | None:
        return self.last.status

    @property
    def approved(self) -> date | None:
        return self.last.approved

    @property
    def approved_by(self) -> str | None:
        value = self._field("approved_by")
        return value if isinstance(value, str) else None

    @property
    def change_summary(self) -> str | None:
        value = self._field("change_summary")
        return value.strip() if isinstance(value, str) else None

    def in_force_on(self, day: date) -> bool:
        return (self.in_force_from is not None and self.in_force_from <= day
                and (self.in_force_to is None or day < self.in_force_to))


@dataclass
class DocumentHistory:
    """Everything git knows about one document, oldest first."""

    path: str
    revisions: list[Revision] = field(default_factory=list)
    versions: list[VersionEntry] = field(default_factory=list)
    created: Commit | None = None
    updated: Commit | None = None
    slips: list[Slip] = field(default_factory=list)

    def in_force_on(self, day: date) -> VersionEntry | None:
        return next((v for v in reversed(self.versions) if v.in_force_on(day)), None)

    @property
    def known_versions(self) -> set[Version]:
        return {v.version for v in self.versions}


@dataclass
class Slip:
    """A commit that broke a versioning rule for one document, and its acceptance if any.

    `what` says what happened for the history page, with `{commit}` where the
    commit's short hash goes; `accepted` is set from `history-accepted.yml`.
    """

    revision: Revision
    what: str
    problem: Problem
    accepted: Any = None

    @property
    def commit(self) -> Commit:
        return self.revision.commit

    def sentence(self) -> str:
        return self.what.format(commit=self.commit.hash[:7])

    def acceptance_text(self) -> str:
        """What the history page says, e.g. "Text changed in commit abc1234 without a new
        version: spelling corrected. Accepted on 3 December 2026: no change to practice."."""
        if self.accepted is None:
            return ""
        return (f"{_sentence(self.sentence() + ': ' + self.commit.subject)} Accepted on "
                f"{long_date(self.accepted.accepted)}: {_sentence(self.accepted.reason)}")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def slugs(entries: list[VersionEntry]) -> list[str]:
    """A unique name for each version, for URLs and ids: 1.0, 1.1, then 1.0-2 if it went back."""
    seen: Counter[Version] = Counter()
    names = []
    for entry in entries:
        seen[entry.version] += 1
        count = seen[entry.version]
        names.append(str(entry.version) + (f"-{count}" if count > 1 else ""))
    return names


@dataclass
class History:
    """Histories of the documents asked for, keyed by repo-relative path."""

    documents: dict[str, DocumentHistory]
    problems: list[Problem]
    shallow: bool = False


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a history is read.

    Reading makes tens of thousands of small objects (commits, changes,
    revisions) and none of them form cycles that need collecting; but each
    few hundred new objects start a collection, and in a build those walk
    every object MkDocs already holds. Paused, reading took a third less CPU.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_history(repo: Repo, pathspec: str, paths: dict[str, str],
                 private: Callable[[str], bool] | None = None,
                 head: tuple[str, bool] | None = None) -> History:
    """Histories for `paths` (repo-relative path -> path shown in messages).

    A document's revisions are the states it had along HEAD's first-parent
    line, merges included: what a merge changed (against its first parent) is
    one revision, whether the merge's own resolution made it or a branch
    brought it in. A branch's commits that never reached the line on their
    own are not revisions, so each state appears once and in the order the
    line took, whatever their dates. A revision brought in by a merge is
    credited to the branch commit that wrote that text, when there is one;
    `Revision.landed` keeps the merge, which says when it reached the line.

    `private` says whether a commit message names someone who must not be
    named in public (see `withhold`). Problems (integrity warnings) name the
    current file and the commit. `head` is `Repo.head()`, when the caller has
    asked already.
    """
    head = head or repo.head()
    if head is None:
        raise GitError("the repository has no commits yet, so there is no history")
    with _collector_paused():
        return _read_history(repo, pathspec, paths, private, head)


def _read_history(repo: Repo, pathspec: str, paths: dict[str, str],
                  private: Callable[[str], bool] | None, state: tuple[str, bool]) -> History:
    head, shallow = state
    # git lists the line while it starts walking the docs folder's history: the
    # log's first commits wait in its pipe until the line is known.
    line_later = _meanwhile(lambda: repo.first_parents(head))
    mainline: list[Commit] = []
    # (path, blob) -> the newest branch commit that wrote it, to credit a merge's change.
    # Only real blobs are stored; a deletion looks up its None blob and finds nothing.
    # A merge on a branch (master merged into a topic branch, say) mostly carries
    # text written elsewhere, so it is credited only when no ordinary commit wrote
    # it, and then the oldest such merge: the one whose resolution made the text.
    written: dict[tuple[str, str | None], Commit] = {}
    carried: dict[tuple[str, str | None], Commit] = {}
    # Each file's changes by ordinary branch commits, newest first, and each such
    # commit's place in git's order: where a document was made on a branch (see `_on_branch`).
    branch: dict[str, list[tuple[Commit, Change]]] = {}
    order: dict[str, int] = {}
    tracking = {path: path for path in paths}
    found: dict[str, list[tuple[Commit, Change]]] = {path: [] for path in paths}
    last, in_order = -1, True
    # Front matter is read as each blob arrives, in the thread that reads them.
    with repo.blob_reader(read_facts) as reader:  # stopped and cleaned up if git log fails
        log = repo.log(pathspec, head)
        first = next(log, None)  # git log is running from here
        position = {sha: index for index, sha in enumerate(line_later())}
        for commit in itertools.chain((first,) if first else (), log):
            index = position.get(commit.hash)
            if index is None:
                if len(commit.parents) > 1:
                    carried.update(((change.path, change.blob), commit)
                                   for change in commit.changes if change.blob)
                    continue
                order[commit.hash] = len(order)
                for change in commit.changes:
                    branch.setdefault(change.path, []).append((commit, change))
                    if change.blob:
                        written.setdefault((change.path, change.blob), commit)
            elif in_order and index > last:
                # git lists the line in its own order unless dates say otherwise:
                # follow it now, asking for blobs while git is still walking.
                mainline.append(commit)
                last = index
                _follow(commit, tracking, found, reader.request)
            else:
                mainline.append(commit)
                in_order = False
        if not in_order:  # start again, in the line's order
            mainline.sort(key=lambda commit: position[commit.hash])
            tracking = {path: path for path in paths}
            found = {path: [] for path in paths}
            for commit in mainline:
                _follow(commit, tracking, found, reader.request)
        blobs = reader.finish()
        facts = reader.parsed
    if private is not None:
        withhold([*mainline, *written.values(), *carried.values()], private)
    problems: list[Problem] = []
    documents = {}
    for path, pairs in found.items():
        history = DocumentHistory(path)
        # A merge's change is credited to the branch commit that wrote that text.
        credited = [(written.get((change.path, change.blob))
                     or carried.get((change.path, change.blob), commit)
                     if len(commit.parents) > 1 else commit, change, commit)
                    for commit, change in pairs]
        history.updated = _updated(credited, branch, order)
        created = next(((c, ch) for c, ch, _ in reversed(credited) if ch.status == "A"), None)
        # Made on a branch: as git log shows that file, through the branch.
        history.created = created and (
            _on_branch(branch, order, created[1].path, created[0])[0] or created[0])
        history.revisions = [Revision(c, ch, blobs[ch.blob], landed, facts.get(ch.blob))
                             for c, ch, landed in reversed(credited) if ch.blob in blobs]
        history.versions = _group(history.revisions)
        _set_force(history.versions)
        history.slips = _integrity(history, paths[path])
        problems += [slip.problem for slip in history.slips]
        documents[path] = history
    return History(documents, problems, shallow=shallow)


def _updated(credited: list[tuple[Commit, Change, Commit]],
             branch: dict[str, list[tuple[Commit, Change]]],
             order: dict[str, int]) -> Commit | None:
    """The newest change that is not a move, looking into the branch a merge brought in.

    A merge that brings in a branch's edit and move is a rename on the line, but
    the branch's edit is still the document's last change.
    """
    for credit, change, landed in credited:  # newest first
        if credit is not landed:  # written on a branch, brought in by `landed`
            edit = _on_branch(branch, order, change.path, credit)[1]
            if edit is not None:
                return edit
        if not change.renamed:
            return credit
    return None


def _on_branch(branch: dict[str, list[tuple[Commit, Change]]], order: dict[str, int],
               path: str, start: Commit) -> tuple[Commit | None, Commit | None]:
    """Where the text a merge brought in was added, and last changed other than by a move.

    A document made on a branch, edited and perhaps moved there, then merged,
    reaches the line as one change; its created and updated dates are the
    branch's add and last edit, which `git log` (and the peer plugin) find by
    following the branch. Walks `start` (a branch commit) and the branch commits
    older than it that touched `path`, following renames back. (None, None)
    when `start` is on the line.
    """
    created = updated = None
    since, seen = order.get(start.hash), set()
    while since is not None and path not in seen:
        seen.add(path)
        moved = None
        for commit, change in branch.get(path, ()):
            if order[commit.hash] < since:
                continue  # newer than where the walk is
            if updated is None and not change.renamed:
                updated = commit
            if change.status == "A":
                created = commit
            if change.renamed and change.old_path:
                moved = change.old_path, order[commit.hash]
                break
        path, since = moved if moved else (path, None)
    return created, updated


def _meanwhile(action: Callable[[], T]) -> Callable[[], T]:
    """Start `action` in a thread; the function returned waits for its answer.

    Asking git for the first-parent line costs a process, which then overlaps
    reading the history instead of adding to it. An error is raised where the
    answer is wanted, by asking again.
    """
    answers: list[T] = []

    def run() -> None:
        with contextlib.suppress(Exception):
            answers.append(action())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def answer() -> T:
        thread.join()
        return answers[0] if answers else action()

    return answer


def _follow(commit: Commit, tracking: dict[str, str],
            found: dict[str, list[tuple[Commit, Change]]], request: Callable[[str], None]) -> None:
    """Add the commit's changes to tracked documents, and follow renames backwards."""
    for change in commit.changes:
        current = tracking.get(change.path)
        if current is None:
            continue
        found[current].append((commit, change))
        if change.blob:
            request(change.blob)
        if change.renamed and change.old_path:
            del tracking[change.path]
            tracking[change.old_path] = current


def withhold(commits: list[Commit], private: Callable[[str], bool]) -> None:
    """Mark the commits whose message `private` flags (it names someone on the roster)."""
    for commit in commits:
        commit.withheld = private(commit.message)


def _group(revisions: list[Revision]) -> list[VersionEntry]:
    entries: list[VersionEntry] = []
    for revision in revisions:
        version = revision.version
        if version is None:
            continue
        if entries and entries[-1].version == version:
            entries[-1].revisions.append(revision)
        else:
            entries.append(VersionEntry(version, [revision]))
    return entries


def _set_force(entries: list[VersionEntry]) -> None:
    """A version is in force from its approval until the next one is, or it is withdrawn.

    Dates without an approval are the day the version reached the first-parent
    line. A version cannot come into force before the one it replaced did: one
    whose approval date is earlier (approved on a branch before the line moved
    on, or an old text with its old date brought back by a revert) starts on
    the day it reached the line.
    """
    started: date | None = None
    for entry in entries:
        published = [r for r in entry.revisions if r.status and r.status != Status.DRAFT]
        if published:
            start = entry.approved or entry.last.landed.authored.date()
            arrived = published[0].landed
            if started is not None and start < started:
                start = max(started, arrived.authored.date())
            entry.in_force_from = started = start
        entry.in_force_to = next((r.landed.authored.date() for r in entry.revisions
                                  if r.status in (Status.SUPERSEDED, Status.RETIRED)), None)
    for entry, later in pairwise(entries):
        if later.in_force_from is not None and (
                entry.in_force_to is None or later.in_force_from < entry.in_force_to):
            entry.in_force_to = later.in_force_from


def _integrity(history: DocumentHistory, shown: str) -> list[Slip]:
    """Where the history breaks the versioning rules staff rely on, as warnings."""
    slips = []

    def warn(revision: Revision, message: str, what: str) -> None:
        when = revision.commit.authored.date().isoformat()
        subject = WITHHELD if revision.commit.withheld else revision.commit.subject
        problem = Problem(shown, "version", f"{message} (commit {revision.commit.hash[:7]}"
                          f" on {when}: {subject})", Severity.WARNING)
        slips.append(Slip(revision, what, problem))

    previous: Revision | None = None
    for revision in history.revisions:
        if previous is None or revision.version is None or previous.version is None:
            previous = revision
            continue
        old, new = previous.version, revision.version
        if new < old:
            warn(revision, f"went backwards from {old} to {new}",
                 f"The version went back from {old} to {new} in commit {{commit}}")
        elif new == old and previous.status != Status.DRAFT and revision.status != \
                Status.DRAFT and not revision.same_text_apart_from_review(previous) \
                and not revision.withdraws(previous):
            warn(revision, f"the text changed but the version stayed {new}: raise MINOR "
                           "for an editorial change, MAJOR for a substantive one",
                 "Text changed in commit {commit} without a new version")
        elif new.major > old.major:
            summary = revision.summary_text
            if not summary or summary == previous.summary_text:
                warn(revision, f"went up to {new}, a substantive change, without a new "
                               "change_summary saying what changed",
                     f"The version went up to {new} in commit {{commit}} without a new "
                     "change summary")
        previous = revision
    return slips


__all__ = ["DocumentHistory", "GitError", "History", "Revision", "Slip", "VersionEntry",
           "read_history", "slugs"]
