"""Review status on fixed dates: every status and every boundary."""

from __future__ import annotations

import json
from datetime import date

import pytest

from handbook.dates import add_months, month_year
from handbook.model import SourceFile
from handbook.reviews import ReviewStatus, describe, register, review_of, span, status_on
from handbook.settings import Gate, Settings
from handbook.validate import validate_file

from sites import policy

DUE = date(2026, 9, 1)


@pytest.mark.parametrize(("as_of", "status", "sentence"), [
    (date(2026, 9, 1), "due-soon", "Review due today (1 September 2026)."),
    (date(2026, 8, 31), "due-soon", "Review due tomorrow (1 September 2026)."),
    (date(2026, 9, 2), "overdue", "Review overdue by 1 day (was due 1 September 2026)."),
    (date(2026, 7, 3), "due-soon", "Review due in 60 days (1 September 2026)."),  # exactly 60
    (date(2026, 7, 2), "current", "Next review by 1 September 2026."),  # 61 days ahead
    (date(2026, 10, 1), "overdue", "Review overdue by 1 month (was due 1 September 2026)."),
    (date(2026, 9, 30), "overdue", "Review overdue by 29 days (was due 1 September 2026)."),
    (date(2027, 11, 2), "overdue",
     "Review overdue by 1 year 2 months (was due 1 September 2026)."),
])
def test_status_and_words_at_the_boundaries(as_of, status, sentence):
    found = status_on(DUE, as_of, due_soon_days=60)
    assert found == status
    assert describe(found, DUE, as_of) == sentence


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 1, 31), 12, date(2027, 1, 31)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 12, 15), 3, date(2027, 3, 15)),
])
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_month_headings_do_not_follow_the_machine_locale():
    """Amendments are grouped under "May 2026" on any machine, as review-status.js writes it."""
    import locale

    from handbook.history.amendments import by_month

    for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    try:
        assert month_year(date(2026, 5, 17)) == "May 2026"

        class Item:
            day = date(2026, 5, 17)

        assert [month for month, _ in by_month([Item()])] == ["May 2026"]
    finally:
        locale.setlocale(locale.LC_TIME, "C")


def _doc(**fields):
    checked = validate_file(SourceFile("p.md", "p.md", policy("p", **fields)), Settings())
    assert checked.document is not None, checked.problems
    return checked.document


def test_review_every_from_31_january():
    doc = _doc(approved="2026-01-31", review_every=1, version="1.0")
    assert doc.review_by == date(2026, 2, 28)
    assert review_of(doc, date(2026, 3, 1), 60).status is ReviewStatus.OVERDUE


def test_site_default_review_period_applies():
    checked = validate_file(
        SourceFile("p.md", "p.md", policy("p", review_every=None, approved="2025-05-31")),
        Settings(review_every=9))
    assert checked.document.review_by == date(2026, 2, 28)


@pytest.mark.parametrize(("status", "expected"), [
    ("draft", ReviewStatus.DRAFT), ("superseded", ReviewStatus.SUPERSEDED),
    ("retired", ReviewStatus.RETIRED),
])
def test_fixed_statuses_ignore_the_date(status, expected):
    extra = {"superseded_by": "other"} if status == "superseded" else {}
    doc = _doc(status=status, approved="2020-01-01", **extra)
    review = review_of(doc, date(2026, 12, 1), 60)
    assert review.status is expected
    assert review.review_by is None and review.days_left is None
    assert not review.at_gate(Gate.DUE_SOON)


def test_register_puts_what_needs_action_first():
    docs = [
        _doc(approved="2026-06-01", review_every=None, review_by="2027-06-01"),  # current
        _doc(approved="2025-01-01", review_every=None, review_by="2026-01-01"),  # overdue
        _doc(approved="2025-01-01", review_every=None, review_by="2025-12-01"),  # overdue, older
        _doc(approved="2026-01-01", review_every=None, review_by="2026-02-01"),  # due soon
        _doc(status="draft", approved=None),
    ]
    reviews = register(docs, date(2026, 1, 15), 60)
    assert [(r.status.value, r.review_by) for r in reviews] == [
        ("overdue", date(2025, 12, 1)), ("overdue", date(2026, 1, 1)),
        ("due-soon", date(2026, 2, 1)), ("current", date(2027, 6, 1)), ("draft", None),
    ]
    assert reviews[0].days_left == -45
    assert [r.at_gate(Gate.OVERDUE) for r in reviews] == [True, True, False, False, False]
    assert [r.at_gate(Gate.DUE_SOON) for r in reviews] == [True, True, True, False, False]
    assert not any(r.at_gate(Gate.NEVER) for r in reviews)


def test_span_reads_naturally():
    assert span(date(2026, 1, 31), date(2026, 2, 28)) == "28 days"
    assert span(date(2026, 1, 15), date(2026, 2, 15)) == "1 month"
    assert span(date(2025, 1, 15), date(2027, 1, 15)) == "2 years"


def test_review_words_order_and_version_pattern_are_written_once():
    """The scripts carry no copy of the build's words, order or patterns: they read them
    as data the build writes into their first line (a browser test compares the results)."""
    from handbook.model import VERSION_PATTERN
    from handbook.plugin.plugin import ASSETS
    from handbook.plugin.script_data import script_data
    from handbook.reviews import REVIEW_TEXT

    scripts = {name: (ASSETS / name).read_text() for name in
               ("review-status.js", "register.js", "signoff.js")}
    words = [*REVIEW_TEXT["labels"].values(), "September", "overdue by", "Next review"]
    for name, source in scripts.items():
        for word in words:
            assert word not in source, (name, word)
        assert "\\d+\\.\\d+" not in source, name
    assert '"Review overdue"' in script_data("review-status.js")
    assert json.dumps(VERSION_PATTERN) in script_data("signoff.js")
    assert script_data("handbook.js") is None
