"""What each `handbook` subcommand does; `driver` only parses arguments.

Each command returns the process exit code and writes to the stream it is
given, so tests call them directly and read the output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import TextIO

from .. import editions, scaffold
from ..exports import review_row
from ..fields import markdown_reference
from ..handbook import Handbook, load, read_docs_dir
from ..history import handbook_history
from ..model import DocType, Document, Version
from ..problems import Problem, Severity
from ..reviews import Review, register
from ..schema import schema_json
from ..settings import INTERNAL_ENV, Gate, internal_from_env
from ..signoff.files import SignOffFiles, names_finder, read_sign_off_files
from ..signoff.importer import import_records, known_versions
from ..signoff.records import source_hash
from ..signoff.register import SignOffRegister, State
from .mkdocs_utils import ConfigError, Site


def load_site(site: Site) -> Handbook:
    return load(read_docs_dir(site.docs_dir), site.settings)


def _sign_off_files(site: Site, out: TextIO) -> SignOffFiles | None:
    """The roster and records the plugin options name, or None (after saying why) when
    one of them cannot be used at all: every answer from it would be wrong."""
    options = site.plugin_options
    found = read_sign_off_files(site.root, options.get("signoff_roster"),
                                options.get("signoff_records"))
    if found.unreadable:
        for problem in found.unreadable:
            out.write(f"ERROR: {problem}\n")
        out.write("Stopped: fix the files above first.\n")
        return None
    for problem in found.problems:
        out.write(f"WARNING: {problem}\n")
    return found


def _private(site: Site) -> Callable[[str], bool] | None:
    """Whether a commit message names someone on the roster (None without a roster)."""
    return names_finder(site.root, site.plugin_options.get("signoff_roster"))


def _internal(site: Site) -> bool:
    return bool(site.plugin_options.get("internal")) or internal_from_env()


def _withheld(site: Site, handbook: Handbook) -> list[Problem]:
    """Warnings for commit messages that public history pages withhold (they name staff)."""
    private = _private(site)
    if private is None or site.plugin_options.get("history") is False:
        return []
    found = handbook_history.read(handbook, site.docs_dir, str(site.docs_dir), private)
    return handbook_history.withheld(handbook, found)


def check(site: Site, out: TextIO, *, fmt: str = "text", as_of: date | None = None,
          fail_on: Gate | None = None) -> int:
    """Check every document's front matter and review dates.

    Prints every problem, then each controlled document's review status. Exits
    1 when there is an error, or when a review is at or past the gate, so CI
    fails exactly when `mkdocs build --strict` would.

    Args:
        site: Where the handbook is and how it is configured.
        out: Where to write the report.
        fmt: `text` for people, `json` for tools.
        as_of: Work out review statuses for this day (default: today, or
            `HANDBOOK_TODAY`), for example the date of a planned inspection.
        fail_on: Override the plugin's `fail_on` option.

    Returns:
        The exit code: 0 when all is well, 1 otherwise.
    """
    handbook = load_site(site)
    gate = fail_on or site.settings.fail_on
    day = as_of or site.settings.as_of()
    reviews = register(handbook.documents, day, site.settings.due_soon_days)
    late = [r for r in reviews if r.at_gate(gate)]
    errors = handbook.errors
    # Warnings only: a message in git cannot be changed, so it must not fail CI for good.
    problems = [*handbook.problems, *_withheld(site, handbook)]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    code = 1 if errors or late else 0
    if fmt == "json":
        json.dump({
            "docs_dir": str(site.docs_dir),
            "documents": len(handbook.documents),
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.as_dict() for p in problems],
            "as_of": day.isoformat(),
            "fail_on": gate.value,
            "reviews": [review_row(r, r.document.path) for r in reviews],
            "late": [r.document.id for r in late],
            "exit_code": code,
        }, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return code
    for problem in problems:
        out.write(f"{problem.severity.value.upper()}: {problem}\n")
    if reviews:
        out.write(f"\nReviews as of {day.isoformat()} "
                  f"(due soon: within {site.settings.due_soon_days} days):\n")
        _review_table(reviews, out)
    out.write(
        f"\n{len(handbook.documents)} documents checked in {site.docs_dir}: "
        f"{len(errors)} errors, {len(warnings)} warnings\n"
    )
    if late:
        what = "overdue" if gate is Gate.OVERDUE else "overdue or due soon"
        out.write(f"{len(late)} documents are {what} for review (fail_on: {gate}): "
                  f"{', '.join(r.document.path for r in late)}\n")
    return code


def _review_table(reviews: list[Review], out: TextIO) -> None:
    rows = [(r.status.label, r.review_by.isoformat() if r.review_by else "-",
             r.document.owner or "", r.document.path) for r in reviews]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        out.write("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False))
                  + "  " + row[3] + "\n")


def history(site: Site, out: TextIO, *, fmt: str = "text") -> int:
    """Print every document's history from git: commits, versions, created and updated.

    Args:
        site: Where the handbook is and how it is configured.
        out: Where to write the report.
        fmt: `text` for people, `json` for tools.

    Returns:
        0, or 1 when the history cannot be read (no git, no commits) or breaks a
        versioning rule (a warning the strict build would stop on).
    """
    handbook = load_site(site)
    found = handbook_history.read(handbook, site.docs_dir, str(site.docs_dir), _private(site))
    code = 1 if found.problems or not found.available else 0
    if fmt == "json":
        json.dump(handbook_history.as_json(handbook, found, internal=_internal(site)), out,
                  indent=2, ensure_ascii=False)
        out.write("\n")
        return code
    for problem in found.problems:
        out.write(f"WARNING: {problem}\n")
    for doc in handbook.documents:
        record = found.get(doc.id)
        if record is None or not record.revisions:
            continue
        versions = f", {len(record.versions)} versions" if record.versions else ""
        out.write(f"\n{doc.path} ({doc.id}): {len(record.revisions)} commits{versions}\n")
        for entry in reversed(record.versions):
            # in_force_to is the day the next version takes over: "until", not "to".
            if entry.in_force_to and entry.in_force_from:
                span = f"in force from {entry.in_force_from} until {entry.in_force_to}"
            elif entry.in_force_from:
                span = f"in force since {entry.in_force_from}"
            else:
                span = "never in force"
            out.write(f"  {entry.version!s:<6} {entry.status or '':<10} {span}; "
                      f"{entry.change_summary or ''}\n")
    return code


def asof(site: Site, out: TextIO, day: date, *, fmt: str = "text") -> int:
    """Print which version of each document was in force on `day`.

    Uses approval dates and commits: a version is in force from its approval
    until the next version's, or until the document is superseded or retired.

    Args:
        site: Where the handbook is and how it is configured.
        out: Where to write the list.
        day: The day to look at.
        fmt: `text` for people, `json` for tools.

    Returns:
        0, or 1 when the history cannot be read.
    """
    handbook = load_site(site)
    found = handbook_history.read(handbook, site.docs_dir, str(site.docs_dir))
    rows = handbook_history.in_force(handbook, found, day)
    if fmt == "json":
        json.dump({"date": day.isoformat(), "documents": [{
            "id": doc.id, "title": doc.title, "path": doc.path,
            "version": str(entry.version) if entry else None,
            "in_force_from": entry.in_force_from.isoformat() if entry else None,
            "in_force_to": entry.in_force_to.isoformat()
            if entry and entry.in_force_to else None,
            "commit": entry.last.commit.hash if entry else None,
        } for doc, entry in rows], "problems": [p.as_dict() for p in found.problems]},
            out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0 if found.available else 1
    for problem in found.problems:
        out.write(f"WARNING: {problem}\n")
    out.write(f"In force on {day.isoformat()}:\n")
    for doc, entry in rows:
        what = (f"version {entry.version} (from {entry.in_force_from}, "
                f"commit {entry.last.commit.hash[:7]})" if entry else "not in force")
        out.write(f"  {doc.path}: {what}\n")
    return 0 if found.available else 1


def signoff_import(site: Site, out: TextIO, files: list[str]) -> int:
    """Add downloaded sign-off records and form exports (CSV) to the records folder.

    Each row is checked: the document exists, the version is one it has had,
    the date is a date, the content hash (if given) matches that version's text,
    the person is on the roster (if there is one), and the record is not already
    there. Good rows are appended to `sign-offs.csv` in the records folder;
    every other row is reported with its file and line.

    Args:
        site: Where the handbook is and how it is configured.
        out: Where to write the report.
        files: The CSV files to import.

    Returns:
        0 when every row was imported or already recorded, 1 otherwise.
    """
    options = site.plugin_options
    if not options.get("signoff_records"):
        raise ConfigError("set signoff_records for the handbook plugin in mkdocs.yml first")
    shown_dir = str(options["signoff_records"])
    records_dir = site.root / shown_dir
    files_found = _sign_off_files(site, out)
    if files_found is None:
        return 1
    sources = read_docs_dir(site.docs_dir)
    handbook = load(sources, site.settings)
    texts = {source.src_uri: source.text for source in sources}
    found = handbook_history.read(handbook, site.docs_dir, str(site.docs_dir))

    def versions_of(doc: Document) -> set[Version]:
        return known_versions(doc, found.get(doc.id))

    @cache
    def hashes_of(doc: Document, version: Version) -> set[str] | None:
        history = found.get(doc.id)
        digests = {source_hash(r.text) for r in history.revisions if r.version == version} \
            if history else set()
        if version == doc.version and doc.src_uri in texts:
            digests.add(source_hash(texts[doc.src_uri]))
        return digests or None

    report = import_records([(Path(f), f) for f in files], records_dir, shown_dir,
                            files_found.records, handbook.by_id, versions_of, hashes_of,
                            files_found.people)
    for problem in report.problems:
        out.write(f"ERROR: {problem}\n")
    for record, first in report.duplicates:
        out.write(f"SKIPPED: {record.where}: {record.name} already confirmed "
                  f"{record.policy_id} {record.version} ({first})\n")
    target = report.target or records_dir
    out.write(f"{len(report.added)} records added to {target}, {len(report.duplicates)} already "
              f"recorded, {len(report.problems)} rows with problems\n")
    return 1 if report.problems else 0


def signoff_report(site: Site, out: TextIO, *, as_of: date | None = None) -> int:
    """Print who has and has not confirmed the current version of each document.

    Reads the roster and records (names: run it only where staff data may be
    shown). Exits 1 when someone is past the grace period.
    """
    options = site.plugin_options
    if not options.get("signoff_roster"):
        raise ConfigError("set signoff_roster for the handbook plugin in mkdocs.yml first")
    found = _sign_off_files(site, out)
    if found is None:
        return 1
    handbook = load_site(site)
    register = SignOffRegister(found.people or [], handbook.documents, found.records,
                               as_of or site.settings.as_of(),
                               int(options["signoff_grace_days"]))
    for problem in register.problems:
        out.write(f"WARNING: {problem}\n")
    for doc in register.documents:
        entries = register.for_document(doc)
        out.write(f"{doc.title} {doc.version}: {register.completion(entries)} confirmed\n")
        for entry in entries:
            if entry.state is not State.SIGNED:
                late = " (past the grace period)" if entry.late else ""
                out.write(f"    {entry.person.name}: {entry.state.label.lower()}{late}\n")
    late = register.late()
    return 1 if late else 0


def publish(site: Site, out: TextIO, edition: str, *, title: str | None = None,
            alias: str = "latest", push: bool = False, allow_overdue: bool = False,
            branch: str = "gh-pages", remote: str = "origin",
            published: date | None = None, refresh: bool = False) -> int:
    """Check the handbook, then publish it as a dated edition with mike.

    Refuses an internal build (the plugin's `internal: true` or
    `HANDBOOK_INTERNAL` set): it carries staff names. Refuses on any error
    `handbook check` finds, and on any overdue review unless `allow_overdue`.
    Then builds the site into the edition `edition` on `branch`, points `alias`
    at it, makes `alias` the default (so readers land on the newest edition)
    and, with `push`, pushes the branch.

    Args:
        site: Where the handbook is and how it is configured.
        out: Where to write what happened.
        edition: The edition's name, such as 2026-11.
        title: A title for the version selector (default: the name).
        alias: The alias readers land on.
        push: Push the branch to `remote` afterwards.
        allow_overdue: Publish even with overdue reviews.
        branch: The branch editions live on.
        remote: The remote to push to.
        published: The publication date (default: today).
        refresh: Rebuild an edition already published, keeping its title and
            date unless given: the nightly job uses it so statuses stay true.

    Returns:
        0 when published, 1 when refused.
    """
    if site.config_file is None:
        raise ConfigError("publishing needs mkdocs.yml: run it in the handbook's folder")
    if _internal(site):
        why = (f"the handbook plugin has internal: true in {site.config_file}"
               if site.plugin_options.get("internal") else f"{INTERNAL_ENV} is set")
        out.write(f"Not published: {why}, so this would be the internal edition, with staff "
                  "names. Publish from a configuration without internal: true, with "
                  "HANDBOOK_INTERNAL unset.\n")
        return 1
    handbook = load_site(site)
    errors = handbook.errors
    for problem in errors:
        out.write(f"ERROR: {problem}\n")
    overdue = [r for r in register(handbook.documents, site.settings.as_of(),
                                   site.settings.due_soon_days) if r.at_gate(Gate.OVERDUE)]
    if errors:
        out.write(f"Not published: fix the {len(errors)} errors above first.\n")
        return 1
    if overdue and not allow_overdue:
        for review in overdue:
            out.write(f"OVERDUE: {review.document.path}: {review.sentence}\n")
        out.write(f"Not published: {len(overdue)} documents are overdue for review. Review them, "
                  "or publish anyway with --allow-overdue.\n")
        return 1
    if refresh:
        folder = site.root
        existing = next((e for e in editions.list_editions(folder, branch) if e.name == edition),
                        None)
        if existing is None:
            out.write(f"Not published: there is no edition {edition} on {branch} to refresh.\n")
            return 1
        title = title or existing.title
        published = published or existing.published
    day = published or site.settings.as_of()
    editions.deploy(site.config_file.resolve(), edition, title=title or edition, alias=alias,
                    published=day, branch=branch, remote=remote, push=push)
    out.write(f"Published edition {edition} ({title or edition}) of {day.isoformat()} to "
              f"{branch}; {alias} now points to it{' and it is pushed' if push else ''}.\n")
    return 0


def list_published(site: Site, out: TextIO, *, branch: str = "gh-pages") -> int:
    """List the published editions, newest first, with their dates and aliases."""
    found = editions.list_editions(site.root, branch)
    if not found:
        out.write(f"No editions published on {branch} yet.\n")
        return 0
    for item in found:
        when = item.published.isoformat() if item.published else "date unknown"
        aliases = f" [{', '.join(item.aliases)}]" if item.aliases else ""
        out.write(f"{item.name:<16} {when}  {item.title}{aliases}\n")
    return 0


def init(target: Path, out: TextIO) -> int:
    """Start a new handbook in `target`: the starter set, with placeholders to fill in.

    Copies `mkdocs.yml`, the hooks, the theme overrides, the documents every
    setting needs and a sample roster, then commits them to git (policy history
    comes from git). `handbook check` lists every `[FILL IN: ...]` left.
    """
    started = scaffold.init(target)
    out.write(f"Started a handbook in {target} ({len(started.files)} files); {started.note}.\n")
    out.write("Next:\n"
              f"  1. cd {target}\n"
              "  2. handbook check             (lists every [FILL IN: ...] to replace)\n"
              "  3. mkdocs serve --livereload  (preview it at http://127.0.0.1:8000)\n"
              "  4. approve each document: status: approved, approved: YYYY-MM-DD\n")
    return 0


def new(site: Site, out: TextIO, doc_type: str, title: str) -> int:
    """Write a new draft document with valid front matter and placeholders to fill in.

    Its id comes from the title (made unique); it goes in the folder for its
    type (policies, procedures, guidance, forms, lessons) with version 1.0 and
    status draft. Prints what to do next.
    """
    kind = DocType(doc_type)
    handbook = load_site(site)
    # Every declared id, valid or not: a document still holding placeholders is invalid.
    path, doc_id = scaffold.new_document(site.docs_dir, kind, title, handbook.declared)
    relative = path.relative_to(site.docs_dir).as_posix()
    out.write(f"Wrote {path} (id: {doc_id}, version 1.0, draft).\nNext:\n"
              "  1. Replace every [FILL IN: ...]; handbook check lists what is left.\n")
    if site.has_nav:
        out.write(f"  2. Add it to nav in mkdocs.yml:  - {relative}\n")
    else:
        out.write("  2. It appears in the navigation by itself (mkdocs.yml has no nav).\n")
    if kind is not DocType.LESSON:
        out.write("  3. Once approved, set status: approved and approved: YYYY-MM-DD.\n"
                  "  4. handbook check, then publish (handbook publish EDITION).\n")
    return 0


def schema(out: TextIO, *, fmt: str = "json") -> int:
    """Print the JSON Schema of the front matter, or (markdown) the table of fields."""
    out.write(schema_json() if fmt == "json" else markdown_reference())
    return 0
