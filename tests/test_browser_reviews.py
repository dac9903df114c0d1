"""Review statuses re-computed in a real browser, with its clock moved past the build."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from test_review_pages import TODAY, built  # noqa: F401  (the site the build tests check)

from handbook.reviews import describe, status_on

from conftest import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def review_site(built):  # noqa: F811
    with serve(built.site_dir) as url:
        yield url


def open_on(page, url: str, day: str):
    page.clock.set_fixed_time(f"{day}T09:30:00")
    page.goto(url)
    return page


def panel_state(page):
    panel = page.locator("[data-review-status]").first
    return (panel.get_attribute("data-review-status"), panel.get_attribute("class"),
            panel.locator("[data-review-label]").inner_text(),
            panel.locator("[data-review-sentence]").inner_text())


def test_panel_moves_from_current_to_due_soon_to_overdue(page, review_site):
    url = review_site + "policies/current/"  # review due 1 June 2027; built 1 December 2026
    status, classes, label, sentence = panel_state(open_on(page, url, "2027-03-01"))
    assert (status, label, sentence) == ("current", "Current", "Next review by 1 June 2027.")
    assert "success" in classes
    status, classes, label, sentence = panel_state(open_on(page, url, "2027-04-15"))
    assert (status, label, sentence) == ("due-soon", "Review due soon",
                                         "Review due in 47 days (1 June 2027).")
    assert "warning" in classes and "success" not in classes
    status, classes, label, sentence = panel_state(open_on(page, url, "2027-06-02"))
    assert (status, label) == ("overdue", "Review overdue")
    assert sentence == "Review overdue by 1 day (was due 1 June 2027)."
    assert "danger" in classes and "warning" not in classes


def test_fixed_statuses_stay_put(page, review_site):
    status, _, label, _ = panel_state(open_on(page, review_site + "policies/old/", "2030-01-01"))
    assert (status, label) == ("superseded", "Superseded")


def group_titles(page) -> dict[str, list[str]]:
    groups = {}
    for body in page.locator("tbody[data-review-group]").all():
        name = body.get_attribute("data-review-group")
        groups[name] = None if body.is_hidden() else body.locator("td a").all_inner_texts()
    return groups


def test_register_regroups_rows_for_the_reading_day(page, review_site):
    open_on(page, review_site + "reviews/", "2026-06-01")
    groups = group_titles(page)
    assert groups["overdue"] is None  # nothing overdue back then: the group hides
    assert len(groups["current"]) == 5
    open_on(page, review_site + "reviews/", "2027-05-01")
    groups = group_titles(page)
    assert groups["current"] is None
    assert groups["due-soon"] == ["Current <b>policy</b> & co"]
    assert len(groups["overdue"]) == 4
    count = page.locator("tbody[data-review-group=overdue] [data-review-count]").inner_text()
    assert count == "4"
    summary = page.locator(".handbook-summary")
    assert summary.locator("[data-summary-count=overdue]").inner_text() == "4 documents"
    assert summary.locator("[data-summary-count=due-soon]").inner_text() == "1 document"


def test_register_filters_by_owner_and_status_with_the_keyboard(page, review_site):
    open_on(page, review_site + "reviews/", TODAY)
    rows = page.locator("tr[data-review-status]")
    assert rows.count() == 8
    page.locator("#handbook-filter-owner").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Nursery Manager
    expect(page.locator("tr[data-review-status]:not([hidden])")).to_have_count(1)
    assert page.locator("tr[data-review-status]:visible a").inner_text() == "Overdue"
    page.select_option("#handbook-filter-owner", "")
    page.select_option("#handbook-filter-status", "due-soon")
    visible = page.locator("tr[data-review-status]:visible")
    assert visible.count() == 2


def test_home_summary_recounts_for_today(page, review_site):
    open_on(page, review_site, "2026-01-01")
    summary = page.locator(".handbook-summary")
    assert summary.locator("[data-summary-count=overdue]").inner_text() == "0 documents"
    assert "review register" in summary.inner_text()


def test_browser_and_build_agree_on_status_and_words(page, review_site):
    """The script mirrors handbook.reviews; compare them over many pairs of dates."""
    page.goto(review_site)
    due_dates = [date(2026, 1, 31), date(2026, 2, 28), date(2028, 2, 29), date(2026, 12, 31)]
    offsets = [-800, -400, -366, -365, -61, -60, -59, -31, -30, -29, -1, 0, 1, 2, 27, 28, 29,
               30, 31, 59, 60, 61, 364, 365, 366, 500]
    pairs = [(due, due + timedelta(days=d)) for due, d in itertools.product(due_dates, offsets)]
    script = """pairs => pairs.map(([due, asOf]) => {
        const r = window.handbookReviews;
        const status = r.statusOn(r.parse(due), r.parse(asOf), 60);
        return [status, r.describe(status, r.parse(due), r.parse(asOf))];
    })"""
    from_browser = page.evaluate(script, [[d.isoformat(), a.isoformat()] for d, a in pairs])
    expected = []
    for due, as_of in pairs:
        status = status_on(due, as_of, 60)
        expected.append([status.value, describe(status, due, as_of)])
    assert from_browser == expected
