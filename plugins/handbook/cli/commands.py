"""What each `handbook` subcommand does; `driver` only parses arguments.

Each command returns the process exit code and writes to the stream it is
given, so tests call them directly and read the output.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import TextIO

from .. import approvals, atomic, editions, scaffold
from ..dates import long_date
from ..exports import review_row
from ..fields import markdown_reference
from ..handbook import Handbook, load, outside_links, read_docs_dir
from ..history import accepted, handbook_history
from ..history.git_repo import GitError, commit_file, find_repo, resolve_commit, tracked
from ..model import DocType, Document, Version
from ..problems import Severity
from ..reviews import Review, register
from ..schema import schema_json
from ..settings import INTERNAL_ENV, Gate, internal_from_env
from ..signoff.files import SignOffFiles, names_finder, read_sign_off_files
from ..signoff.importer import Known, import_records, known_versions
from ..signoff.records import RECORDS_FILE, source_hash
from ..signoff.register import SignOffRegister, State
from ..validate import leftover_placeholders
from ..wordimport import importer as wordimport
from .clashes import clashes
from .mkdocs_utils import ConfigError, Site


def load_site(site: Site) -> Handbook:
    handbook = load(read_docs_dir(site.docs_dir), site.settings)
    # A link out of docs/ is refused by the build; say so here too.
    handbook.problems[:0] = outside_links(site.docs_dir)
    if site.config_file is not None:
        roster = site.plugin_options.get("signoff_roster")
        handbook.problems[:0] = leftover_placeholders(
            [(str(site.config_file), site.config_file),
             *([(str(roster), site.root / str(roster))] if roster else [])])
    return handbook


def read_history(site: Site, handbook: Handbook) -> handbook_history.HandbookHistory:
    """Every document's history, less the warnings accepted beside mkdocs.yml, with commit
    messages that name someone on the roster flagged (public output withholds them)."""
    return handbook_history.read(handbook, site.docs_dir, str(site.docs_dir),
                                 handbook_history.accepted_path(site.config_file),
                                 _private(site))


def _sign_off_files(site: Site, out: TextIO, *, intact: bool = False) -> SignOffFiles | None:
    """The roster and records the plugin options name, or None (after saying why) when
    one of them cannot be used at all: every answer from it would be wrong.

    With `intact`, a damaged row in the records folder stops it too: an import
    would not see that record, so it could add it twice or hide that it is lost.
    """
    found = read_sign_off_files(site.root, site.option("signoff_roster", str),
                                site.option("signoff_records", str))
    stop = found.unreadable + (found.damaged if intact else [])
    if stop:
        for problem in found.problems if intact else found.unreadable:
            out.write(f"ERROR: {problem}\n")
        out.write("Stopped: fix the files above first"
                  + (" (nothing was imported)" if intact else "") + ".\n")
        return None
    for problem in found.problems:
        out.write(f"ERROR: {problem}\n")
    return found


def _private(site: Site) -> Callable[[str], bool] | None:
    """Whether a commit message names someone on the roster (None without a roster)."""
    return names_finder(site.root, site.option("signoff_roster", str))


def _internal(site: Site) -> bool:
    return bool(site.plugin_options.get("internal")) or internal_from_env()


def check(site: Site, out: TextIO, *, fmt: str = "text", as_of: date | None = None,
          fail_on: Gate | None = None) -> int:
    """Check every document's front matter and review dates.

    Prints every problem (with the history's warnings when the plugin's
    `history` option is on, as the build has them, and an error for each of
    the author's files published where the handbook generates a page or file),
    then each controlled document's review status. Exits
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
    problems = list(handbook.problems)
    found = None
    if site.plugin_options.get("history"):
        # The build warns about the history too (and --strict stops on it); git is
        # read only when the plugin's history option is on, as the build does.
        found = read_history(site, handbook)
        # Withheld messages are warnings only: a message in git cannot be changed, so it
        # must not fail CI for good.
        problems += found.problems + handbook_history.withheld(handbook, found)
    # The build leaves our page out and reports an error for each (see `clashes`).
    clashing = clashes(site, handbook, found)
    problems += clashing
    gate = fail_on or site.settings.fail_on
    day = as_of or site.settings.as_of()
    reviews = register(handbook.documents, day, site.settings.due_soon_days)
    late = [r for r in reviews if r.at_gate(gate)]
    errors = handbook.errors + clashing
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    staff_data = _tracked_staff_data(site)
    code = 1 if errors or late else 0
    if fmt == "json":
        json.dump({
            "docs_dir": str(site.docs_dir),
            "documents": len(handbook.documents),
            "files": handbook.files,
            "files_with_errors": handbook.files_with_errors,
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.as_dict() for p in problems],
            "staff_data_in_git": staff_data,
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
    for line in staff_data:
        out.write(f"WARNING: {line}\n")
    if reviews:
        out.write(f"\nReviews as of {day.isoformat()} "
                  f"(due soon: within {site.settings.due_soon_days} days):\n")
        _review_table(reviews, out)
    broken = (f", {_count(handbook.files_with_errors, 'file')} with errors"
              if handbook.files_with_errors else "")
    out.write(
        f"\n{_count(handbook.files, 'file')} checked in {site.docs_dir} "
        f"({_count(len(handbook.documents), 'valid document')}{broken}): {len(errors)} errors, "
        f"{len(warnings) + len(staff_data)} warnings\n"
    )
    if late:
        what = "overdue" if gate is Gate.OVERDUE else "overdue or due soon"
        out.write(f"{len(late)} documents are {what} for review (fail_on: {gate}): "
                  f"{', '.join(r.document.path for r in late)}\n")
    return code


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" + ("" if number == 1 else "s")


def _tracked_staff_data(site: Site) -> list[str]:
    """A warning for the roster and the records folder when git tracks them.

    Staff names in git go wherever the repository is pushed. The plugin option
    `staff_data_in_git: true` silences it, for a repository private to the setting.
    """
    options = site.plugin_options
    if options.get("staff_data_in_git") or site.config_file is None:
        return []
    found = []
    for option in ("signoff_roster", "signoff_records", "training_records"):
        value = options.get(option)
        if not value:
            continue
        files = tracked(site.root, site.root / str(value))
        if files:
            count = f"{len(files)} file" + ("" if len(files) == 1 else "s")
            found.append(f"{option}: {value} is tracked by git ({count}), so staff "
                         "names go wherever the repository is pushed. Remove it from git "
                         f"(git rm -r --cached {value}), list it in .gitignore, or keep it "
                         "outside the repository; if this repository is private to the "
                         "setting, set staff_data_in_git: true for the handbook plugin.")
    return found


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
    found = read_history(site, handbook)
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
        for slip in record.slips:
            if slip.accepted is not None:
                out.write(f"  accepted: {slip.acceptance_text()}\n")
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
    found = read_history(site, handbook)
    rows = handbook_history.in_force(handbook, found, day)
    if fmt == "json":
        json.dump({"date": day.isoformat(), "documents": [{
            "id": doc.id, "title": doc.title, "path": doc.path,
            "version": str(entry.version) if entry else None,
            # A version in force on a day has a start date.
            "in_force_from": entry.in_force_from.isoformat()
            if entry and entry.in_force_from else None,
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

    Each row is checked: the document exists, the version is one it has had and
    was approved (not a draft) by the date signed, the date is a date and not in
    the future, the content hash (if given) matches that version's text, the
    person is on the roster with that role (if there is a roster), and the
    record is not already there. Good rows are added to `sign-offs.csv` in the
    records folder, which is replaced atomically; every other row is reported
    with its file and line. Nothing is imported while a records file has a
    damaged row.

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
    files_found = _sign_off_files(site, out, intact=True)
    if files_found is None:
        return 1
    sources = read_docs_dir(site.docs_dir)
    handbook = load(sources, site.settings)
    texts = {source.src_uri: source.text for source in sources}
    found = read_history(site, handbook)

    def versions_of(doc: Document) -> dict[Version, Known]:
        return known_versions(doc, found.get(doc.id))

    @cache
    def hashes_of(doc: Document, version: Version) -> set[str] | None:
        history = found.get(doc.id)
        digests = {source_hash(r.text) for r in history.revisions if r.version == version} \
            if history else set()
        if version == doc.version and doc.src_uri in texts:
            digests.add(source_hash(texts[doc.src_uri]))
        return digests or None

    try:
        report = import_records([(Path(f), f) for f in files], records_dir, shown_dir,
                                files_found.records, handbook.by_id, versions_of, hashes_of,
                                files_found.people, site.settings.as_of(),
                                columns=site.option("signoff_columns", dict) or None)
    except OSError as error:  # a full disk, a folder that is read-only
        out.write(f"ERROR: {shown_dir}/{RECORDS_FILE}: could not be written "
                  f"({error.strerror}); it is unchanged and nothing was imported\n")
        return 1
    for shown, note in report.notes:
        out.write(f"COLUMNS: {shown}: {note}\n")
    for problem in report.problems:
        out.write(f"ERROR: {problem}\n")
    for record, first in report.duplicates:
        out.write(f"SKIPPED: {record.where}: {record.name} already confirmed "
                  f"{record.policy_id} {record.version} ({first})\n")
    target = report.target or records_dir / RECORDS_FILE
    out.write(f"{report.rows} rows read: {len(report.added)} records added to {target}, "
              f"{len(report.duplicates)} already recorded, {report.rejected} rows with "
              "problems\n")
    return 1 if report.problems else 0


def signoff_report(site: Site, out: TextIO, *, as_of: date | None = None) -> int:
    """Print who has and has not confirmed the current version of each document.

    Reads the roster and records (names: run it only where staff data may be
    shown). Exits 1 when someone is past the grace period, or when a row of the
    roster or the records cannot be read.
    """
    options = site.plugin_options
    if not options.get("signoff_roster"):
        raise ConfigError("set signoff_roster for the handbook plugin in mkdocs.yml first")
    found = _sign_off_files(site, out)
    if found is None:
        return 1
    damaged = bool(found.problems)
    handbook = load_site(site)
    grace_days = site.option("signoff_grace_days", int)
    assert grace_days is not None  # the plugin's config has a default
    register = SignOffRegister(found.people or [], handbook.documents, found.records,
                               as_of or site.settings.as_of(), grace_days)
    for problem in register.problems:
        out.write(f"WARNING: {problem}\n")
    for doc in register.documents:
        entries = register.for_document(doc)
        out.write(f"{doc.title} {doc.version}: {register.completion(entries)} confirmed\n")
        for entry in entries:
            if entry.state is not State.SIGNED:
                past = " (past the grace period)" if entry.late else ""
                out.write(f"    {entry.person.name}: {entry.state.label.lower()}{past}\n")
    late = register.late()
    return 1 if late or damaged else 0


def publish(site: Site, out: TextIO, edition: str, *, title: str | None = None,
            alias: str = "latest", push: bool = False, allow_overdue: bool = False,
            branch: str = "gh-pages", remote: str = "origin",
            published: date | None = None, refresh: bool = False, replace: bool = False,
            push_source: bool = False) -> int:
    """Check the handbook, then publish it as a dated edition with mike.

    Refuses, before anything is built, a name mike or a web host could trip
    on, an edition that already exists (unless `replace` or `refresh`), and
    uncommitted changes to the docs, mkdocs.yml or hooks: an edition must be
    built from text that is in git, or nobody can say later what it showed.

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
        replace: Publish over an edition of the same name.
        push_source: Push the checked-out branch (and tags on its commit) too.

    Returns:
        0 when published, 1 when refused or when mike or a push failed.
    """
    if site.config_file is None:
        raise ConfigError("publishing needs mkdocs.yml: run it in the handbook's folder")
    for value, what in ((edition, "edition name"), (alias, "alias")):
        bad_name = editions.name_problem(value, what)
        if bad_name:
            out.write(f"Not published: {bad_name}.\n")
            return 1
    folder = site.config_file.resolve().parent
    watched = [os.path.relpath(site.docs_dir.resolve(), folder), site.config_file.name, "hooks"]
    changed = editions.uncommitted(folder, watched)
    if changed:
        out.write("Not published: these files have changes that are not committed, so nobody "
                  "could tell later what the edition showed:\n")
        for name in changed:
            out.write(f"    {name}\n")
        out.write("Commit them (git add, then git commit), or undo them, and publish again.\n")
        return 1
    existing = next((e for e in editions.list_editions(folder, branch) if e.name == edition),
                    None)
    if existing is not None and not (replace or refresh):
        out.write(f"Not published: there is already an edition {edition} on {branch} "
                  f"(published {existing.published or 'on an unknown date'}). Choose a new name, "
                  "or publish over it with --replace.\n")
        return 1
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
        if existing is None:
            out.write(f"Not published: there is no edition {edition} on {branch} to refresh.\n")
            return 1
        title = title or existing.title
        published = published or existing.published
    day = published or site.settings.as_of()
    try:
        editions.deploy(site.config_file.resolve(), edition, title=title or edition,
                        alias=alias, published=day, branch=branch, remote=remote, push=push)
    except editions.InternalOutput as error:
        out.write(f"Not published: {error}\n")
        return 1
    except editions.PublishFailed as error:
        again = " ".join(["handbook publish", edition, *(["--replace"] if existing else []),
                          "--push"])
        out.write(f"Not published: {error}. {branch} is put back as it was on this computer, "
                  f"so nothing changed. Fix the problem, then run: {again}\n")
        return 1
    out.write(f"Published edition {edition} ({title or edition}) of {day.isoformat()} to "
              f"{branch}; {alias} now points to it.\n")
    out.write(f"{branch} is pushed to {remote}: readers will see it once the host updates.\n"
              if push else f"{branch} is NOT pushed: readers will not see it until you run: "
              f"git push {remote} {branch}\n")
    return _report_source(folder, out, remote, push_source)


def _report_source(folder: Path, out: TextIO, remote: str, push: bool) -> int:
    """Say whether the text the edition was built from is on `remote`; push it if asked."""
    src = editions.source(folder, remote)
    if src is None:
        return 0
    what = f"branch {src.ref}" if src.branch else f"commit {src.commit}"
    if push and not src.pushed:
        try:
            editions.push_source(folder, remote, src)
        except editions.PublishFailed as error:
            out.write(f"The edition is published, but the source was not pushed: {error}. "
                      f"Run: git push {remote} {src.ref if src.branch else 'HEAD'}\n")
            return 1
        out.write(f"The source ({what} at {src.commit}) is pushed to {remote}.\n")
    elif src.pushed:
        out.write(f"The source ({what} at {src.commit}) is already on {remote}.\n")
    else:
        hint = f"git push {remote} {src.ref}" if src.branch else "push the commit it is on"
        out.write(f"The source ({what} at {src.commit}) is NOT on {remote}: the text this "
                  f"edition was built from is only on this computer. Run {hint}, or publish "
                  "with --push-source next time.\n")
    return 0


def delete_edition(site: Site, out: TextIO, name: str, *, branch: str = "gh-pages",
                   remote: str = "origin", push: bool = False, force: bool = False) -> int:
    """Remove a published edition from `branch`.

    Refuses the edition readers land on (the one holding the default alias)
    unless `force`: deleting it would leave the site's front door pointing at
    nothing until another edition is published.
    """
    if site.config_file is None:
        raise ConfigError("deleting an edition needs mkdocs.yml: run it in the handbook's folder")
    folder = site.config_file.resolve().parent
    found = editions.list_editions(folder, branch)
    target = next((e for e in found if e.name == name), None)
    if target is None:
        names = ", ".join(e.name for e in found) or "none"
        out.write(f"Not deleted: there is no edition {name} on {branch} (editions: {names}).\n")
        return 1
    if target.aliases and not force:
        out.write(f"Not deleted: {name} is the edition readers land on ({', '.join(target.aliases)}"
                  f" points to it). Publish a newer edition first, or delete it anyway with "
                  "--force: the site's front page would then lead nowhere until you publish "
                  "again.\n")
        return 1
    try:
        editions.delete(site.config_file.resolve(), name, branch=branch, remote=remote,
                        push=push)
    except editions.PublishFailed as error:
        out.write(f"Not deleted: {error}. {branch} is put back as it was on this computer.\n")
        return 1
    out.write(f"Deleted edition {name} from {branch}; its pages and any links to them stop "
              "working. Earlier copies stay in git's history of the branch.\n")
    out.write(f"{branch} is pushed to {remote}.\n" if push else
              f"{branch} is NOT pushed: readers still see {name} until you run: "
              f"git push {remote} {branch}\n")
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


def init(target: Path, out: TextIO, setting_name: str | None = None) -> int:
    """Start a new handbook in `target`: the starter set, with placeholders to fill in.

    Copies `mkdocs.yml`, the hooks, the theme overrides, the documents every
    setting needs and a sample roster, then commits them to git (policy history
    comes from git). `handbook check` lists every `[FILL IN: ...]` left. The
    setting's name, if given, is filled in everywhere at once.
    """
    started = scaffold.init(target, setting_name)
    out.write(f"Started a handbook in {target} ({len(started.files)} files); {started.note}.\n")
    out.write("Next:\n"
              f"  1. cd {target}\n"
              "  2. handbook check             (lists every [FILL IN: ...] to replace)\n"
              "  3. handbook edit               (fill them in in your browser; "
              "`npm install` once first)\n"
              "     or mkdocs serve --livereload (preview it at http://127.0.0.1:8000)\n"
              "  4. approve each document once agreed: handbook approve ID\n")
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
        out.write(f"  3. Once agreed, approve it: handbook approve {doc_id}\n"
                  "  4. handbook check, then publish (handbook publish EDITION).\n")
    return 0


def schema(out: TextIO, *, fmt: str = "json") -> int:
    """Print the JSON Schema of the front matter, or (markdown) the table of fields."""
    out.write(schema_json() if fmt == "json" else markdown_reference())
    return 0


def import_word(site: Site, out: TextIO, paths: list[Path], doc_type: str = "policy",
                into: Path | None = None, replace: bool = False) -> int:
    """Turn Word files (.docx, or folders of them) into draft documents.

    Prints, for each file, what was found, what needs filling in and what was
    dropped; a file that cannot be read gets a message naming it, and the others
    are still imported.

    Returns:
        0, or 1 when any file could not be imported.
    """
    kind = DocType(doc_type)
    folder = into if into is not None else site.docs_dir / scaffold.FOLDERS[kind]
    docs = site.docs_dir.resolve()
    if not folder.resolve().is_relative_to(docs):
        raise ConfigError(f"--into {folder}: must be inside the docs folder {site.docs_dir}, "
                          "or the site and handbook check would not see the documents")
    report = wordimport.import_paths(paths, site.docs_dir, folder, kind, replace=replace)
    for outcome in report.outcomes:
        _print_outcome(outcome, out)
    if report.ignored:
        out.write(f"Not Word documents, so not imported: "
                  f"{', '.join(str(p) for p in report.ignored)}\n")
    done = [o for o in report.outcomes
            if o.state in (wordimport.State.IMPORTED, wordimport.State.REPLACED)]
    skipped = [o for o in report.outcomes if o.state is wordimport.State.SKIPPED]
    out.write(f"\n{len(done)} imported, {len(skipped)} already imported (skipped), "
              f"{len(report.failed)} could not be imported.\n")
    if done:
        out.write("Next:\n"
                  "  1. handbook check: it lists every [FILL IN: ...] left to replace.\n"
                  "  2. Read each document against the Word file and fill in the placeholders.\n")
        if site.has_nav:
            out.write("  3. Add them to nav in mkdocs.yml:\n")
            for outcome in done:
                if outcome.path is not None:
                    relative = outcome.path.resolve().relative_to(docs).as_posix()
                    out.write(f"       - {relative}\n")
        out.write("  Once approved, set status: approved and approved: YYYY-MM-DD, then "
                  "handbook check and handbook publish EDITION.\n")
    if report.failed:
        out.write("Could not be imported:\n")
        for outcome in report.failed:
            out.write(f"  {outcome.message}\n")
    return 1 if report.failed else 0


def _print_outcome(outcome: wordimport.Outcome, out: TextIO) -> None:
    if outcome.state is wordimport.State.FAILED:
        out.write(f"ERROR: {outcome.message}\n")
        return
    if outcome.state is wordimport.State.SKIPPED:
        out.write(f"{outcome.message}\n")
        return
    verb = "Replaced" if outcome.state is wordimport.State.REPLACED else "Imported"
    out.write(f"{verb} {outcome.source} as {outcome.path} (id: {outcome.doc_id}, draft)\n")
    out.write(f"  found: {', '.join(outcome.found)}\n")
    out.write(f"  to fill in: {', '.join(outcome.to_fill) or 'nothing'}\n")
    out.write(f"  dropped: {'; '.join(outcome.dropped) or 'nothing'}\n")
    for note in outcome.notes:
        out.write(f"  note: {note}\n")


def apply_edit(site: Site, out: TextIO, edit: approvals.Edit) -> int:
    """Write an approval's edit atomically, commit that file alone and say what happened."""
    atomic.write_text(edit.file, edit.text)
    try:
        commit = commit_file(edit.file, edit.message)
    except GitError as error:
        out.write(f"Changed {edit.shown}, but it is not committed: {error}\n"
                  f"Commit it yourself: git commit --only -m \"{edit.message.splitlines()[0]}\" "
                  f"-- {edit.shown}\n")
        return 1
    doc = edit.document
    out.write(f"{edit.shown}: {doc.title} is now version {doc.version}, {doc.status}"
              f"{', approved ' + long_date(doc.approved) if doc.approved else ''}"
              f"{', review by ' + long_date(doc.review_by) if doc.review_by else ''}.\n"
              f"Committed {commit[:7]}: {edit.message.splitlines()[0]}\n")
    return 0


def history_accept(site: Site, out: TextIO, commit: str, doc_id: str | None,
                   reason: str) -> int:
    """Accept the history warnings one commit left, recording why in history-accepted.yml.

    Refuses a commit that is not in the repository, a document that does not
    exist, and a commit that left no warning (for that document). The file is
    written atomically and committed on its own.

    Returns:
        0 when accepted, 1 when refused.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise approvals.ApprovalError("give --reason: say in a sentence why the change needs "
                                      "no new version")
    target = handbook_history.accepted_path(site.config_file)
    if target is None:
        raise ConfigError("accepting a history warning needs mkdocs.yml: run it in the "
                          "handbook's folder")
    repo = find_repo(site.docs_dir, str(site.docs_dir))
    full = resolve_commit(repo.root, commit)
    if full is None:
        raise approvals.ApprovalError(f"there is no commit {commit!r} in {repo.root}: give a "
                                      "hash that handbook history shows")
    handbook = load_site(site)
    if doc_id is not None and handbook.get(doc_id) is None:
        raise approvals.ApprovalError(f"there is no valid document with the id {doc_id!r}: "
                                      "handbook check lists every document")
    found = read_history(site, handbook)
    histories = [(doc, found.get(doc.id)) for doc in handbook.documents
                 if doc_id in (None, doc.id)]
    slips = [(doc, slip) for doc, history in histories if history is not None
             for slip in history.slips if slip.commit.hash == full]
    for doc, slip in slips:
        if slip.accepted is not None:
            out.write(f"Already accepted on {long_date(slip.accepted.accepted)} for {doc.id}: "
                      f"{slip.accepted.reason}\n")
    waiting = [(doc, slip) for doc, slip in slips if slip.accepted is None]
    if not waiting:
        which = f" for {doc_id}" if doc_id else ""
        if not slips:
            raise approvals.ApprovalError(
                f"commit {full[:7]} left no history warning{which}, so there is nothing to "
                "accept: handbook history lists the warnings and their commits")
        return 0
    current = accepted.read(target)
    if current.problems:
        for problem in current.problems:
            out.write(f"ERROR: {problem}\n")
        out.write(f"Not accepted: fix {accepted.FILE} first.\n")
        return 1
    day = site.settings.as_of()
    new = [accepted.Acceptance(full, doc.id, day, reason) for doc, _ in waiting]
    accepted.write(target, current.entries + new)
    ids = ", ".join(doc.id for doc, _ in waiting)
    message = f"Accept the history warning for {ids} in commit {full[:7]}\n\n{reason}\n"
    for doc, slip in waiting:
        out.write(f"Accepted for {doc.id}: {slip.sentence()}: {slip.commit.subject}.\n")
    try:
        done = commit_file(target, message)
    except GitError as error:
        out.write(f"Recorded in {target}, but it is not committed: {error}\n")
        return 1
    out.write(f"Recorded in {accepted.FILE} and committed {done[:7]}; the history page "
              "shows the acceptance.\n")
    return 0
