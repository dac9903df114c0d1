"""The web editor in a real browser, against its local back end on a new handbook.

`handbook edit` runs as a manager runs it (decap-server in git mode and `mkdocs
serve`); Chromium fills in Decap CMS's form; the test then reads the file, the git
log, `handbook check` and a real build. Axe checks the editor's screens; what it
finds is Decap's, so it is listed in docs/managers/web-editor.md, not failed on.
"""

from __future__ import annotations

import re

import pytest
from editor_session import check, field, git, handbook_edit, init, log_in, publish, save, select
from playwright.sync_api import expect
from test_browser_quality import AXE, AXE_TAGS

from sites import REPO, build, fill_in

pytestmark = pytest.mark.browser

DOCS_PAGE = REPO / "docs" / "managers" / "web-editor.md"
SHOTS = REPO / "docs" / "managers" / "images"


@pytest.fixture
def editing(tmp_path):
    """A new handbook, filled in and committed, with `handbook edit` running on it."""
    root = tmp_path / "handbook"
    init(root)
    fill_in(root)
    git(root, "add", "-A")
    git(root, "-c", "user.name=Manager", "-c", "user.email=manager@example.org",
        "commit", "-q", "-m", "Fill in the starter")
    with handbook_edit(root) as url:
        yield root, url


def _axe(page) -> dict:
    page.add_script_tag(content=AXE)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)


def _listed(page) -> list[str]:
    """The ids of the entries in the collection list on screen."""
    page.locator("a[href*='/entries/']").first.wait_for()
    return page.locator("a[href*='/entries/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/entries/')[1])")


def test_a_manager_creates_and_changes_a_policy_in_the_browser(browser, editing):
    root, url = editing
    context = browser.new_context(bypass_csp=True)  # for axe alone; the editor runs without
    # Without the editor's security policy, `mkdocs serve`'s reload script would run and
    # reload the form when a save rebuilds the site, wiping whatever is typed next.
    context.route("**/livereload/**", lambda route: route.abort())
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "http://localhost"))
            or r.url.startswith(("data:", "blob:")) or outside.append(r.url))
    found: dict[str, list[str]] = {}

    log_in(page, url)
    # The first list is the policies: the section page beside them (policies/index.md,
    # type: page) is not one, and is not offered with a policy's form.
    assert "child-protection" in _listed(page)
    assert "index" not in _listed(page)
    # The managers' page shows what they will see (docs/managers/web-editor.md).
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "web-editor-list.png"))
    result = _axe(page)
    assert result["passes"], "axe did not run"
    found.update({v["id"]: [n["target"][0] for n in v["nodes"]] for v in result["violations"]})

    # A new policy, through the form.
    page.goto(url + "admin/#/collections/policies/new")
    field(page, "id").fill("visitors")
    field(page, "title").fill("Visitors policy")
    field(page, "owner").fill("Nursery manager")
    field(page, "approved_by").fill("Registered provider")
    field(page, "version").fill("1.0")
    select(page, "status", "approved")
    field(page, "approved").fill("2026-11-20")
    field(page, "review_by").fill("2027-11-20")
    page.get_by_role("button", name="Add sign off").click()
    page.locator("[id^='item-field-']").last.fill("I sign every visitor in.")
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("Every visitor signs in at the door.")
    page.screenshot(path=str(SHOTS / "web-editor-form.png"))
    result = _axe(page)
    found.update({v["id"]: [n["target"][0] for n in v["nodes"]] for v in result["violations"]})
    subject = save(page, root)
    assert "visitors" in subject, subject
    path = root / "docs" / "policies" / "visitors.md"
    text = path.read_text(encoding="utf-8")
    assert "id: visitors\n" in text and "status: approved\n" in text
    assert "type: policy\n" in text  # the type box's default: the list shows only policies
    assert re.search(r"version: ['\"]1\.0['\"]\n", text), text
    assert "- I sign every visitor in.\n" in text
    assert git(root, "status", "--porcelain", "docs").strip() == ""

    # Change a date and a key point, and save again: the new policy is in the list.
    page.wait_for_url(re.compile(r"/entries/visitors$"))  # Decap's own move after saving
    page.goto(url + "admin/#/collections/policies")
    page.locator("a[href$='/entries/visitors']").wait_for()
    assert "index" not in _listed(page)
    page.goto(url + "admin/#/collections/policies/entries/visitors")
    field(page, "review_by").wait_for()
    field(page, "review_by").fill("2027-10-01")
    page.locator("[id^='item-field-']").last.fill("I sign every visitor in and out.")
    field(page, "version").fill("1.1")  # as the managers' page says: a new version
    field(page, "change_summary").fill("Visitors sign out as well as in.")
    save(page, root)
    text = path.read_text(encoding="utf-8")
    assert re.search(r"review_by: ['\"]?2027-10-01", text), text
    assert "- I sign every visitor in and out.\n" in text
    assert re.search(r"version: ['\"]1\.1['\"]\n", text), text
    checked = check(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = build(root, site_dir=root.parent / "site")
    assert not built.aborted
    assert not [w for w in built.warnings() if "visitors" in w], built.warnings()
    article = built.html("policies/visitors/index.html").select_one("article").get_text(" ")
    assert "I sign every visitor in and out." in article
    assert "1 October 2027" in article or "2027-10-01" in article

    # A review date before the approval date: the form cannot compare two fields,
    # `handbook check` does, with its usual message.
    page.goto(url + "admin/#/collections/policies/entries/visitors")
    field(page, "review_by").wait_for()
    field(page, "review_by").fill("2026-01-01")
    save(page, root)
    checked = check(root)
    assert checked.returncode != 0
    assert "docs/policies/visitors.md" in checked.stdout + checked.stderr
    assert "expected a date after the approval date 2026-11-20, got 2026-01-01" in (
        checked.stdout + checked.stderr)

    # An id that is not a slug is stopped in the form, with our wording.
    page.goto(url + "admin/#/collections/policies/new")
    field(page, "id").fill("Visitors Policy")
    publish(page)
    page.get_by_text("Use lowercase words joined by hyphens").first.wait_for()

    assert outside == [], outside
    context.close()

    # The section page has its own small form, its title and text, and stays a page.
    # A context that keeps the editor's security policy, as a manager's browser does: it
    # also stops `mkdocs serve`'s reload script, which would reload the form after a save.
    section = root / "docs" / "policies" / "index.md"
    body = section.read_text(encoding="utf-8").split("---\n", 2)[2]
    context = browser.new_context()
    page = context.new_page()
    log_in(page, url)
    page.goto(url + "admin/#/collections/sections/entries/policies")
    expect(field(page, "title")).to_have_value("Policies")
    assert page.locator("[id^='owner-field-']").count() == 0
    field(page, "title").fill("Our policies")
    save(page, root)
    context.close()
    text = section.read_text(encoding="utf-8")
    assert text.startswith("---\nid: policies\ntitle: Our policies\ntype: page\n---\n"), text
    assert "(child-protection.md)" in text and text.split("---\n", 2)[2].strip() == body.strip()
    assert "index.md" not in check(root).stdout
    listed = DOCS_PAGE.read_text(encoding="utf-8")
    missing = [rule for rule in found if f"`{rule}`" not in listed]
    assert not missing, f"axe found {missing} in the editor; list them in {DOCS_PAGE}: " \
                        f"{ {r: found[r][:3] for r in missing} }"
