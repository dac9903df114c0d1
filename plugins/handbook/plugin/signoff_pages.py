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
from functools import partial

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .. import fragments
from ..generated_paths import SIGNOFF_MATRIX as MATRIX
from ..generated_paths import SIGNOFF_REGISTER as REGISTER
from ..handbook import within
from ..model import Document
from ..render import render
from ..signoff.register import State
from .builder import Built
from .generated import add_page
from .site import Site

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


def section(site: Site, doc: Document, page_url: str) -> fragments.Fragment:
    """The sign-off section for the end of a document's page, with its sheet."""
    history = site.history_layout
    changes: dict[str, object] = {}
    if history is not None:
        changes.update(history.changes_to_current(doc, page_url))
    digest = site.hashes[doc.id]
    people = site.signoff.people_for(doc)
    section = fragments.signoff_section(doc, digest, dict(site.signoff.delivery), changes)
    sheet = fragments.signoff_sheet(
        doc, digest, people, INTERNAL_BLANK_ROWS if people else PUBLIC_BLANK_ROWS)
    return section._replace(shown=section.shown + "\n" + sheet)


class SignOffPages:
    """The sign-off register and its CSV matrix, in internal builds."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def add_pages(self, files: Files) -> Built:
        site, built = self.site, Built()
        if site.internal:
            built.pages[REGISTER] = add_page(
                files, site.config, REGISTER, "Sign-off register",
                partial(_register_body, site), hide=["toc"], search={"exclude": True},
                robots="noindex, nofollow")
            if site.signoff.register is not None:
                files.append(File.generated(site.config, MATRIX,
                                            content=site.signoff.register.matrix_csv()))
        return built


def _register_body(site: Site, page_url: str) -> str:
    register = site.signoff.register
    if register is None:
        return render("signoff_register.html", title="Sign-off register", register=None)
    documents = []
    for doc in register.documents:
        entries = register.for_document(doc)
        documents.append({
            "doc": doc, "href": site.href(doc, page_url),
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
                  grace_days=site.options.signoff_grace_days,
                  csv_href=get_relative_url(MATRIX, page_url),
                  href=lambda doc: site.href(doc, page_url))
