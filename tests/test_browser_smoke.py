"""The example handbook opens in a real browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_page_and_a_policy_open(page, example_url):
    page.goto(example_url)
    assert "Willowbrook" in page.title()
    assert page.locator("h1").first.inner_text().strip()
    page.goto(example_url + "policies/child-protection/")
    heading = page.locator("article h1").first.inner_text()
    assert "Child protection" in heading
    assert page.locator("article").inner_text().count("In short") >= 1
