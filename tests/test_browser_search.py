"""Search as staff use it: by a document's title, by its id, and by a theme."""

from __future__ import annotations

import pytest
import yaml

from handbook.scaffold import STARTER

from sites import REPO


def search(page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")  # the search worker has its index
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for()
    # Results come in as each key is typed: read them once they stop changing,
    # so they are the results for the whole query and not for a prefix of it.
    titles: list[str] = []
    for _ in range(20):
        now = [t.strip() for t in page.locator(".md-search-result__article h1").all_inner_texts()]
        if now and now == titles:
            return titles
        titles = now
        page.wait_for_timeout(250)
    return titles


def _search_options(config_file) -> object:
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)


def test_a_new_handbook_searches_as_the_example_does():
    """Titles before tags is what every setting starts from, not only the example."""
    assert _search_options(STARTER / "mkdocs.yml") == _search_options(REPO / "mkdocs.yml")


@pytest.mark.browser
def test_search_finds_a_document_by_its_id(page, example_url):
    titles = search(page, example_url, "low-level-concerns")
    assert titles[0] == "Low-level concerns about adults"


@pytest.mark.browser
def test_search_finds_lessons_and_policies_by_theme(page, example_url):
    titles = search(page, example_url, "disguised compliance")
    # Each document that applies the lesson carries its themes as tags, so short forms
    # that apply it (body map, existing injury record) rank beside the lesson itself.
    assert "Peter Connelly: look beyond the explanation" in titles[:5]


@pytest.mark.browser
def test_results_show_the_document_type(page, example_url):
    search(page, example_url, "uncollected child")
    first = page.locator(".md-search-result__item").first
    assert "Policy" in first.locator(".md-tag").all_inner_texts()


@pytest.mark.browser
@pytest.mark.parametrize("title, location", [
    # Each of these was below the first screen of results when tags outweighed titles.
    ("Uncollected child policy", "policies/uncollected-child/"),
    ("Escalating a professional disagreement", "procedures/escalating-disagreement/"),
    ("Making a referral to children's social care", "procedures/making-a-referral/"),
    ("Child-on-child abuse and harmful sexual behaviour", "policies/child-on-child-abuse/"),
])
def test_a_documents_title_finds_it_first(page, example_url, title, location):
    search(page, example_url, title)
    first = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert first.split("?")[0].endswith(location)


@pytest.mark.browser
def test_a_policy_named_in_the_search_comes_before_pages_tagged_with_its_words(
        page, example_url):
    # Pages tagged "Children missing education" used to outrank the policy itself (fifth).
    titles = search(page, example_url, "missing child")
    assert "Missing child policy" in titles[:2]
