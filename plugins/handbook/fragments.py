"""The parts added to every document page, written as Python, not Jinja.

These run once per page, so their cost is the plugin's cost: in a Jinja
template each `{{ }}` goes through the sandboxed attribute lookup, autoescape
and filters, which made these three parts take longer than all the rest of the
plugin's work on a page. Pages the site has once (registers, indexes) stay
templates in `templates/`.

Every value that came from front matter passes through `esc` (the same
escaping as the templates' autoescape), so a title like `<script>` is shown,
never run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from markupsafe import escape

from .dates import long_date
from .model import Document
from .reviews import Review


def esc(value: object) -> str:
    return str(escape(value))


def _json_attribute(value: object) -> str:
    """JSON for a data attribute, escaped as Jinja's `tojson | forceescape` would."""
    text = (json.dumps(value, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("'", "\\u0027"))
    return esc(text)


def review_panel(doc: Document, review: Review, kind: str, due_soon_days: int, *,
                 last_changed: date | None = None, history_href: str | None = None,
                 replacement: tuple[str, str] | None = None) -> str:
    """The review status panel at the top of a controlled document.

    assets/review-status.js re-computes the status from the data attributes.
    The status is left out of the search index: there it would stay as it was
    on the day of the build, and results would still say "Current" for a
    policy that has since become overdue. `replacement` is (title, href).
    """
    review_by = review.review_by.isoformat() if review.review_by else ""
    parts = [
        f'<div class="admonition handbook-review {kind}" data-review-status="{review.status}" '
        f'data-review-by="{review_by}" data-due-soon-days="{due_soon_days}">\n'
        f'<p class="admonition-title" data-review-label data-search-exclude>'
        f"{esc(review.status.label)}</p>\n"
        f"<p data-review-sentence data-search-exclude>{esc(review.sentence)}</p>\n"
    ]
    if replacement:
        title, href = replacement
        parts.append(f'<p>Use <a href="{esc(href)}">{esc(title)}</a> instead.</p>\n')
    approval = (f"Approved {long_date(doc.approved)} by {esc(doc.approved_by)}" if doc.approved
                else f"To be approved by {esc(doc.approved_by)}")
    parts.append(f'<p class="handbook-facts">Owner: {esc(doc.owner)} · Reference: {esc(doc.id)}'
                 f" · Version {esc(doc.version)} · {approval}")
    if last_changed:
        parts.append(f" · Last changed {long_date(last_changed)}")
    if history_href:
        parts.append(f' · <a href="{esc(history_href)}">History</a>')
    parts.append("</p>\n")
    if doc.change_summary:
        parts.append(f'<p class="handbook-change">What changed in version {esc(doc.version)}: '
                     f"{esc(doc.change_summary)}</p>\n")
    # Repeated at the foot of every printed page (see handbook.css); the script adds the day.
    parts.append(f'</div><p class="handbook-print" data-search-exclude>{esc(doc.title)}'
                 f" · Version {esc(doc.version)}")
    if doc.approved:
        parts.append(f" · Approved {long_date(doc.approved)}")
    if review.review_by:
        parts.append(f" · Next review {long_date(review.review_by)}")
    parts.append(" · Uncontrolled when printed<span data-print-date></span>: check the online "
                 "handbook for the current version.</p>")
    return "".join(parts)


def signoff_section(doc: Document, digest: str, delivery: dict[str, object],
                    changes: dict[str, object], sheet_href: str) -> str:
    """The "Staff sign-off" section at the end of a document with key points.

    assets/signoff.js keeps the ticks, notices version changes and makes the
    record; without it the points and the printable sheet still work.
    """
    version = esc(doc.version)
    points = "".join(f'<label><input type="checkbox" data-signoff-point="{number}"> '
                     f"{esc(point)}</label>\n"
                     for number, point in enumerate(doc.sign_off, start=1))
    return (
        '<h2 id="staff-sign-off">Staff sign-off</h2>\n'
        f'<div class="handbook-signoff" data-signoff-policy="{esc(doc.id)}" '
        f'data-signoff-version="{version}" data-signoff-title="{esc(doc.title)}" '
        f'data-signoff-hash="{esc(digest)}" '
        f'data-signoff-delivery="{_json_attribute(delivery)}" '
        f'data-signoff-changes="{_json_attribute(changes)}">\n'
        "<fieldset>\n"
        f"<legend>Tick each point once you have read and understood version {version}</legend>\n"
        f"{points}"
        "</fieldset>\n"
        f'<p><a href="{esc(sheet_href)}">Printable sign-off sheet</a> for signing on paper.</p>\n'
        "</div>")


def document_lessons(doc: Document, lessons: Sequence[tuple[Document, str]]) -> str:
    """"Why this policy says what it says": the lessons a document applies, as (lesson, href)."""
    items = "".join(f'<li><a href="{esc(href)}">{esc(lesson.title)}</a> '
                    f'({esc(", ".join(lesson.themes))})</li>\n' for lesson, href in lessons)
    return (f'<h2 id="why-this-document-says-what-it-says">Why this {doc.type.value} says '
            f"what it says</h2>\n<p>It applies what these case reviews taught:</p>\n"
            f"<ul>\n{items}</ul>")
