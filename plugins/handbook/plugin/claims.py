"""What the build may publish: the author's files and ours never overwrite each other,
and nothing reached through a link out of docs/ is published.

MkDocs writes whichever file comes last to a path, and `Files.append` silently
drops a file with the same source path; so a `docs/reviews.md` used to replace
the review register, and the register a user's own `docs/reviews/index.md`.
Every clash is an error naming both; the author's file is kept and ours left
out, so a non-strict build loses none of the author's pages.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..generated_paths import clash
from ..handbook import outside_links, within
from ..problems import Problem
from .stamping import Press


def dest_of(config: MkDocsConfig, src_uri: str) -> str:
    """Where MkDocs would write a file with this source path."""
    return File(src_uri, None, config.site_dir, config.use_directory_urls).dest_uri


class Claims:
    """The author's files, taken before the plugin adds its own."""

    def __init__(self, files: Files, config: MkDocsConfig, root: str) -> None:
        self.config = config
        self.root = root
        self.authored = [f for f in files if _in_docs(f, config)]
        self.by_dest = {f.dest_uri: f for f in self.authored}

    def shown(self, file: File) -> str:
        return os.path.relpath(file.abs_src_path or file.src_uri, self.root)

    def taken(self, dest_uri: str) -> File | None:
        """The author's file that MkDocs would write at `dest_uri`, if any."""
        return self.by_dest.get(dest_uri)

    def problem(self, mine: File | None, dest_uri: str, ours: str) -> Problem:
        return clash(self.shown(mine) if mine else dest_uri, dest_uri, ours)

    def settle(self, files: Files, presses: Iterable[Press],
               outputs: Iterable[str]) -> tuple[list[File], list[str], list[Problem]]:
        """Find every clash between the author's files and ours.

        Returns our files to leave out, our output paths (relative to the site) not to
        write, and an error per clash. Stamped pages that clash are taken off their press.
        """
        problems: list[Problem] = []
        dropped: list[File] = []
        authored = {id(f) for f in self.authored}
        by_src = {f.src_uri: f for f in self.authored}
        present = {id(f) for f in files}
        for file in files:
            if id(file) in authored or not file.generated_by:
                continue  # the author's, or the theme's
            # Files.append drops the author's file with the same source path.
            replaced = by_src.get(file.src_uri)
            mine = replaced if replaced is not None and id(replaced) not in present \
                else self.taken(file.dest_uri)
            if mine is not None:
                problems.append(self.problem(mine, file.dest_uri, file.src_uri))
                dropped.append(file)
        for press in presses:
            for sheet in list(press.sheets[1:]):
                mine = self.taken(sheet.dest_uri)
                if mine is not None:
                    problems.append(self.problem(mine, sheet.dest_uri, sheet.src_uri))
                    press.sheets.remove(sheet)
        skipped = []
        for output in outputs:
            mine = self.taken(output)
            if mine is not None:
                problems.append(self.problem(mine, output, output))
                skipped.append(output)
        return dropped, skipped, problems

    def restore(self, files: Files, dropped: list[File]) -> None:
        """Take our clashing files out and put back any author's file they displaced."""
        for file in dropped:
            if files.get_file_from_path(file.src_uri) is file:
                files.remove(file)
        present = {f.src_uri for f in files}
        for file in self.authored:
            if file.src_uri not in present:
                files.append(file)


def _in_docs(file: File, config: MkDocsConfig) -> bool:
    """The author's file (not the theme's, nor one a plugin generated)."""
    return not file.generated_by and os.path.normpath(file.src_dir or "") == os.path.normpath(
        config.docs_dir)


def refuse_outside(files: Files, config: MkDocsConfig, root: str,
                   private: Iterable[str]) -> list[Problem]:
    """Leave out every file reached through a link out of docs/, and every roster or
    records file the plugin reads, whatever path leads to it."""
    problems = outside_links(config.docs_dir, shown=os.path.relpath(config.docs_dir, root))
    docs = os.path.realpath(config.docs_dir)
    private = [os.path.realpath(p) for p in private]
    for file in list(files):
        if not _in_docs(file, config) or not file.abs_src_path:
            continue
        real = os.path.realpath(file.abs_src_path)
        if any(within(real, p) for p in private):
            problems.append(Problem(
                os.path.relpath(file.abs_src_path, root), None,
                "is the staff roster or a sign-off record the handbook reads; it is never "
                "published, so it is left out of the site"))
            files.remove(file)
        elif not within(real, docs):
            files.remove(file)  # reported once, by its link, in outside_links
    return problems
