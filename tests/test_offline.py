"""The offline copy: `handbook export offline` zips a build that works from file://.

Built once for the module from the example handbook, unzipped, and opened in a
real browser over file:// as staff would from a shared drive or a USB stick.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_browser_quality import axe

from handbook.cli.driver import main as handbook
from handbook.outputs import INTERNAL_BANNER

from conftest import environment
from sites import EXAMPLE_TODAY, REPO

TOP = f"handbook-offline-{EXAMPLE_TODAY}"
NOTICE = "Offline copy made on 1 December 2026: check for a newer one."


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("offline")
    target = folder / "copy.zip"
    with environment(HANDBOOK_TODAY=EXAMPLE_TODAY):
        assert handbook(["export", "offline", "--out", str(target),
                         "-f", str(REPO / "mkdocs.yml")]) == 0
    with zipfile.ZipFile(target) as archive:
        archive.extractall(folder / "unzipped")
    return folder / "unzipped" / TOP


def pages(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.html") if p.name != "404.html"]


def test_every_page_says_when_the_copy_was_made(offline_copy):
    found = pages(offline_copy)
    assert len(found) > 50
    for page in found:
        text = " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
                        .select_one(".handbook-banner--offline").get_text().split())
        assert text == NOTICE, page


def test_links_name_files_and_nothing_is_fetched_from_elsewhere(offline_copy):
    html = (offline_copy / "index.html").read_text(encoding="utf-8")
    # use_directory_urls is off: file:// has no index.html for a folder.
    assert 'href="policies/index.html"' in html
    assert (offline_copy / "search" / "search_index.js").exists()
    for page in pages(offline_copy):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        loaded = [tag.get("src") for tag in soup.select("script[src], img[src], iframe[src]")]
        loaded += [tag.get("href") for tag in soup.select("link[href]")
                   if set(tag.get("rel", [])) & {"stylesheet", "icon", "preload", "manifest"}]
        assert [url for url in loaded if re.match(r"(https?:)?//", url)] == [], page
    # Our worker shim, not the CDN one the offline plugin would add.
    assert "unpkg.com" not in html
    assert (offline_copy / "assets/handbook/iframe-worker-file-worker.js").exists()


def test_public_copy_has_no_internal_marker(offline_copy):
    from handbook.outputs import find_internal

    assert find_internal(offline_copy) is None


# In a browser, over file:// ---------------------------------------------------

@pytest.fixture
def file_page(browser):
    context = browser.new_context()
    tab = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.requests, tab.errors = requests, errors
    yield tab
    context.close()


@pytest.mark.browser
def test_open_navigate_and_search_from_file(file_page, offline_copy):
    page = file_page
    page.goto((offline_copy / "index.html").as_uri())
    assert page.locator(".handbook-banner--offline").inner_text().strip() == NOTICE
    # Navigate by the menu, as a reader would.
    page.locator(".md-tabs__link", has_text="Policies").first.click()
    page.locator(".md-nav__link", has_text="Child protection").first.click()
    assert page.url.endswith("policies/child-protection.html")
    heading = page.locator("h1").first.inner_text().strip()
    assert heading == "Child protection and safeguarding policy"
    # Search: the index comes from search_index.js, the worker runs in a frame.
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially("low-level-concerns")
    first = page.locator(".md-search-result__item").first
    first.wait_for()
    assert "Low-level concerns" in first.inner_text()
    first.locator("a").first.click()
    assert "policies/low-level-concerns.html" in page.url
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(("file:", "data:", "blob:"))] == []


@pytest.mark.browser
def test_checklist_and_live_status_work_from_file(file_page, offline_copy):
    page = file_page
    # The reader opens the copy long after it was made: the status counts from their day.
    page.clock.set_fixed_time("2028-06-01T10:00:00")
    page.goto((offline_copy / "policies/online-safety.html").as_uri())
    panel = page.locator("[data-review-status]").first
    assert panel.get_attribute("data-review-status") == "overdue"
    assert page.locator(".handbook-banner--offline").inner_text().strip() == NOTICE
    boxes = page.locator("[data-signoff-policy] input[type=checkbox]")
    assert boxes.count() >= 2
    boxes.first.check()
    boxes.nth(1).check()
    page.reload()
    assert boxes.first.is_checked() and boxes.nth(1).is_checked()
    assert page.errors == []


# The banners of internal builds and offline copies are accessible -------------

@pytest.fixture
def axe_page(browser):
    """A tab that lets axe in: the pages' own policy rightly refuses injected scripts."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_offline_notice_is_accessible(axe_page, offline_copy):
    axe_page.goto((offline_copy / "policies/child-protection.html").as_uri())
    axe_page.wait_for_load_state("networkidle")
    assert axe(axe_page) == []


@pytest.mark.browser
def test_internal_banner_is_visible_and_accessible(axe_page, internal_url):
    axe_page.goto(internal_url + "policies/child-protection/")
    axe_page.wait_for_load_state("networkidle")
    banner = axe_page.get_by_role("complementary", name="Internal edition")
    assert banner.is_visible()
    assert banner.inner_text().strip() == INTERNAL_BANNER
    assert axe(axe_page) == []
