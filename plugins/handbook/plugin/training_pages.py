"""The training register at /training/: internal builds only, like the sign-off register.

Public builds never read the course records or the roster for it, so no staff
name or training record can reach them. The register's cells carry the review
dates' data attributes, so assets/review-status.js re-computes each status and
its words for the day the page is read.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from ..generated_paths import TRAINING_REGISTER as REGISTER
from ..handbook import within
from ..render import render
from ..training import CourseError, parse_courses
from .builder import Built
from .generated import add_page
from .signoff_pages import resolve
from .site import Site


def check_training(config: MkDocsConfig, courses: object, records: str | None) -> None:
    """Refuse a wrong course list, and a records folder inside docs/ (it would be published)."""
    try:
        parse_courses(courses)
    except CourseError as error:
        raise PluginError(f"handbook: {error}") from error
    if records and within(os.path.realpath(resolve(config, records)),
                          os.path.realpath(config.docs_dir)):
        raise PluginError(f"handbook: training_records: {records} is inside the docs folder, "
                          "so every build would publish staff training records: move it "
                          "outside docs/")


class TrainingPages:
    """The register, when the build is internal and there are courses (see `site.read_training`)."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def add_pages(self, files: Files) -> Built:
        if self.site.training is None:
            return Built()
        page = add_page(files, self.site.config, REGISTER, "Training register", self._body,
                        hide=["toc"], search={"exclude": True}, robots="noindex, nofollow")
        return Built({REGISTER: page})

    def _body(self, page_url: str) -> str:
        return render("training_register.html", title="Training register",
                      register=self.site.training,
                      due_soon_days=self.site.settings.due_soon_days)
