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
