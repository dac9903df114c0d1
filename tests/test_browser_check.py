"""Knowledge checks in a real browser, with the keyboard only: a wrong answer explains why
and links the section that covers it, a right one completes the check, and the sign-off
record notes the check and its attempts."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import serve
from sites import BOTH_HOOKS, build, lesson, policy, site_config, write_site

pytestmark = pytest.mark.browser

CHECK = [
    {"question": "A child asks you to keep a secret. What do you say?",
     "options": ["I promise not to tell.",
                 "I cannot keep it secret; I will tell someone who can help.",
                 "Ask them whether they are sure."],
     "answer": 2, "why": "Never promise a child to keep a secret.", "see": "what-to-do"},
    {"question": "When do you write down what the child said?",
     "options": ["The same day, in their words.", "At the end of the week."],
     "answer": "The same day, in their words.", "why": "Memory fades: record it the same day."},
]
CONFIG = site_config("Check browser test", hooks=BOTH_HOOKS, handbook={"fail_on": "never",
                                                                       "history": False})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("check"), {
        "index.md": "# Home\n",
        "policies/child-protection.md": policy(
            "child-protection", title="Child protection", version="2.0",
            change_summary="Version 2.", body="## What to do\n\nTell the DSL.\n",
            sign_off=["I know who the DSL is."], check=json.loads(json.dumps(CHECK))),
        "lessons/a-lesson.md": lesson("a-lesson", check=json.loads(json.dumps(CHECK[1:]))),
    }, CONFIG)
    built = build(root, strict=True)
    assert not built.aborted, built.messages
    with serve(built.site_dir) as url:
        yield url


def answer(page, question: int, option: int) -> None:
    """Choose an option with the keyboard: focus the group's first radio, then arrow keys."""
    radios = page.locator(f"[data-check-question='{question}'] input[type=radio]")
    radios.first.focus()
    page.keyboard.press("Space")
    for _ in range(option - 1):
        page.keyboard.press("ArrowDown")


def submit(page) -> None:
    page.get_by_role("button", name="Check my answers").focus()
    page.keyboard.press("Enter")


def test_wrong_then_right_then_the_record(page, site):
    page.goto(site + "policies/child-protection/")
    result = page.locator("[data-check-result]")
    assert result.get_attribute("aria-live") == "polite"
    # Each question is a group named by its legend, and each option by its text.
    group = page.get_by_role("group", name="1. A child asks you to keep a secret.")
    assert group.get_by_role("radio", name="I promise not to tell.").count() == 1

    answer(page, 1, 1)  # wrong
    answer(page, 2, 1)  # right
    submit(page)
    assert result.inner_text().startswith("1 of 2 right.")
    first = page.locator("[data-check-question='1'] [data-check-why]")
    assert first.is_visible()
    assert "Not quite." in first.inner_text()
    assert "Never promise a child to keep a secret." in first.inner_text()
    link = first.locator("[data-check-see-link]")
    assert link.get_attribute("href") == "#what-to-do"
    assert "Right." in page.locator("[data-check-question='2'] [data-check-why]").inner_text()

    # Follow the link with the keyboard: it reaches the section that covers it.
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#what-to-do")

    answer(page, 1, 2)  # now right
    submit(page)
    assert result.inner_text().startswith("All 2 right. You have completed the check "
                                          "(after 2 attempts).")
    assert "Right." in first.inner_text() and first.locator("[data-check-see-link]").count() == 0

    page.reload()
    assert "after 2 attempts" in result.inner_text()

    # Sign off with the keyboard; the record notes the check and its attempts.
    page.locator("[data-signoff-policy] input[type=checkbox]").first.focus()
    page.keyboard.press("Space")
    page.get_by_label("Your name").fill("Asha Mensah")
    page.get_by_label("Your role").fill("Nursery Manager")
    with page.expect_download() as download:
        page.get_by_role("button", name="Confirm I have read and understood version 2.0").focus()
        page.keyboard.press("Enter")
    text = download.value.path().read_text(encoding="utf-8")
    record = next(csv.DictReader(io.StringIO(text)))
    assert record["check_completed"] == "yes" and record["check_attempts"] == "2"
    # The record holds no answer.
    for option in CHECK[0]["options"]:
        assert option not in text


def test_record_says_when_the_check_is_not_done(page, site):
    page.goto(site + "policies/child-protection/")
    page.locator("[data-signoff-policy] input[type=checkbox]").first.check()
    page.get_by_label("Your name").fill("Ben Carter")
    page.get_by_label("Your role").fill("Room Leader")
    with page.expect_download() as download:
        page.get_by_role("button", name="Confirm I have read and understood version 2.0").click()
    record = next(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert record["check_completed"] == "no" and record["check_attempts"] == ""


def test_lesson_check_without_sign_off_and_unanswered_questions(page, site):
    page.goto(site + "lessons/a-lesson/")
    result = page.locator("[data-check-result]")
    submit(page)
    assert result.inner_text() == "Answer every question first: 1 is still to answer."
    answer(page, 1, 2)  # wrong
    submit(page)
    why = page.locator("[data-check-why]")
    assert "Not quite." in why.inner_text()
    # No `see`: the link goes to the top of the page.
    assert why.locator("[data-check-see-link]").get_attribute("href") == "#"
    answer(page, 1, 1)
    submit(page)
    assert "after 2 attempts" in result.inner_text()
