"""Every path the plugin adds to the site, and when: one list for the build and for
`handbook check`.

An author's file published where the handbook generates a page or a file is an
error: the build finds it as it adds its pages (`plugin.claims`), and `handbook
check` finds the same clashes without a build. Both take the paths from here,
and `generated` says which of them a build adds given its options and the
handbook, so a page the plugin gains is checked by both or by neither.

Paths are source paths as MkDocs takes them (`File.generated`), except outputs,
which the plugin writes into the site folder as they are. Where MkDocs publishes
a source path (its `dest_uri`, which depends on `use_directory_urls`) is left to
MkDocs' own `File`, in the adapters: this module never imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:  # only for types: the history (git) is read only when it is on
    from .history.policy_versions import DocumentHistory
    from .model import Document

# The review register, always; its calendar and JSON exports are outputs.
REVIEW_REGISTER = "reviews/index.md"
REVIEW_CALENDAR = "reviews.ics"
REVIEW_JSON = "reviews.json"
# Written into the site folder after the build, not through MkDocs.
OUTPUTS = (REVIEW_CALENDAR, REVIEW_JSON)

# With the `history` option on and the history read from git.
HISTORY = "history/index.md"
AMENDMENTS = "amendments/index.md"
INSPECTION = "inspection/index.md"
AMENDMENTS_FEED = "amendments.xml"
# Compare every pair of versions up to this many; beyond it, neighbours and the current one.
ALL_PAIRS_UP_TO = 15

# When the handbook has lessons; the handbook's own page at either path replaces ours.
LESSONS = "lessons/index.md"
LESSONS_MATRIX = "lessons/traceability/index.md"

# Internal builds only.
SIGNOFF_REGISTER = "sign-off/index.md"
SIGNOFF_MATRIX = "sign-off/matrix.csv"  # with a roster the build could read
TRAINING_REGISTER = "training/index.md"  # with a roster and training courses

# Stylesheets and scripts, on every build.
ASSET_DIR = "assets/handbook"
STYLESHEETS = ("handbook.css",)
# Each script goes only on pages with something for it to do (so a page carries
# a few KB at most): the script, and the markup that calls for it.
SCRIPTS = {
    "review-status.js": ("data-review-by=", "data-review-dates=", "data-print-date"),
    "register.js": ("data-handbook-register",),
    "history.js": ("data-handbook-asof", "data-handbook-compare"),
    "signoff.js": ("data-signoff-policy",),
    "check.js": ("data-check-id",),
    "handbook.js": ("",),  # every page
}
# The archived-edition banner is in the theme, not the content, so an edition
# carries its script on every page (the file is in every build).
EDITION_SCRIPT = "editions.js"
# Material's `offline` plugin would load this shim (search in a web worker from
# file://) from a CDN: a request leaving the site. We ship our own, in offline builds.
WORKER_SHIM = "file-worker.js"
# Its name keeps "iframe-worker" in it, so the offline plugin adds no other.
WORKER_SHIM_PATH = f"{ASSET_DIR}/iframe-worker-{WORKER_SHIM}"

# The web editor, with the `editor` option on (or under `handbook edit`).
EDITOR_DIR = "admin"
EDITOR_PAGE = f"{EDITOR_DIR}/index.html"
EDITOR_CONFIG = f"{EDITOR_DIR}/config.yml"
EDITOR_PROGRAM = "decap-cms.js"
# Served next to the program, as its licence asks.
EDITOR_VENDORED = (EDITOR_PROGRAM, f"{EDITOR_PROGRAM}.LICENSE.txt")


def clash(shown: str, dest_uri: str, ours: str) -> Problem:
    """The error for an author's file (`shown`) published at `dest_uri`, where the
    handbook generates `ours`: worded once for the build and `handbook check`."""
    return Problem(
        shown, None,
        f"is published at {dest_uri}, where the handbook generates {ours}; the two "
        "would replace each other, so the generated one is left out: rename or move "
        "your file", line=None)


def asset(name: str) -> str:
    """Where one of our stylesheets or scripts goes."""
    return f"{ASSET_DIR}/{name}"


@dataclass
class DocPages:
    """Where one document's history pages live: its history, old versions and diffs."""

    doc: Document
    history: DocumentHistory
    slugs: list[str]

    def is_live(self, index: int) -> bool:
        """Whether that version is what the live page shows (so it has no snapshot page)."""
        versions = self.history.versions
        return index == len(versions) - 1 and versions[index].version == self.doc.version

    def history_src(self) -> str:
        return f"history/{self.doc.id}/index.md"

    def snapshot_src(self, index: int) -> str:
        return f"history/{self.doc.id}/{self.slugs[index]}/index.md"

    def diff_src(self, old: int, new: int) -> str:
        return f"history/{self.doc.id}/diff/{self.slugs[old]}-{self.slugs[new]}/index.md"

    def pairs(self) -> list[tuple[int, int]]:
        count = len(self.history.versions)
        if count <= ALL_PAIRS_UP_TO:
            return [(a, b) for b in range(count) for a in range(b)]
        wanted = {(i - 1, i) for i in range(1, count)} | {(i, count - 1) for i in range(count - 1)}
        return sorted(wanted, key=lambda p: (p[1], p[0]))

    def sources(self) -> list[str]:
        """Every history page of this document: its history, its snapshots, its diffs."""
        snapshots = [self.snapshot_src(index) for index in range(len(self.history.versions))
                     if not self.is_live(index)]
        return [self.history_src(), *snapshots,
                *(self.diff_src(old, new) for old, new in self.pairs())]


def doc_pages(controlled: Iterable[Document],
              history_of: Callable[[str], DocumentHistory | None]) -> dict[str, DocPages]:
    """The history pages of every controlled document with a history, by id."""
    from .history.policy_versions import slugs  # loaded only when the history is on

    docs = {}
    for doc in controlled:
        found = history_of(doc.id)
        if found is not None:
            docs[doc.id] = DocPages(doc, found, slugs(found.versions))
    return docs


@dataclass(frozen=True)
class Ours:
    """One page or file the plugin adds."""

    path: str  # a source path, or for an output the path in the site folder
    output: bool = False  # written into the site folder as it is, not through MkDocs
    # Left out, with no error, where the handbook has its own file there (the lessons
    # index and matrix are the handbook's to write if it wants).
    yields: bool = False


@dataclass(frozen=True)
class Conditions:
    """What decides which pages and files a build adds (see `generated`).

    `history_pages` holds every per-document history page when the history is
    on and read (`DocPages.sources`, in the order the build adds them).
    """

    history: bool = False  # the `history` option is on and git's history could be read
    history_pages: tuple[str, ...] = ()
    lessons: bool = False  # the handbook has at least one valid lesson
    internal: bool = False  # `internal: true` or HANDBOOK_INTERNAL
    signoff_register: bool = False  # internal, with a roster whose names could be read
    training: bool = False  # internal, with a roster and training courses
    offline: bool = False  # Material's offline plugin is on
    editor: bool = False  # the `editor` option is on, or `handbook edit` runs the build


def generated(when: Conditions) -> list[Ours]:
    """Everything the plugin adds to a build like that, in the order it adds them."""
    found = [Ours(asset(name)) for name in (*STYLESHEETS, *SCRIPTS, EDITION_SCRIPT)]
    if when.offline:
        found.append(Ours(WORKER_SHIM_PATH))
    found.append(Ours(REVIEW_REGISTER))
    if when.history:
        found += [Ours(src) for src in when.history_pages]
        found += [Ours(HISTORY), Ours(AMENDMENTS), Ours(INSPECTION), Ours(AMENDMENTS_FEED)]
    if when.lessons:
        found += [Ours(LESSONS, yields=True), Ours(LESSONS_MATRIX, yields=True)]
    if when.internal:
        found.append(Ours(SIGNOFF_REGISTER))
        if when.signoff_register:
            found.append(Ours(SIGNOFF_MATRIX))
        if when.training:
            found.append(Ours(TRAINING_REGISTER))
    if when.editor:
        found += [Ours(EDITOR_PAGE), Ours(EDITOR_CONFIG)]
        found += [Ours(f"{EDITOR_DIR}/{name}") for name in EDITOR_VENDORED]
    found += [Ours(path, output=True) for path in OUTPUTS]
    return found
