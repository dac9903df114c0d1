"""The parts added to every document page, written as Python, not Jinja.

These run once per page, so their cost is the plugin's cost: in a Jinja
template each `{{ }}` goes through the sandboxed attribute lookup, autoescape
and filters, which made these three parts take longer than all the rest of the
plugin's work on a page. Pages the site has once (registers, indexes) stay
templates in `templates/`.

Every value that came from front matter passes through `esc` (the same
escaping as the templates' autoescape), so a title like `<script>` is shown,
never run.

The panel and the sign-off section come in two forms (`Fragment`): what search
should index, which is in the page's content while Material's search reads it,
and what the page shows, which replaces it afterwards (see
`plugin.deferred`). Search parses every tag of every page; most of what
these add (checkboxes, data attributes, the printed footer, a status that is
only true on the day of the build) is not worth finding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from markupsafe import escape

from .dates import long_date
from .model import Document
from .reviews import Review
from .signoff.roster import Person

SHEET_ID = "sign-off-sheet"
PACK_ID = "team-meeting-pack"


class Fragment(NamedTuple):
    indexed: str  # in the content while search reads it: the words staff search for
    shown: str  # on the page


def esc(value: object) -> str:
    return str(escape(value))


def _json_attribute(value: object) -> str:
    """JSON for a data attribute, escaped as Jinja's `tojson | forceescape` would."""
    text = (json.dumps(value, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("'", "\\u0027"))
    return esc(text)


def review_panel(doc: Document, review: Review, kind: str, due_soon_days: int, *,
                 last_changed: date | None = None, history_href: str | None = None,
                 replacement: tuple[str, str] | None = None) -> Fragment:
    """The review status panel at the top of a controlled document.

    assets/review-status.js re-computes the status from the data attributes.
    Search indexes the owner, reference, version and change, not the status:
    that would stay as it was on the day of the build, and results would still
    say "Current" for a policy that has since become overdue. `replacement` is
    (title, href).
    """
    approval = (f"Approved {long_date(doc.approved)} by {esc(doc.approved_by)}" if doc.approved
                else f"To be approved by {esc(doc.approved_by)}")
    facts = [f'<p class="handbook-facts">Owner: {esc(doc.owner)} · Reference: {esc(doc.id)}'
             f" · Version {esc(doc.version)} · {approval}"]
    if last_changed:
        facts.append(f" · Last changed {long_date(last_changed)}")
    if history_href:
        facts.append(f' · <a href="{esc(history_href)}">History</a>')
    facts.append("</p>\n")
    if doc.change_summary:
        facts.append(f'<p class="handbook-change">What changed in version {esc(doc.version)}: '
                     f"{esc(doc.change_summary)}</p>\n")
    indexed = "".join(facts)

    review_by = review.review_by.isoformat() if review.review_by else ""
    shown = [
        f'<div class="admonition handbook-review {kind}" data-review-status="{review.status}" '
        f'data-review-by="{review_by}" data-due-soon-days="{due_soon_days}">\n'
        f'<p class="admonition-title" data-review-label>{esc(review.status.label)}</p>\n'
        f"<p data-review-sentence>{esc(review.sentence)}</p>\n"
    ]
    if replacement:
        title, href = replacement
        shown.append(f'<p>Use <a href="{esc(href)}">{esc(title)}</a> instead.</p>\n')
    shown.append(indexed)
    # Repeated at the foot of every printed page (see handbook.css); the script adds the day.
    shown.append(f'</div><p class="handbook-print">{esc(doc.title)} · Version {esc(doc.version)}')
    if doc.approved:
        shown.append(f" · Approved {long_date(doc.approved)}")
    if review.review_by:
        shown.append(f" · Next review {long_date(review.review_by)}")
    shown.append(" · Uncontrolled when printed<span data-print-date></span>: check the online "
                 "handbook for the current version.</p>")
    return Fragment(indexed, "".join(shown))


def signoff_section(doc: Document, digest: str, delivery: dict[str, object],
                    changes: dict[str, object]) -> Fragment:
    """The "Staff sign-off" section at the end of a document with key points.

    assets/signoff.js keeps the ticks, notices version changes and makes the
    record; without it the points and the printable sheet still work. Search
    indexes the key points.
    """
    heading = '<h2 id="staff-sign-off">Staff sign-off</h2>\n'
    indexed = heading + "<p>" + "\n".join(esc(point) for point in doc.sign_off) + "</p>"
    version = esc(doc.version)
    points = "".join(f'<label><input type="checkbox" data-signoff-point="{number}"> '
                     f"{esc(point)}</label>\n"
                     for number, point in enumerate(doc.sign_off, start=1))
    shown = (
        f"{heading}"
        f'<div class="handbook-signoff" data-signoff-policy="{esc(doc.id)}" '
        f'data-signoff-version="{version}" data-signoff-title="{esc(doc.title)}" '
        f'data-signoff-hash="{esc(digest)}" '
        f'data-signoff-delivery="{_json_attribute(delivery)}" '
        f'data-signoff-changes="{_json_attribute(changes)}">\n'
        "<fieldset>\n"
        f"<legend>Tick each point once you have read and understood version {version}</legend>\n"
        f"{points}"
        "</fieldset>\n"
        f'<p><a href="#{SHEET_ID}">Printable sign-off sheet</a> for signing on paper.</p>\n'
        "</div>")
    return Fragment(indexed, shown)


CHECK_ID = "check-your-understanding"


def check_section(doc: Document, anchors: set[str]) -> Fragment:
    """The knowledge check: one fieldset of radio buttons per question.

    assets/check.js marks the answers in the browser, shows why, links a wrong
    answer to the heading that covers it (`see`, or the top of the page when the
    page has no such heading), and counts attempts for the sign-off record. The
    right answers are in data attributes: a learning aid cannot hide them, and
    nothing is sent anywhere. Search indexes nothing of it, so a search never
    shows an answer. The form is hidden until the script runs.
    """
    questions = []
    for number, item in enumerate(doc.check, start=1):
        name = f"check-{doc.id}-{number}"
        see = f"#{item.see}" if item.see and item.see in anchors else "#"
        options = "".join(
            f'<label><input type="radio" name="{name}" value="{index}"> {esc(option)}</label>\n'
            for index, option in enumerate(item.options))
        questions.append(
            f'<fieldset class="handbook-check__question" data-check-question="{number}" '
            f'data-check-answer="{item.answer}" data-check-see="{esc(see)}">\n'
            f"<legend>{number}. {esc(item.question)}</legend>\n{options}"
            f'<div class="handbook-check__why" data-check-why hidden>'
            f"<p>{esc(item.why)}</p></div>\n</fieldset>\n")
    version = esc(doc.version) if doc.version else ""
    shown = (
        f'<h2 id="{CHECK_ID}">Check your understanding</h2>\n'
        f'<div class="handbook-check" data-check-id="{esc(doc.id)}" '
        f'data-check-version="{version}">\n'
        "<p>A few questions to check you have taken in the main points. This is a learning "
        "aid, not an exam: your answers stay in this browser"
        + (", and your sign-off record notes only that you finished the check and after how "
           "many tries." if doc.sign_off else ".") + "</p>\n"
        '<form class="handbook-check__form" data-check-form hidden>\n'
        + "".join(questions)
        + '<p><button type="submit" class="md-button">Check my answers</button></p>\n'
        "</form>\n"
        '<div class="handbook-check__result" role="status" aria-live="polite" '
        "data-check-result></div>\n"
        "<noscript><p>The check needs JavaScript.</p></noscript>\n"
        "</div>")
    return Fragment("", shown)


def signoff_sheet(doc: Document, digest: str, people: Sequence[Person], blank_rows: int) -> str:
    """The printable sign-off sheet, at the end of the document's page.

    Hidden until the page is opened at #sign-off-sheet; then it is all the
    page shows under the title, and all it prints (handbook.css). Rows carry
    the roster's names in internal builds, and are blank otherwise.
    """
    version = esc(doc.version)
    approved = f", approved {long_date(doc.approved)}" if doc.approved else ""
    points = "".join(f"<li>{esc(point)}</li>\n" for point in doc.sign_off)
    rows = "".join(f"<tr><td>{esc(person.name)}</td><td>{esc(person.role)}</td><td></td>"
                   "<td></td></tr>\n" for person in people)
    rows += "<tr><td></td><td></td><td></td><td></td></tr>\n" * blank_rows
    return (
        f'<section class="handbook-sheet" id="{SHEET_ID}" aria-labelledby="{SHEET_ID}-title">\n'
        f'<h2 id="{SHEET_ID}-title">Sign-off sheet</h2>\n'
        f"<p><strong>{esc(doc.title)}</strong>, version {version}{approved} by "
        f"{esc(doc.approved_by)}. Owner: {esc(doc.owner)}.</p>\n"
        "<p>Text fingerprint (SHA-256 of the document's source): "
        f'<code class="handbook-hash">{esc(digest)}</code></p>\n'
        f"<p>By signing, I confirm I have read version {version} and understood these key "
        f"points:</p>\n<ol>\n{points}</ol>\n"
        '<p><button type="button" class="md-button" data-handbook-print hidden>Print this sheet'
        '</button>\n<a href="#staff-sign-off">Back to the document</a></p>\n'
        '<table class="handbook-sheet__table">\n'
        f"<caption>Signatures for version {version}</caption>\n"
        '<thead><tr><th scope="col">Name</th><th scope="col">Role</th>'
        '<th scope="col">Signature</th><th scope="col">Date</th></tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table>\n</section>")


def document_lessons(doc: Document, lessons: Sequence[tuple[Document, str]]) -> str:
    """"Why this policy says what it says": the lessons a document applies, as (lesson, href).

    Shown only: in search, the lessons' titles would clutter this document's results.
    """
    items = "".join(f'<li><a href="{esc(href)}">{esc(lesson.title)}</a> '
                    f'({esc(", ".join(lesson.themes))})</li>\n' for lesson, href in lessons)
    return (f'<h2 id="why-this-document-says-what-it-says">Why this {doc.type.value} says '
            f"what it says</h2>\n<p>It applies what these case reviews taught:</p>\n"
            f"<ul>\n{items}</ul>")


def related_documents(doc: Document, related: Sequence[tuple[Document, str]]) -> str:
    """The documents linked with this one that its text does not already link, as (doc, href).

    Shown only: in search, their titles would clutter this document's results.
    """
    items = "".join(f'<li><a href="{esc(href)}">{esc(other.title)}</a> '
                    f"({other.type.value})</li>\n" for other, href in related)
    return (f'<h2 id="related-documents">Related documents</h2>\n<p>Read this '
            f"{doc.type.value} with:</p>\n<ul>\n{items}</ul>")


def lesson_applied(applied: Sequence[tuple[Document, str]]) -> str:
    """A lesson's "Where this learning is applied" list, as (document, href).

    Shown only: in search, every citing document's title on every lesson page
    would bury the documents themselves.
    """
    if not applied:
        return "<p>No document applies this learning yet.</p>"
    items = "".join(
        f'<li><a href="{esc(href)}">{esc(doc.title)}</a> ({doc.type.value}'
        + (f", version {esc(doc.version)}" if doc.version else "") + ")</li>\n"
        for doc, href in applied)
    return f"<ul>\n{items}</ul>"


def team_meeting_pack(doc: Document, applied: Sequence[tuple[Document, str]]) -> str:
    """A lesson's one-page handout for a team meeting or supervision, as (document, href).

    Like the sign-off sheet, a view of the lesson's page: hidden until the page
    is opened at #team-meeting-pack, then all the page shows under the title
    and all it prints (handbook.css keeps it to one A4 page). Shown only: it
    repeats the page's own words, which search already has.
    """
    learning = "".join(f"<li>{esc(point)}</li>\n" for point in doc.learning)
    prompts = "".join(f"<li>{esc(prompt)}</li>\n" for prompt in doc.discuss)
    shaped = ("".join(f'<li><a href="{esc(href)}">{esc(other.title)}</a> '
                      f"({other.type.value})</li>\n" for other, href in applied)
              or "<li>No document applies this learning yet.</li>\n")
    return (
        f'<section class="handbook-sheet handbook-pack" id="{PACK_ID}" '
        f'aria-labelledby="{PACK_ID}-title">\n'
        f'<h2 id="{PACK_ID}-title">Team-meeting pack</h2>\n'
        f"<p>{esc(doc.case)} ({esc(doc.year)}). {esc(doc.review)}, {esc(doc.review_year)}.</p>\n"
        f"<h3>Key learning</h3>\n<ul>\n{learning}</ul>\n"
        f"<h3>To discuss</h3>\n<ol>\n{prompts}</ol>\n"
        f"<h3>Our documents this lesson shaped</h3>\n<ul>\n{shaped}</ul>\n"
        '<p class="handbook-pack__notes">Date: ____________ Led by: ______________________ '
        "Actions agreed: ________________________________</p>\n"
        '<p><button type="button" class="md-button" data-handbook-print hidden>Print this pack'
        '</button>\n<a href="#where-this-learning-is-applied">Back to the lesson</a></p>\n'
        "</section>")


def register_row(review: Review, href: str, due_soon_days: int) -> str:
    """One document's row in the review register (a page of as many rows as documents)."""
    doc = review.document
    review_by = review.review_by.isoformat() if review.review_by else ""
    return (
        f'<tr data-review-status="{review.status}" data-review-by="{review_by}"\n'
        f'    data-due-soon-days="{due_soon_days}" data-owner="{esc(doc.owner)}">\n'
        f'<td><a href="{esc(href)}">{esc(doc.title)}</a><br><small>{esc(doc.type.label)}'
        "</small></td>\n"
        f"<td>{esc(doc.owner)}</td>\n"
        f"<td>{esc(doc.version)}</td>\n"
        f"<td>{long_date(doc.approved) if doc.approved else ''}</td>\n"
        f"<td>{long_date(review.review_by) if review.review_by else ''}</td>\n"
        f"<td><strong data-review-label>{esc(review.status.label)}</strong><br>\n"
        f"<small data-review-sentence>{esc(review.sentence)}</small></td>\n"
        "</tr>\n")
