"""One-step approvals: approve, reviewed, retire and supersede a document.

Each works out the new front matter, edits only those fields (see
`frontmatter_edit`), runs the same validator as `handbook check` over the
whole handbook with the edited text, and refuses, changing nothing, if that
file would then have an error. The caller writes the file (atomically) and
commits it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import frontmatter
from .dates import add_months, parse_iso_date
from .frontmatter_edit import EditError, FrontMatterEditor
from .handbook import load, read_docs_dir
from .model import DocType, Document, SourceFile, Status, Version
from .settings import Settings

REVIEWED = "Reviewed, no changes"


class ApprovalError(Exception):
    """Nothing was changed; the message says why and what to do."""


@dataclass
class Edit:
    """A document's new text, ready to write and commit."""

    file: Path
    shown: str
    text: str
    message: str  # the commit message
    document: Document  # as the edited text reads


@dataclass
class _Found:
    sources: list[SourceFile]
    source: SourceFile
    file: Path
    data: dict[str, Any]
    raw: dict[str, str]


def _find(docs_dir: Path, doc_id: str) -> _Found:
    sources = read_docs_dir(docs_dir)
    ids = []
    for source in sources:
        parsed = frontmatter.parse(source.path, source.text)
        found = (parsed.data or {}).get("id")
        if isinstance(found, str):
            ids.append(found)
        if found == doc_id:
            return _Found(sources, source, docs_dir / source.src_uri, parsed.data or {},
                          parsed.raw)
    close = difflib.get_close_matches(doc_id, ids, n=1)
    hint = f"; did you mean {close[0]}?" if close else ": handbook check lists every document"
    raise ApprovalError(f"there is no document with the id {doc_id!r} in {docs_dir}{hint}")


def _editor(found: _Found) -> FrontMatterEditor:
    try:
        # Raw bytes, so line endings and a byte-order mark are kept as they are.
        text = found.file.read_bytes().decode("utf-8")
        return FrontMatterEditor(found.source.path, text)
    except (UnicodeDecodeError, EditError) as error:
        raise ApprovalError(str(error)) from error


def _controlled(found: _Found, action: str) -> Status | None:
    kind = found.data.get("type")
    if kind == DocType.LESSON:
        raise ApprovalError(f"{found.source.path} is a lesson from a case review: lessons have "
                            f"no version or approval, so there is nothing to {action}")
    status = found.data.get("status")
    return Status(status) if status in {s.value for s in Status} else None


def _version(found: _Found) -> Version:
    version = Version.parse(found.raw.get("version", ""))
    if version is None:
        raise ApprovalError(f"{found.source.path}: version: expected MAJOR.MINOR such as 1.0, "
                            f"got {found.raw.get('version')!r}; fix it first")
    return version


def _approved(found: _Found) -> date | None:
    value = found.data.get("approved")
    if isinstance(value, date):
        return value
    return parse_iso_date(str(value)) if value is not None else None


def _check_day(found: _Found, day: date, today: date) -> None:
    if day > today:
        raise ApprovalError(f"{day.isoformat()} is in the future (today is {today.isoformat()}): "
                            "give the date the decision was made")
    previous = _approved(found)
    if previous is not None and day < previous:
        raise ApprovalError(f"{day.isoformat()} is before the current version's approval "
                            f"({previous.isoformat()}) in {found.source.path}: give a later "
                            "date")


def _finish(found: _Found, editor: FrontMatterEditor, settings: Settings, message: str,
            what: str) -> Edit:
    """Validate the edited text with the whole handbook; refuse if the file has errors."""
    text = editor.text
    edited = SourceFile(found.source.path, found.source.src_uri, frontmatter.normalise(text))
    handbook = load([edited if s is found.source else s for s in found.sources], settings)
    errors = [p for p in handbook.errors if p.path == found.source.path]
    document = handbook.by_src_uri.get(found.source.src_uri)
    if errors or document is None:
        listed = "\n".join(f"  ERROR: {p}" for p in errors)
        raise ApprovalError(f"{found.source.path} was not {what}: it would have these errors. "
                            f"Fix them first, then run the command again:\n{listed}")
    return Edit(found.file, found.source.path, text, message, document)


def _move_review_by(editor: FrontMatterEditor, found: _Found, day: date,
                    settings: Settings) -> None:
    """A document with a fixed review_by gets a new one, as far on as the last interval."""
    if not editor.has("review_by"):
        return  # review_every (or the site's default) works it out from the approval date
    months = settings.review_every
    before, due = _approved(found), found.data.get("review_by")
    due = due if isinstance(due, date) else parse_iso_date(str(due or ""))
    if before and due and due > before:
        months = max(1, round((due - before).days / 30.44))
    editor.set_token("review_by", add_months(day, months).isoformat(),
                     after=("approved", "status"))


def approve(docs_dir: Path, settings: Settings, doc_id: str, *, major: bool = False,
            minor: bool = False, summary: str | None = None, by: str | None = None,
            day: date | None = None) -> Edit:
    """Approve a document: a new version (or a draft as it stands), dated, with its summary.

    A draft is approved at the version it has; an approved document needs
    `major` (staff must confirm again) or `minor` (editorial), and a summary.
    """
    today = settings.as_of()
    day = day or today
    if major and minor:
        raise ApprovalError("give --major or --minor, not both: --major for a change staff "
                            "must confirm again, --minor for an editorial one")
    found = _find(docs_dir, doc_id)
    status = _controlled(found, "approve")
    version = _version(found)
    summary = summary.strip() if summary else None
    if status is Status.DRAFT:
        if major or minor:
            raise ApprovalError(f"{found.source.path} is a draft of version {version}: approving "
                                "it keeps that version, so leave out --major and --minor")
        new = version
    elif status is Status.APPROVED:
        if not (major or minor):
            raise ApprovalError(f"{found.source.path} is already approved at version {version}: "
                                "give --major (a change staff must confirm again) or --minor "
                                "(an editorial change)")
        new = Version(version.major + 1, 0) if major else Version(version.major,
                                                                  version.minor + 1)
        if not summary:
            raise ApprovalError(f"version {new} needs --summary: say in a sentence what changed")
    else:
        raise ApprovalError(f"{found.source.path} is {status or 'not a controlled document'}: "
                            "only a draft or an approved document can be approved")
    _check_day(found, day, today)
    editor = _editor(found)
    editor.set_token("version", str(new), after=("approved_by",))
    editor.set_token("status", Status.APPROVED.value, after=("version",))
    editor.set_token("approved", day.isoformat(), after=("status", "version"))
    if by:
        editor.set_text("approved_by", by.strip(), after=("owner",))
    _move_review_by(editor, found, day, settings)
    if summary:
        editor.set_text("change_summary", summary,
                        after=("review_every", "review_by", "approved", "status"))
    title = found.data.get("title", doc_id)
    message = f"Approve {doc_id} version {new}: {summary or 'first approval'}\n\n" \
              f"{title}, approved on {day.isoformat()}" \
              f"{' by ' + by.strip() if by else ''}.\n"
    return _finish(found, editor, settings, message, "approved")


def reviewed(docs_dir: Path, settings: Settings, doc_id: str, *,
             day: date | None = None) -> Edit:
    """A review that changes nothing staff must do: a MINOR version and a new review date."""
    found = _find(docs_dir, doc_id)
    status = _controlled(found, "review")
    if status is not Status.APPROVED:
        raise ApprovalError(f"{found.source.path} is {status or 'not approved'}: only an approved "
                            "document can be marked as reviewed (approve a draft with "
                            "handbook approve)")
    edit = approve(docs_dir, settings, doc_id, minor=True, summary=REVIEWED, day=day)
    edit.message = f"Review {doc_id}: version {edit.document.version}, {REVIEWED.lower()}\n"
    return edit


def retire(docs_dir: Path, settings: Settings, doc_id: str, reason: str) -> Edit:
    """Withdraw a document with nothing in its place; the reason goes in the commit."""
    reason = reason.strip()
    if not reason:
        raise ApprovalError("give --reason: say in a sentence why it is retired")
    found = _find(docs_dir, doc_id)
    status = _controlled(found, "retire")
    if status is not Status.APPROVED:
        raise ApprovalError(f"{found.source.path} is {status or 'not approved'}: only an approved "
                            "document can be retired")
    editor = _editor(found)
    editor.set_token("status", Status.RETIRED.value, after=("version",))
    message = f"Retire {doc_id} version {_version(found)}: {reason}\n"
    return _finish(found, editor, settings, message, "retired")


def supersede(docs_dir: Path, settings: Settings, doc_id: str, new_id: str) -> Edit:
    """Mark a document as replaced by another one that exists in the handbook."""
    if new_id == doc_id:
        raise ApprovalError(f"{doc_id} cannot be superseded by itself: give the id of the "
                            "document that replaces it")
    found = _find(docs_dir, doc_id)
    status = _controlled(found, "supersede")
    if status is not Status.APPROVED:
        raise ApprovalError(f"{found.source.path} is {status or 'not approved'}: only an approved "
                            "document can be superseded")
    replacement = _find(docs_dir, new_id)
    if replacement.data.get("type") == DocType.LESSON:
        raise ApprovalError(f"{new_id} is a lesson, not a document that can replace "
                            f"{doc_id}")
    editor = _editor(found)
    editor.set_token("status", Status.SUPERSEDED.value, after=("version",))
    editor.set_token("superseded_by", new_id, after=("status",))
    title = replacement.data.get("title", new_id)
    message = f"Supersede {doc_id} version {_version(found)} by {new_id}\n\n" \
              f"Replaced by {title}.\n"
    return _finish(found, editor, settings, message, "superseded")
