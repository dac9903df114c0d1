"""Search as staff use it: by a document's id, and by a theme."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


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


def test_search_finds_a_document_by_its_id(page, example_url):
    titles = search(page, example_url, "low-level-concerns")
    assert titles[0] == "Low-level concerns about adults"


def test_search_finds_lessons_and_policies_by_theme(page, example_url):
    titles = search(page, example_url, "disguised compliance")
    # Each document that applies the lesson carries its themes as tags, so short forms
    # that apply it (body map, existing injury record) rank beside the lesson itself.
    assert "Peter Connelly: look beyond the explanation" in titles[:5]


def test_results_show_the_document_type(page, example_url):
    search(page, example_url, "uncollected child")
    first = page.locator(".md-search-result__item").first
    assert "Policy" in first.locator(".md-tag").all_inner_texts()
