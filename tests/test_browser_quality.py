"""Quality gates in a real browser: accessibility, privacy, print, phones, escaping."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from test_quality import hostile  # noqa: F401  (a fixture shared with the build checks)

from handbook.cli.driver import main as handbook

from conftest import serve
from sites import REPO, build

pytestmark = pytest.mark.browser

AXE = (Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

PAGE_TYPES = {
    "home": "",
    "policy": "policies/child-protection/",
    "procedure": "procedures/responding-to-disclosure/",
    "guidance and glossary": "guidance/glossary/",
    "form": "forms/body-map/",
    "one-page flowchart": "procedures/worried-about-a-child/",
    "one-page poster": "guidance/safeguarding-poster/",
    "lesson": "lessons/daniel-pelka/",
    "lesson from harm inside a setting": "lessons/little-teds-nursery/",
    "lesson from a national review": "lessons/myth-of-invisible-men/",
    "policy with an outcomes table": "policies/allegations-against-staff/",
    "policy with a duty table": "policies/fgm/",
    "procedure with a danger box": "procedures/recording-a-concern/",
    "lessons index": "lessons/",
    "traceability matrix": "lessons/traceability/",
    "tags": "themes/",
    "review register": "reviews/",
    "history index": "history/",
    "history": "history/online-safety/",
    "snapshot": "history/online-safety/2.2/",
    "diff": "history/online-safety/diff/2.2-3.0/",
    "amendments": "amendments/",
    "inspection pack": "inspection/",
    "sign-off sheet": "policies/child-protection/#sign-off-sheet",
    "team-meeting pack": "lessons/daniel-pelka/#team-meeting-pack",
    "for managers": "managers/sign-off/",
    "moving from word": "managers/moving-from-word/",
    "editing in the browser": "managers/web-editor/",
    "technical reference": "about/reference/plugin/",
}


def axe(page) -> list[tuple[str, list[str]]]:
    """Violations of WCAG 2.0-2.2 A and AA and axe's best practice, with where they are."""
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [(v["id"], [n["target"][0] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.fixture
def axe_page(browser):
    """A tab that lets axe in: the pages' own policy rightly refuses injected scripts."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def settle(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_no_accessibility_violations(axe_page, example_url, path):
    settle(axe_page, example_url + path)
    assert axe(axe_page) == []


def test_no_violations_with_search_results_open(axe_page, example_url):
    settle(axe_page, example_url + "policies/child-protection/")
    box = axe_page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially("referral")
    axe_page.locator(".md-search-result__item").first.wait_for()
    assert axe(axe_page) == []


def test_no_violations_while_signing_off(axe_page, example_url):
    settle(axe_page, example_url + "policies/online-safety/")
    for box in axe_page.locator("[data-signoff-policy] input[type=checkbox]").all():
        box.check()
    assert axe_page.locator("[data-signoff-form]").is_visible()
    assert axe(axe_page) == []
    axe_page.get_by_label("Your name").fill("A Person")
    axe_page.get_by_label("Your role").fill("Playworker")
    with axe_page.expect_download():
        axe_page.get_by_role("button",
                             name="Confirm I have read and understood version 3.2").click()
    assert axe(axe_page) == []


def test_no_violations_while_answering_a_check(axe_page, example_url):
    settle(axe_page, example_url + "procedures/responding-to-disclosure/")
    for question in axe_page.locator("[data-check-question]").all():
        question.locator("input[type=radio]").first.check()  # some right, some wrong
    axe_page.get_by_role("button", name="Check my answers").click()
    assert axe_page.locator("[data-check-why]:visible").count() >= 2
    assert axe(axe_page) == []


@pytest.mark.parametrize("path", ["sign-off/", "training/", "inspection/"])
def test_no_violations_in_the_internal_register(axe_page, internal_url, path):
    settle(axe_page, internal_url + path)
    assert axe(axe_page) == []


def test_keyboard_reaches_search_and_the_checklist(page, example_url):
    settle(page, example_url + "policies/child-protection/")
    page.keyboard.press("/")  # Material's shortcut to search
    page.keyboard.type("glossary")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    first = page.locator("[data-signoff-policy] input[type=checkbox]").first
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_no_request_leaves_the_site_and_nothing_is_refused(page, example_url, path):
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    settle(page, example_url + path)
    assert requests and all(url.startswith((example_url, "data:")) for url in requests), \
        [url for url in requests if not url.startswith(example_url)]
    assert errors == []  # no refused script or style, no failed load, no script error


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_usable_at_360_pixels_without_scrolling_sideways(browser, example_url, path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    settle(page, example_url + path)
    wide = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert wide <= 360


def test_printed_policy_names_itself_on_every_page(page, example_url):
    settle(page, example_url + "policies/child-protection/")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) >= 2
    line = ("Child protection and safeguarding policy · Version 4.3 · Approved 1 December 2026 "
            "· Next review 1 December 2027 · Uncontrolled when printed on")
    for number, sheet in enumerate(reader.pages, 1):
        text = " ".join(sheet.extract_text().split())
        assert line in text, number
        assert "check the online handbook for the current version" in text
        for chrome in ("Search", "Table of contents", "Review register"):
            assert chrome not in text, (number, chrome)
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Staff sign-off" not in first and "What this policy covers" in first


@pytest.fixture(scope="module")
def starter_url(tmp_path_factory):
    """A fresh `handbook init`, built as it is, placeholders and all (the longest it gets)."""
    root = tmp_path_factory.mktemp("starter") / "handbook"
    assert handbook(["init", str(root)]) == 0
    built = build(root)
    assert not built.aborted
    with serve(built.site_dir) as url:
        yield url


ONE_PAGE = {"flowchart": "procedures/worried-about-a-child/",
            "poster": "guidance/safeguarding-poster/"}


@pytest.mark.parametrize("path", list(ONE_PAGE.values()), ids=list(ONE_PAGE))
def test_flowchart_and_poster_print_on_one_a4_page(page, example_url, path):
    settle(page, example_url + path)
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for wanted in ("999", "01632 960501", "01632 960502", "01632 960100", "01632 960199",
                   "Version 1.0", "Uncontrolled when printed"):
        assert wanted in text, wanted
    for online_only in ("Staff sign-off", "Related documents", "Owner:", "Where each step",
                        "Using this poster", "Search"):
        assert online_only not in text, online_only


@pytest.mark.parametrize("path", list(ONE_PAGE.values()), ids=list(ONE_PAGE))
def test_starter_flowchart_and_poster_print_on_one_a4_page(page, starter_url, path):
    settle(page, starter_url + path)
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1
    assert "[FILL IN: DSL phone number]" in reader.pages[0].extract_text()


def test_starter_managers_page_with_its_pictures_passes_axe(axe_page, starter_url):
    """The page every new handbook starts with for its managers: its pictures
    load and have their descriptions."""
    settle(axe_page, starter_url + "managers/")
    pictures = axe_page.locator("article img")
    assert pictures.count() == 5
    assert all(pictures.nth(i).evaluate("i => i.complete && i.naturalWidth > 0")
               for i in range(5))
    assert axe(axe_page) == []


def test_sign_off_sheet_is_a_view_of_its_document_and_prints_alone(page, example_url):
    settle(page, example_url + "policies/child-protection/")
    sheet = page.locator("#sign-off-sheet")
    assert sheet.is_hidden()
    page.get_by_role("link", name="Printable sign-off sheet").click()
    assert sheet.is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator(".handbook-signoff").is_hidden()
    assert page.locator(".handbook-review").is_hidden()
    assert page.get_by_role("button", name="Print this sheet").is_visible()
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Sign-off sheet" in text and "Signatures for version 4.3" in text
    assert "I will never promise a child to keep a secret" in text
    assert "What this policy covers" not in text and "Tick each point" not in text
    page.get_by_role("link", name="Back to the document").click()
    assert sheet.is_hidden() and page.locator(".handbook-signoff").is_visible()


def _longest_lesson() -> tuple[str, dict]:
    """The example lesson whose pack has the most to fit on its page, and its front matter."""
    lessons = {path.stem: yaml.safe_load(path.read_text().split("---\n")[1])
               for path in (REPO / "docs" / "lessons").glob("*.md")}
    return max(lessons.items(), key=lambda item: sum(
        len(text) for key in ("learning", "discuss") for text in item[1].get(key, [])))


def test_team_meeting_pack_is_a_view_of_its_lesson_and_prints_on_one_page(page, example_url):
    lesson, meta = _longest_lesson()
    settle(page, example_url + f"lessons/{lesson}/")
    pack = page.locator("#team-meeting-pack")
    assert pack.is_hidden()
    page.get_by_role("link", name="Team-meeting pack").click()
    assert pack.is_visible() and page.locator("h1").is_visible()
    assert page.locator(".handbook-lesson").is_hidden()
    assert page.locator("#sources").is_hidden()
    assert page.get_by_role("button", name="Print this pack").is_visible()
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for heading in ("Team-meeting pack", "Key learning", "To discuss",
                    "Our documents this lesson shaped", "Actions agreed"):
        assert heading in text, heading
    for point in meta["learning"] + meta["discuss"]:
        assert " ".join(point.split()) in text, point
    assert "What happened" not in text and "Sources" not in text
    page.get_by_role("link", name="Back to the lesson").click()
    assert pack.is_hidden() and page.locator(".handbook-lesson").is_visible()


def test_no_hostile_value_runs_as_script(page, hostile):  # noqa: F811
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(hostile.site_dir) as url:
        for path in ("", "policies/hostile/", "lessons/case/", "reviews/", "sign-off/",
                     "history/hostile/", "history/hostile/diff/1.0-2.0/", "amendments/",
                     "inspection/", "policies/hostile/#sign-off-sheet", "lessons/traceability/",
                     "history/", "tags/"):
            settle(page, url + path)
            assert page.evaluate("window.__pwned") is None, path
            if path:  # every page but home shows a hostile value, as text
                assert "<script>window.__pwned=1</script>" in page.locator("body").inner_text(), \
                    path
        box = page.locator("input[data-md-component=search-query]")
        box.click()
        box.press_sequentially("policy")
        page.locator(".md-search-result__item").first.wait_for()
        assert page.evaluate("window.__pwned") is None
    assert dialogs == []


def test_screenshots_for_the_readme(browser, example_url):
    """The README's pictures come from this browser, so they show what the tests see."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.clock.set_fixed_time("2026-12-01T10:00:00")
    folder = REPO / "screenshots"
    folder.mkdir(exist_ok=True)
    for name, path in (("policy", "policies/online-safety/"), ("register", "reviews/")):
        settle(page, example_url + path)
        page.screenshot(path=str(folder / f"{name}.png"))
        assert (folder / f"{name}.png").stat().st_size > 10_000
    context.close()


def test_history_screenshots_for_the_readme(browser, demo_url):
    """The README's history pictures come from `make demo`'s 2019-2026 history: the
    child protection policy's versions, and the change a case-review lesson brought."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.clock.set_fixed_time("2026-12-01T10:00:00")
    folder = REPO / "screenshots"
    folder.mkdir(exist_ok=True)
    settle(page, demo_url + "history/child-protection/")
    assert page.locator("article table tbody tr").count() >= 4
    page.screenshot(path=str(folder / "history.png"))
    row = page.locator("article table tbody tr", has_text="After the lesson from")
    row.get_by_role("link", name="Changes").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".handbook-diff ins").count() > 0
    page.screenshot(path=str(folder / "diff.png"))
    for name in ("history", "diff"):
        assert (folder / f"{name}.png").stat().st_size > 10_000
    context.close()
