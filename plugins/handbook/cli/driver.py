"""Entry point of the `handbook` command."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .. import __version__, approvals
from ..approvals import ApprovalError
from ..dates import parse_iso_date
from ..editor import LOCAL_PORT
from ..history.git_repo import GitError
from ..scaffold import ScaffoldError
from ..settings import Gate
from . import commands, outputs, training
from .edit import edit as run_editor
from .mkdocs_utils import ConfigError, find_site


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Check, build and publish a safeguarding handbook.",
    )
    parser.add_argument("--version", action="version", version=f"handbook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check every document's front matter")
    check.add_argument("docs_dir", nargs="?", metavar="DOCS_DIR",
                       help="the docs folder (default: docs_dir from mkdocs.yml)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people, json for tools (default: text)")
    check.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                       help="work out review statuses for this day, for example the date "
                            "of a planned inspection (default: today)")
    check.add_argument("--fail-on", choices=[g.value for g in Gate],
                       help="fail at this review status (default: fail_on in mkdocs.yml, "
                            "or overdue)")
    _config_option(check)

    history = sub.add_parser(
        "history", help="print every document's history from git",
        epilog="To accept a warning about a commit: handbook history accept COMMIT [ID] "
               "--reason TEXT (see handbook history accept --help)")
    history.add_argument("docs_dir", nargs="?", metavar="DOCS_DIR",
                         help="the docs folder (default: docs_dir from mkdocs.yml)")
    history.add_argument("--format", choices=("text", "json"), default="text")
    _config_option(history)

    asof = sub.add_parser("asof", help="print which version of each document was in force "
                                       "on a date")
    asof.add_argument("date", type=_date, metavar="YYYY-MM-DD")
    asof.add_argument("docs_dir", nargs="?", metavar="DOCS_DIR",
                      help="the docs folder (default: docs_dir from mkdocs.yml)")
    asof.add_argument("--format", choices=("text", "json"), default="text")
    _config_option(asof)

    edit = sub.add_parser("edit", help="open the web editor on this computer: starts the "
                                       "preview and the editor's local server")
    edit.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                      help="where to serve the preview and the editor (default: "
                           "127.0.0.1:8000)")
    edit.add_argument("--backend-port", type=int, default=LOCAL_PORT, metavar="PORT",
                      help=f"port of the editor's local server (default: {LOCAL_PORT})")
    _config_option(edit)

    publish = sub.add_parser("publish", help="check, then publish the handbook as an edition")
    publish.add_argument("edition", metavar="EDITION", help="the edition's name, e.g. 2026-11")
    publish.add_argument("--title", help="title in the edition selector (default: EDITION)")
    publish.add_argument("--alias", default="latest",
                         help="the alias readers land on (default: latest)")
    publish.add_argument("--push", action="store_true", help="push the branch afterwards")
    publish.add_argument("--push-source", action="store_true", dest="push_source",
                         help="also push the checked-out branch (and its tags) the edition "
                              "was built from")
    publish.add_argument("--replace", action="store_true",
                         help="publish over an edition of the same name")
    publish.add_argument("--allow-overdue", action="store_true",
                         help="publish even if reviews are overdue")
    publish.add_argument("--branch", default="gh-pages", help="default: gh-pages")
    publish.add_argument("--remote", default="origin", help="default: origin")
    publish.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                         help="publication date (default: today)")
    publish.add_argument("--refresh", action="store_true",
                         help="rebuild a published edition, keeping its title and date")
    _config_option(publish)

    start = sub.add_parser("init", help="start a new handbook from the starter set")
    start.add_argument("folder", type=Path, metavar="FOLDER", help="a new or empty folder")
    start.add_argument("--setting-name", dest="setting_name", metavar="NAME",
                       help="the nursery's, school's or home's name: fills in every "
                            "[FILL IN: name of the setting]")

    new = sub.add_parser("new", help="write a new document with placeholders to fill in")
    new.add_argument("type", choices=["policy", "procedure", "guidance", "form", "lesson"])
    new.add_argument("title", metavar="TITLE")
    new.add_argument("--docs-dir", dest="docs_dir", metavar="DOCS_DIR",
                     help="the docs folder (default: docs_dir from mkdocs.yml)")
    _config_option(new)

    word = sub.add_parser("import", help="turn Word files (.docx) into draft documents to "
                                         "fill in")
    word.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER",
                      help="Word files, or folders of them")
    word.add_argument("--type", dest="doc_type", default="policy",
                      choices=["policy", "procedure", "guidance", "form"],
                      help="what the documents are (default: policy)")
    word.add_argument("--into", type=Path, metavar="FOLDER",
                      help="where to write them, inside the docs folder (default: the "
                           "folder for the type, such as docs/policies)")
    word.add_argument("--replace", action="store_true",
                      help="import again over documents an earlier import wrote")
    word.add_argument("--docs-dir", dest="docs_dir", metavar="DOCS_DIR",
                      help="the docs folder (default: docs_dir from mkdocs.yml)")
    _config_option(word)

    listing = sub.add_parser("editions", help="list published editions, or delete one")
    listing.add_argument("--branch", default="gh-pages", help="default: gh-pages")
    _config_option(listing)
    listing_sub = listing.add_subparsers(dest="editions_command", metavar="ACTION")
    deleting = listing_sub.add_parser("delete", help="remove a published edition")
    deleting.add_argument("name", metavar="NAME", help="the edition's name, e.g. 2026-10")
    deleting.add_argument("--branch", default="gh-pages", help="default: gh-pages")
    deleting.add_argument("--remote", default="origin", help="default: origin")
    deleting.add_argument("--push", action="store_true", help="push the branch afterwards")
    deleting.add_argument("--force", action="store_true",
                          help="delete even the edition readers land on")
    _config_option(deleting)

    signoff = sub.add_parser("signoff", help="staff sign-off records")
    signoff_sub = signoff.add_subparsers(dest="signoff_command", required=True, metavar="ACTION")
    importing = signoff_sub.add_parser("import", help="add downloaded records and form "
                                                      "exports (CSV) to the records folder")
    importing.add_argument("files", nargs="+", metavar="FILE")
    _config_option(importing)
    report = signoff_sub.add_parser("report", help="print who has and has not confirmed "
                                                   "each document (shows staff names)")
    report.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD")
    _config_option(report)

    trained = sub.add_parser("training", help="staff training records")
    training_sub = trained.add_subparsers(dest="training_command", required=True,
                                           metavar="ACTION")
    importing = training_sub.add_parser("import", help="add training record CSVs "
                                                       "(name, course, completed_on)")
    importing.add_argument("files", nargs="+", metavar="FILE")
    _config_option(importing)
    report = training_sub.add_parser("report", help="print who is current, due, overdue or "
                                                    "missing each course (shows staff names)")
    report.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD")
    _config_option(report)

    export = sub.add_parser("export", help="other outputs: the offline copy, hosting files")
    export_sub = export.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    offline = export_sub.add_parser("offline", help="a copy that works from a shared drive or "
                                                    "USB stick, with search, as a zip")
    offline.add_argument("--out", type=Path, metavar="FILE.zip",
                         help="default: handbook-offline-DATE.zip")
    _config_option(offline)
    swa = export_sub.add_parser("swa-config", help="staticwebapp.config.json: an Azure Static "
                                                   "Web App that only signed-in staff can read")
    swa.add_argument("--tenant", required=True, metavar="TENANT_ID",
                     help="the Directory (tenant) ID of the setting's Microsoft 365")
    swa.add_argument("--out", type=Path, metavar="FILE",
                     help="where to write it, e.g. site-internal/staticwebapp.config.json "
                          "(default: print it)")
    _config_option(swa)

    pdf = sub.add_parser("pdf", help="the whole handbook as one PDF, for induction packs and "
                                     "inspection visits")
    pdf.add_argument("--out", type=Path, metavar="FILE.pdf", help="default: handbook-DATE.pdf")
    pdf.add_argument("--edition", help="the edition named on the cover (default: the newest "
                                       "published edition)")
    _config_option(pdf)

    approve = sub.add_parser("approve", help="approve a document: new version, date, summary; "
                                             "then commit it")
    approve.add_argument("id", metavar="ID", help="the document's id")
    size = approve.add_mutually_exclusive_group()
    size.add_argument("--major", action="store_true",
                      help="a change staff must confirm again (2.3 becomes 3.0)")
    size.add_argument("--minor", action="store_true",
                      help="an editorial change (2.3 becomes 2.4)")
    approve.add_argument("--summary", metavar="TEXT", help="what changed, in a sentence")
    approve.add_argument("--by", metavar="ROLE", help="who approved it (default: approved_by "
                                                      "as it is)")
    approve.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                         help="the day it was approved (default: today)")
    _config_option(approve)

    reviewed = sub.add_parser("reviewed", help="record a review that changed nothing: a minor "
                                               "version and a new review date")
    reviewed.add_argument("id", metavar="ID", help="the document's id")
    reviewed.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                          help="the day of the review (default: today)")
    _config_option(reviewed)

    retire = sub.add_parser("retire", help="withdraw a document that nothing replaces")
    retire.add_argument("id", metavar="ID", help="the document's id")
    retire.add_argument("--reason", required=True, metavar="TEXT",
                        help="why it is withdrawn (goes in the commit message)")
    _config_option(retire)

    supersede = sub.add_parser("supersede", help="mark a document as replaced by another")
    supersede.add_argument("id", metavar="ID", help="the document being replaced")
    supersede.add_argument("--by", dest="new", required=True, metavar="NEW",
                           help="the id of the document that replaces it")
    _config_option(supersede)

    schema = sub.add_parser("schema", help="print the JSON Schema of the front matter")
    schema.add_argument("--format", choices=("json", "markdown"), default="json",
                        help="json: the schema; markdown: a table of the fields")
    return parser


def _accept_parser() -> argparse.ArgumentParser:
    """`handbook history accept`, parsed on its own: `history` takes a folder, not actions."""
    accept = argparse.ArgumentParser(
        prog="handbook history accept",
        description="Accept the history warnings a commit left (such as text changed without "
                    "a new version), recording why in history-accepted.yml beside mkdocs.yml, "
                    "and commit that file.")
    accept.add_argument("commit", metavar="COMMIT", help="the commit, as handbook history "
                                                         "names it (7 characters are enough)")
    accept.add_argument("id", nargs="?", metavar="ID",
                        help="only this document's warning (default: every one the commit left)")
    accept.add_argument("--reason", required=True, metavar="TEXT",
                        help="why no new version was needed")
    _config_option(accept)
    return accept


def _date(text: str) -> date:
    parsed = parse_iso_date(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-09-01, got {text!r}")
    return parsed


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", metavar="FILE",
                        help="the MkDocs config file (default: mkdocs.yml if present)")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["history", "accept"]:
        args = _accept_parser().parse_args(argv[2:])
        args.command = "history accept"
    else:
        args = _parser().parse_args(argv)
    out = sys.stdout
    try:
        if args.command == "schema":
            return commands.schema(out, fmt=args.format)
        if args.command == "init":
            return commands.init(args.folder, out, args.setting_name)
        if args.command == "export" and args.export_command == "swa-config":
            return outputs.swa_config(out, args.tenant, args.out)
        site = find_site(getattr(args, "docs_dir", None), args.config_file)
        if args.command == "edit":
            return run_editor(site, out, address=args.dev_addr,
                              backend_port=args.backend_port)
        if args.command == "new":
            return commands.new(site, out, args.type, args.title)
        if args.command == "import":
            return commands.import_word(site, out, args.paths, args.doc_type, into=args.into,
                                        replace=args.replace)
        if args.command == "publish":
            return commands.publish(site, out, args.edition, title=args.title,
                                    alias=args.alias, push=args.push,
                                    allow_overdue=args.allow_overdue, branch=args.branch,
                                    remote=args.remote, published=args.date,
                                    refresh=args.refresh, replace=args.replace,
                                    push_source=args.push_source)
        if args.command == "export" and args.export_command == "offline":
            return outputs.export_offline(site, out, args.out)
        if args.command == "pdf":
            return outputs.pdf(site, out, args.out, args.edition)
        if args.command == "editions" and args.editions_command == "delete":
            return commands.delete_edition(site, out, args.name, branch=args.branch,
                                           remote=args.remote, push=args.push, force=args.force)
        if args.command == "editions":
            return commands.list_published(site, out, branch=args.branch)
        if args.command == "signoff" and args.signoff_command == "import":
            return commands.signoff_import(site, out, args.files)
        if args.command == "signoff":
            return commands.signoff_report(site, out, as_of=args.as_of)
        if args.command == "training" and args.training_command == "import":
            return training.training_import(site, out, args.files)
        if args.command == "training":
            return training.training_report(site, out, as_of=args.as_of)
        if args.command == "history":
            return commands.history(site, out, fmt=args.format)
        if args.command == "history accept":
            return commands.history_accept(site, out, args.commit, args.id, args.reason)
        if args.command == "approve":
            return commands.apply_edit(site, out, approvals.approve(
                site.docs_dir, site.settings, args.id, major=args.major, minor=args.minor,
                summary=args.summary, by=args.by, day=args.date))
        if args.command == "reviewed":
            return commands.apply_edit(site, out, approvals.reviewed(
                site.docs_dir, site.settings, args.id, day=args.date))
        if args.command == "retire":
            return commands.apply_edit(site, out, approvals.retire(
                site.docs_dir, site.settings, args.id, args.reason))
        if args.command == "supersede":
            return commands.apply_edit(site, out, approvals.supersede(
                site.docs_dir, site.settings, args.id, args.new))
        if args.command == "asof":
            return commands.asof(site, out, args.date, fmt=args.format)
        if args.command == "check":
            return commands.check(site, out, fmt=args.format, as_of=args.as_of,
                                  fail_on=Gate(args.fail_on) if args.fail_on else None)
    except (ConfigError, ValueError, ScaffoldError) as error:
        print(f"handbook: {error}", file=sys.stderr)
        return 2
    except (ApprovalError, GitError) as error:
        print(f"handbook: not changed: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"handbook: {' '.join(str(c) for c in error.cmd[:2])} failed (exit "
              f"{error.returncode})",
              file=sys.stderr)
        return 1
    except BrokenPipeError:  # the output went to `head` or a closed pager
        sys.stderr.close()
        return 0
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
