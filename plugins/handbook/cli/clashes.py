"""The author's files published where the handbook generates a page or a file.

The build finds these clashes as it adds its pages (`plugin.claims`) and stops
on each in `--strict`; `handbook check` finds the same ones before any build,
from the same list of what the plugin generates (`generated_paths`) and with
MkDocs' own `File` for where a source is published (`use_directory_urls`).
"""

from __future__ import annotations

import os

from ..generated_paths import Conditions, clash, doc_pages, generated
from ..handbook import Handbook, within
from ..history.handbook_history import HandbookHistory
from ..lessons import LessonLinks
from ..problems import Problem
from ..settings import internal_from_env
from ..signoff.files import read_sign_off_files
from ..training import CourseError, parse_courses
from .mkdocs_utils import Site


def clashes(site: Site, handbook: Handbook, history: HandbookHistory | None) -> list[Problem]:
    """An error per author's file that a generated page or file would replace.

    `history` is what `handbook check` read from git when the `history` option is
    on (None when off), so the per-document history pages are the build's own.
    Without mkdocs.yml, or with the plugin left out or disabled, the build adds
    nothing, so nothing clashes.
    """
    config = site.config
    if config is None or "handbook" not in config.plugins \
            or not site.plugin_options.get("enabled", True):
        return []
    from mkdocs.structure.files import File, get_files

    docs = os.path.realpath(config.docs_dir)
    private = [os.path.realpath(site.root / str(path)) for path in
               (site.option("signoff_roster", str), site.option("signoff_records", str)) if path]
    # The build's `Claims`: every file MkDocs takes from docs/, less those reached through
    # a link out of it and the staff files (left out and reported on their own).
    authored = [f for f in get_files(config) if f.abs_src_path
                and within(os.path.realpath(f.abs_src_path), docs)
                and not any(within(os.path.realpath(f.abs_src_path), p) for p in private)]
    by_dest = {f.dest_uri: f for f in authored}
    by_src = {f.src_uri: f for f in authored}
    problems = []
    for ours in generated(conditions(site, handbook, history)):
        if ours.yields:
            continue  # the handbook's own page takes its place: no clash
        if ours.output:
            dest = ours.path
            mine = by_dest.get(dest)
        else:
            dest = File(ours.path, None, config.site_dir, config.use_directory_urls).dest_uri
            mine = by_src.get(ours.path) or by_dest.get(dest)
        if mine is not None:
            shown = os.path.join(site.docs_dir, *mine.src_uri.split("/"))
            problems.append(clash(shown, dest, ours.path))
    return problems


def conditions(site: Site, handbook: Handbook, history: HandbookHistory | None) -> Conditions:
    """What decides the build's generated pages, read as the plugin reads it."""
    from ..plugin.editor_files import LOCAL_ENV as EDITOR_ENV
    from ..plugin.plugin import is_offline

    internal = bool(site.plugin_options.get("internal")) or internal_from_env()
    roster = site.option("signoff_roster", str)
    # Internal builds read the roster; the sign-off matrix needs its names.
    people = (read_sign_off_files(site.root, roster, None).people is not None
              if internal and roster else False)
    try:
        courses = bool(parse_courses(site.plugin_options.get("training_courses") or []))
    except CourseError:
        courses = False  # the build stops on it first (and MkDocs' config check reports it)
    shown = history is not None and history.available
    pages = doc_pages(handbook.controlled, history.get) if shown and history else {}
    return Conditions(
        history=shown,
        history_pages=tuple(src for item in pages.values() for src in item.sources()),
        lessons=bool(LessonLinks.of(handbook).lessons),
        internal=internal,
        signoff_register=people,
        training=internal and bool(roster) and courses,
        offline=site.config is not None and is_offline(site.config),
        editor=bool(site.plugin_options.get("editor")) or os.environ.get(EDITOR_ENV) == "local",
    )
