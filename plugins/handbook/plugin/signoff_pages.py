"""The sign-off part of the site: sections, printable sheets and the internal register.

Public builds never read the records, and read the roster only for its names,
to withhold commit messages that name staff (see `history_pages`), so no staff
name can reach them. Internal builds (`internal: true` or `HANDBOOK_INTERNAL=1`) add the
register at /sign-off/ (marked noindex, out of the search index) and put the
roster's names on the printable sheets, whose pages are then marked noindex too.

A document's printable sheet is part of its own page, a view of it at
`#sign-off-sheet` (see handbook.css), not a page of its own: on a large
handbook, writing a file per sheet cost more than everything else the plugin
adds to a build.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .. import fragments
from ..handbook import within
from ..model import Document
from ..problems import Problem, Severity
from ..render import render
from ..signoff.files import read_sign_off_files
from ..signoff.register import SignOffRegister, State
from ..signoff.roster import Person
from .pages import Generated, add_page

if TYPE_CHECKING:
    from .plugin import HandbookPlugin

REGISTER = "sign-off/index.md"
MATRIX = "sign-off/matrix.csv"
PUBLIC_BLANK_ROWS = 20
INTERNAL_BLANK_ROWS = 5


def check_paths(config: MkDocsConfig, roster: str | None, records: str | None) -> None:
    """Refuse a roster or records folder inside docs/: MkDocs would publish the names."""
    docs = os.path.realpath(config.docs_dir)
    for option, value in (("signoff_roster", roster), ("signoff_records", records)):
        if value and within(os.path.realpath(resolve(config, value)), docs):
            raise PluginError(f"handbook: {option}: {value} is inside the docs folder, so every "
                              "build would publish staff names: move it outside docs/")


def resolve(config: MkDocsConfig, path: str) -> str:
    return os.path.join(os.path.dirname(config.config_file_path or ""), path)


class SignOffSite:
    """Sign-off sections for every document with key points, and the register when internal."""

    def __init__(self, plugin: HandbookPlugin, files: Files, config: MkDocsConfig) -> None:
        self.plugin = plugin
        self.config = config
        self.files = files
        self.documents = [d for d in plugin.handbook.documents if d.needs_sign_off]
        self.ids = {d.id for d in self.documents}
        self.people: list[Person] = []
        self.register: SignOffRegister | None = None
        self.problems: list[Problem] = []
        options = plugin.config
        delivery = {
            "download": options.signoff_download if options.signoff_download is not None
            else not (options.signoff_email or options.signoff_form_url),
            "email": options.signoff_email or "",
            "form": options.signoff_form_url or "",
        }
        self.delivery = delivery
        if plugin.internal:
            self._read_register()

    def _read_register(self) -> None:
        options = self.plugin.config
        if not options.signoff_roster:
            return
        found = read_sign_off_files(Path(os.path.dirname(self.config.config_file_path or "")),
                                    options.signoff_roster, options.signoff_records)
        self.problems += found.problems
        if found.people is None:
            return
        self.people = found.people
        self.register = SignOffRegister(self.people, self.plugin.handbook.documents, found.records,
                                        self.plugin.as_of, options.signoff_grace_days)
        self.problems += self.register.problems
        for doc, late in self.register.late():
            redo = sum(e.state is State.REDO for e in late)
            self.problems.append(Problem(
                doc.path, "sign_off",
                f"{len(late)} of {len(self.register.for_document(doc))} staff have not "
                f"confirmed version {doc.version} within {options.signoff_grace_days} days"
                + (f" ({redo} confirmed an older version)" if redo else "")
                + ": see the sign-off register", Severity.WARNING))

    def add_pages(self) -> dict[str, Generated]:
        generated: dict[str, Generated] = {}
        if self.plugin.internal:
            page = add_page(self.files, self.config, REGISTER, "Sign-off register",
                            self._register_body, hide=["toc"], search={"exclude": True},
                            robots="noindex, nofollow")
            generated[REGISTER] = page
            if self.register is not None:
                self.files.append(File.generated(self.config, MATRIX,
                                                 content=self.register.matrix_csv()))
        return generated

    def names_on_sheet(self, doc: Document) -> bool:
        """The document's page lists staff on its sheet (internal builds with a roster)."""
        return self.register is not None and doc.id in self.ids

    def section(self, doc: Document, page_url: str) -> fragments.Fragment:
        """The sign-off section for the end of a document's page, with its sheet."""
        history = self.plugin.history_site
        changes = history.changes_to_current(doc, page_url) if history else {}
        digest = self.plugin.hashes[doc.id]
        people = self._people_for(doc)
        section = fragments.signoff_section(doc, digest, self.delivery, changes)
        sheet = fragments.signoff_sheet(
            doc, digest, people, INTERNAL_BLANK_ROWS if people else PUBLIC_BLANK_ROWS)
        return section._replace(shown=section.shown + "\n" + sheet)

    def _people_for(self, doc: Document) -> list[Person]:
        if self.register is None:
            return []
        return [e.person for e in self.register.for_document(doc)]

    def _register_body(self, page_url: str) -> str:
        register = self.register
        if register is None:
            return render("signoff_register.html", title="Sign-off register", register=None)
        documents = []
        for doc in register.documents:
            entries = register.for_document(doc)
            documents.append({
                "doc": doc, "href": self.plugin.href(doc, page_url),
                "completion": register.completion(entries),
                "redo": sum(e.state is State.REDO for e in entries),
                "missing": sum(e.state is State.MISSING for e in entries),
                "late": sum(e.late for e in entries),
            })
        people = [{"person": p, "completion": register.person_completion(p),
                   "outstanding": register.outstanding(p)} for p in register.people]
        overall = register.completion(list(register.entries.values()))
        return render("signoff_register.html", title="Sign-off register", register=register,
                      documents=documents, people=people, overall=overall,
                      grace_days=self.plugin.config.signoff_grace_days,
                      csv_href=get_relative_url(MATRIX, page_url),
                      href=lambda doc: self.plugin.href(doc, page_url))

    def completion(self) -> dict[str, str] | None:
        """Per-document completion for the inspection pack (internal builds only)."""
        if self.register is None:
            return None
        return {doc.id: str(self.register.document_completion(doc))
                for doc in self.register.documents}
