"""The site model: everything the build knows about the handbook, read once in `on_files`.

Page builders, the per-page decorations and the hooks all read this one object
and none of them changes it; what changes during a build (the deferred parts
of pages, background work, the pages added) lives in small objects of its own
(`deferred.Deferred`, `offload.Offload`, `builder.Built`), passed where needed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import get_relative_url

from ..handbook import Handbook
from ..lessons import LessonLinks
from ..model import Document
from ..problems import Problem, Severity
from ..reviews import Review
from ..settings import Settings
from ..signoff.files import SignOffFiles, read_sign_off_files
from ..signoff.register import SignOffRegister, State
from ..signoff.roster import Person
from ..training import TrainingRegister, parse_courses, read_folder
from .config import HandbookConfig

if TYPE_CHECKING:  # loaded only when history is on: git, diffs and feeds cost time to load
    from ..history.handbook_history import HandbookHistory
    from .history_layout import HistoryLayout


@dataclass(frozen=True)
class SignOff:
    """Who signs what, and how: the register itself only in internal builds with a roster."""

    ids: frozenset[str]  # documents with a sign-off section
    delivery: Mapping[str, object]
    register: SignOffRegister | None = None

    @classmethod
    def read(cls, options: HandbookConfig, handbook: Handbook, as_of: date,
             found: SignOffFiles | None) -> tuple[SignOff, list[Problem]]:
        """`found` is None in public builds (see `read_staff_files`)."""
        ids = frozenset(d.id for d in handbook.documents if d.needs_sign_off)
        delivery = MappingProxyType({
            "download": options.signoff_download if options.signoff_download is not None
            else not (options.signoff_email or options.signoff_form_url),
            "email": options.signoff_email or "",
            "form": options.signoff_form_url or "",
        })
        if found is None:
            return cls(ids, delivery), []
        problems = list(found.problems)
        if found.people is None:
            return cls(ids, delivery), problems
        register = SignOffRegister(found.people, handbook.documents, found.records, as_of,
                                   options.signoff_grace_days)
        problems += register.problems
        for doc, late in register.late():
            redo = sum(e.state is State.REDO for e in late)
            problems.append(Problem(
                doc.path, "sign_off",
                f"{len(late)} of {len(register.for_document(doc))} staff have not "
                f"confirmed version {doc.version} within {options.signoff_grace_days} days"
                + (f" ({redo} confirmed an older version)" if redo else "")
                + ": see the sign-off register", Severity.WARNING))
        return cls(ids, delivery, register), problems

    def names_on_sheet(self, doc: Document) -> bool:
        """The document's page lists staff on its sheet (internal builds with a roster)."""
        return self.register is not None and doc.id in self.ids

    def people_for(self, doc: Document) -> list[Person]:
        if self.register is None:
            return []
        return [e.person for e in self.register.for_document(doc)]

    def completion(self) -> dict[str, str] | None:
        """Per-document completion for the inspection pack (internal builds only)."""
        if self.register is None:
            return None
        return {doc.id: str(self.register.document_completion(doc))
                for doc in self.register.documents}


def read_staff_files(options: HandbookConfig, config: MkDocsConfig,
                     internal: bool) -> SignOffFiles | None:
    """The roster and sign-off records, read once for sign-off and training alike.

    None in public builds and without a roster: public builds never read them,
    so no staff name can reach them.
    """
    if not internal or not options.signoff_roster:
        return None
    return read_sign_off_files(Path(os.path.dirname(config.config_file_path or "")),
                               options.signoff_roster, options.signoff_records)


def read_training(options: HandbookConfig, config: MkDocsConfig, settings: Settings,
                  as_of: date, found: SignOffFiles | None,
                  ) -> tuple[TrainingRegister | None, list[Problem]]:
    """The training register, when the build is internal and there are courses.

    Public builds never read the course records (`found` is None there, see
    `read_staff_files`), so no staff name or training record can reach them.
    """
    courses = parse_courses(options.training_courses)
    if found is None or not courses:
        return None, []
    base = Path(os.path.dirname(config.config_file_path or ""))
    completions, problems = (
        read_folder(base / options.training_records, options.training_records)
        if options.training_records else ([], []))
    return TrainingRegister(found.people or [], courses, completions, as_of,
                            settings.due_soon_days), problems


@dataclass(frozen=True)
class Site:
    """The handbook as this build publishes it; made once in `on_files`, then only read.

    Frozen, and its mappings are read-only views: a page builder or hook that
    wants to change what the build knows has to say so in `plugin.on_files`.
    """

    config: MkDocsConfig
    options: HandbookConfig
    settings: Settings
    handbook: Handbook
    as_of: date
    register: tuple[Review, ...]  # every document's review, in the register's order
    reviews: Mapping[str, Review]  # by document id
    urls: Mapping[str, str]  # document id -> its page's URL
    hashes: Mapping[str, str]  # document id -> hash of its source, for sign-off
    internal: bool
    edition: str | None
    lessons: LessonLinks
    signoff: SignOff
    training: TrainingRegister | None
    history: HandbookHistory | None  # read when the `history` option is on
    history_layout: HistoryLayout | None  # when there is history to show

    def href(self, doc: Document | str, from_url: str) -> str:
        """Link from the page at `from_url` to a document's page."""
        doc_id = doc if isinstance(doc, str) else doc.id
        return get_relative_url(self.urls[doc_id], from_url)

    def document(self, src_uri: str) -> Document | None:
        return self.handbook.by_src_uri.get(src_uri)

    def training_counts(self) -> list[tuple[str, int, int]] | None:
        """(course title, current, needing it) per course, for the inspection pack: no names."""
        if self.training is None:
            return None
        return [(course.title, current, needed)
                for course, current, needed in self.training.counts()]
