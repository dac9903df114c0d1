"""History pages in a real browser: compare two versions, find the version in force."""

from __future__ import annotations

import pytest

from conftest import serve
from history_scenario import make_awkward
from sites import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def history_site(history_repo):
    built = build(history_repo.root, site_dir=history_repo.root / "browser-site")
    assert not built.aborted
    with serve(built.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def awkward_site(tmp_path_factory):
    repo = make_awkward(tmp_path_factory.mktemp("awkward-browser") / "handbook")
    built = build(repo.root)
    assert not built.aborted
    with serve(built.site_dir) as url:
        yield url


def test_compare_any_two_versions(page, history_site):
    page.goto(history_site + "history/child-protection/")
    form = page.locator("form[data-handbook-compare]")
    assert form.is_visible()
    form.locator("select[name=from]").select_option("1.0")
    form.locator("select[name=to]").select_option("2.1")
    form.get_by_role("button", name="Show changes").click()
    page.wait_for_url("**/history/child-protection/diff/1.0-2.1/")
    assert page.locator("h1").inner_text().endswith("changes from version 1.0 to 2.1")
    assert page.locator(".handbook-diff ins").count() > 0


def test_version_in_force_on_a_chosen_day(page, history_site):
    page.goto(history_site + "history/child-protection/")
    page.locator("#handbook-asof-date").fill("2024-12-31")
    page.locator("#handbook-asof-date").dispatch_event("change")
    assert page.locator("[data-asof-summary]").inner_text() == \
        "Version 1.1 was in force on that day."
    highlighted = page.locator("tr.handbook-in-force th")
    assert highlighted.all_inner_texts() == ["1.1"]


def test_history_index_lists_what_was_in_force(page, history_site):
    page.goto(history_site + "history/")
    column = page.locator("[data-asof-column]")
    assert column.is_hidden()
    page.locator("#handbook-asof-date").fill("2024-03-01")
    page.locator("#handbook-asof-date").dispatch_event("change")
    assert column.is_visible()
    row = page.locator("tr[data-versions]", has_text="Child protection")
    link = row.locator("[data-asof-cell] a")
    assert link.inner_text() == "Version 1.0"
    link.click()
    page.wait_for_url("**/history/child-protection/1.0/")
    banner = page.locator(".handbook-snapshot .admonition-title").inner_text()
    assert banner.startswith("Superseded: version 1.0")


def test_compare_a_version_number_used_twice(page, awkward_site):
    page.goto(awkward_site + "history/seesaw/")
    form = page.locator("form[data-handbook-compare]")
    form.locator("select[name=from]").select_option("1.0-2")
    form.locator("select[name=to]").select_option("1.1-2")
    form.get_by_role("button", name="Show changes").click()
    page.wait_for_url("**/history/seesaw/diff/1.0-2-1.1-2/")
    assert "Up again." in page.locator(".handbook-diff ins").all_inner_texts()


def test_single_version_document_finds_the_version_in_force(page, awkward_site):
    page.goto(awkward_site + "history/steady/")
    page.locator("#handbook-asof-date").fill("2024-06-01")
    page.locator("#handbook-asof-date").dispatch_event("change")
    assert page.locator("[data-asof-summary]").inner_text() == \
        "Version 1.0 was in force on that day."


def _luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2) of a computed `rgb(r, g, b)` colour."""
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_added_and_removed_text_are_marked_in_more_than_one_way(page, history_site):
    """Colour alone would fail colour-blind readers: each mark also has a line, and its
    text keeps enough contrast on its tint (a stray brace once dropped the `ins` rule)."""
    page.goto(history_site + "history/child-protection/diff/1.0-2.1/")
    for tag, line in (("ins", "underline"), ("del", "line-through")):
        mark = page.locator(f".handbook-diff {tag}").first
        style = mark.evaluate("""el => { const s = getComputedStyle(el);
            return {bg: s.backgroundColor, fg: s.color, line: s.textDecorationLine}; }""")
        assert style["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), (tag, style)
        assert line in style["line"], (tag, style)
        assert _contrast(style["fg"], style["bg"]) >= 4.5, (tag, style)


def test_inspection_pack_statuses_agree_with_its_summary_on_the_reading_day(page, history_site):
    """Rows and the summary are both worked out for the day the pack is read."""
    page.clock.set_fixed_time("2040-01-01T09:30:00")
    page.goto(history_site + "inspection/")
    labels = page.locator("[data-handbook-inspection] [data-review-label]").all_inner_texts()
    assert labels and set(labels) == {"Review overdue"}
    summary = page.locator(".handbook-summary [data-summary-count=overdue]").inner_text()
    assert summary == f"{len(labels)} documents"
