"""The training register at /training/: internal builds only, like the sign-off register.

Public builds never read the course records or the roster for it, so no staff
name or training record can reach them. The register's cells carry the review
dates' data attributes, so assets/review-status.js re-computes each status and
its words for the day the page is read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from ..handbook import within
from ..problems import Problem
from ..render import render
from ..signoff.files import read_sign_off_files
from ..training import CourseError, TrainingRegister, parse_courses, read_folder
from .pages import Generated, add_page
from .signoff_pages import resolve

if TYPE_CHECKING:
    from .plugin import HandbookPlugin

REGISTER = "training/index.md"


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


class TrainingSite:
    """The register, when the build is internal and there are courses."""

    def __init__(self, plugin: HandbookPlugin, files: Files, config: MkDocsConfig) -> None:
        self.plugin = plugin
        self.files = files
        self.config = config
        self.register: TrainingRegister | None = None
        self.problems: list[Problem] = []
        options = plugin.config
        courses = parse_courses(options.training_courses)
        if not plugin.internal or not courses or not options.signoff_roster:
            return
        base = Path(os.path.dirname(config.config_file_path or ""))
        people = read_sign_off_files(base, options.signoff_roster, None).people
        completions, self.problems = (
            read_folder(base / options.training_records, options.training_records)
            if options.training_records else ([], []))
        self.register = TrainingRegister(people or [], courses, completions, plugin.as_of,
                                         plugin.settings.due_soon_days)

    def add_pages(self) -> dict[str, Generated]:
        if self.register is None:
            return {}
        page = add_page(self.files, self.config, REGISTER, "Training register", self._body,
                        hide=["toc"], search={"exclude": True}, robots="noindex, nofollow")
        return {REGISTER: page}

    def _body(self, page_url: str) -> str:
        return render("training_register.html", title="Training register",
                      register=self.register, due_soon_days=self.plugin.settings.due_soon_days)

    def counts(self) -> list[tuple[str, int, int]] | None:
        """(course title, current, needing it) per course, for the inspection pack: no names."""
        if self.register is None:
            return None
        return [(course.title, current, needed)
                for course, current, needed in self.register.counts()]
