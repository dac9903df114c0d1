"""Navigation that scales: a page carries only its own section, yet all pages are two clicks away.

Material's `navigation.sections` expands every section in every page, so a
handbook of N documents writes N links into each of its N pages (issue 18).
The example uses tabs, section index pages and pruning instead; these tests read
the built example's HTML to check that staff still reach every document in two
clicks from any page, and that a page's menu holds only its own section.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from handbook.cli.driver import main as handbook

from sites import REPO, build


def _output(src: str) -> str:
    """Where MkDocs writes a page (directory URLs): `a/b.md` -> `a/b/index.html`."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def _pages(item: object) -> list[str]:
    """Every page under a nav item, in order."""
    if isinstance(item, str):
        return [_output(item)]
    if isinstance(item, list):
        return [page for child in item for page in _pages(child)]
    if isinstance(item, dict):
        return [page for value in item.values() for page in _pages(value)]
    return []


@pytest.fixture(scope="module")
def sections() -> list[list[str]]:
    """The pages of each top-level nav item (a tab), as output paths."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [_pages(item) for item in config["nav"]]


def _links(site: Path, page: str, selector: str = "a[href]") -> set[str]:
    """The site pages a page links to (output paths), from the elements `selector` picks."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    found: set[str] = set()
    for anchor in soup.select(selector):
        parts = urlsplit(anchor["href"])
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
        if parts.path.endswith("/") or target == ".":
            target = posixpath.join(target, "index.html").removeprefix("./")
        found.add(target)
    return found


def test_example_uses_a_navigation_that_prunes():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    features = config["theme"]["features"]
    assert "navigation.prune" in features
    assert "navigation.tabs" in features
    assert "navigation.sections" not in features  # it would expand every section again


def _assert_two_clicks(site: Path, pages: list[str]) -> None:
    links = {page: _links(site, page) for page in pages}
    for page in pages:
        reach = {page} | links[page]
        for step in links[page] & links.keys():
            reach |= links[step]
        missing = [other for other in pages if other not in reach]
        assert not missing, f"from {page}, more than two clicks to {missing}"


def test_every_page_is_two_clicks_from_any_page(example_build, sections):
    _assert_two_clicks(example_build.site_dir, [page for section in sections for page in section])


def test_every_starter_page_is_two_clicks_from_any_page(tmp_path, capsys):
    """The starter has no nav: MkDocs makes one from its folders, each with its index.md."""
    target = tmp_path / "new-handbook"
    assert handbook(["init", str(target)]) == 0
    built = build(target, site_dir=tmp_path / "site")  # placeholders warn; not strict
    assert not built.aborted
    config = yaml.load((target / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "navigation.sections" not in config["theme"]["features"]
    docs = target / "docs"
    pages = [_output(path.relative_to(docs).as_posix()) for path in sorted(docs.rglob("*.md"))]
    _assert_two_clicks(built.site_dir, pages)


def test_each_page_menu_holds_only_its_own_section(example_build, sections):
    site = example_build.site_dir
    # Each tab's landing page: a page's menu may link there, and to its own section.
    landings = {section[0] for section in sections}
    largest = max(len(section) for section in sections)
    for section in sections:
        for page in section:
            menu = _links(site, page, "nav.md-nav--primary a[href]")
            others = menu - set(section) - landings
            assert not others, f"{page}'s menu links other sections' pages: {sorted(others)}"
            assert len(menu) <= largest + len(sections)


@pytest.mark.browser
def test_on_a_phone_the_menu_reaches_another_section_in_two_pages(browser, example_url):
    """At 360 px the tabs do not show; the menu (drawer) lists the sections instead."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(example_url + "guidance/glossary/")
    assert not page.locator(".md-tabs").is_visible()
    menu = page.locator("label.md-header__button[for=__drawer]")
    menu.click()
    drawer = page.locator("nav.md-nav--primary")
    # The menu opens on this page's own section; its title goes back to all sections.
    drawer.locator("nav[data-md-level='1'] > label.md-nav__title").first.click()
    drawer.get_by_role("link", name="Policies", exact=True).click()
    page.wait_for_url("**/policies/")
    menu.click()
    drawer.get_by_role("link", name="Safe sleep").click()
    page.wait_for_url("**/policies/safe-sleep/")
    context.close()
