"""A new handbook from `handbook init` to a published edition without opening a YAML file.

The issue's promise, end to end: every `[FILL IN ...]` the starter leaves is filled in
through the web editor's form (the setting's name, also on the home page, which has
no form, through `handbook init --setting-name`); the drafts are approved with
`handbook approve`; a key point is changed in the editor; `handbook reviewed` records a
review; `handbook check` passes; and `handbook publish` builds an edition that shows
the change and pushes it, with its source, to a local bare remote. The pictures on the
starter's managers page are taken here, of the starter itself.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
from pathlib import Path

import pytest
from editor_session import MANAGER, check, field, git, handbook_edit, init, log_in, save
from playwright.sync_api import expect

from handbook.cli.driver import main as handbook
from handbook.scaffold import FOLDERS, STARTER

from conftest import serve
from sites import PLACEHOLDER

pytestmark = pytest.mark.browser

SHOTS = STARTER / "docs" / "images"
NAME = "Little Acorns Nursery"
# What a manager types into the front-matter boxes the starter leaves to fill.
BOXES = {"owner": "Nursery manager", "approved_by": "Registered provider",
         "item": "EYFS statutory framework"}
HEADING = re.compile(r"^#+ ", re.M)
NEW_KEY_POINT = "I keep my phone in the office locker all day, even on breaks."


def _to_fill(root: Path) -> list[Path]:
    return sorted(p for folder in FOLDERS.values() for p in (root / "docs" / folder).glob("*.md")
                  if PLACEHOLDER.search(p.read_text(encoding="utf-8")))


def _open(page, url: str, path: Path) -> None:
    # Through the collection's list, as a manager goes: Decap keeps the last entry's
    # form if only the name at the end of the address changes.
    listing = f"{url}admin/#/collections/{path.parent.name}"
    if page.url != listing:  # the same address again would load the editor afresh
        page.goto(listing)
    page.locator(f"a[href*='/entries/{path.stem}']").first.click()
    expect(field(page, "id")).to_have_value(path.stem)


def _replace_text(page, box, new: str) -> None:
    """Select all of the Markdown box and type `new` over it. Under load the editor may
    still be drawing the text when Ctrl+A arrives and select only part of it, so the
    box is read back and the replacement done again until it holds `new` alone."""
    headings = len(HEADING.findall(new))
    for _ in range(4):
        box.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(new)
        shown = box.inner_text().replace("\ufeff", "")
        if "[FILL IN" not in shown and len(HEADING.findall(shown)) == headings:
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"the Markdown box did not take the new text: {shown[:300]!r}")


def _fill_in(page, url: str, root: Path, path: Path, *, pictures: bool = False) -> None:
    """Fill one starter document's placeholders in the form, as a manager would."""
    _open(page, url, path)
    boxes = page.locator("input").evaluate_all(
        "els => els.filter(e => e.value.includes('[FILL IN')).map(e => e.id)")
    for box in boxes:
        page.locator(f"[id='{box}']").fill(BOXES[box.split("-field-")[0]])
    if pictures:
        page.screenshot(path=str(SHOTS / "editor-form.png"))
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    filled = PLACEHOLDER.sub("Filled in", body)
    if filled != body:
        # The text's own Markdown, where each [FILL IN ...] shows as written. Decap may
        # remember the choice from the last document: switch only if headings show as such.
        text = page.locator("[contenteditable=true]").last
        if "## " not in text.inner_text():
            page.get_by_role("switch").click()
        expect(text).to_contain_text("## ")
        text.click()
        if pictures:
            page.get_by_text("[FILL IN").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "editor-text.png"))
        _replace_text(page, text, filled)
    subject = save(page, root, SHOTS / "editor-publish.png" if pictures else None)
    assert path.stem in subject, subject
    # The text is saved exactly as typed: nothing else in it was rewritten.
    assert path.read_text(encoding="utf-8").split("---\n", 2)[2] == filled


def test_a_new_handbook_is_filled_in_approved_edited_reviewed_and_published(
        browser, tmp_path, monkeypatch, capsys):
    root = tmp_path / "handbook"
    init(root, "--setting-name", NAME)
    index = (root / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"handbook for {NAME}." in index and "[FILL IN" not in index
    documents = _to_fill(root)
    assert len(documents) >= 10
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context()
    page = context.new_page()
    # Decap sometimes asks "leave this page?" after a save; each save is compared with
    # what was typed (below), so answering yes loses nothing.
    page.on("dialog", lambda dialog: dialog.accept())
    with handbook_edit(root) as url:
        log_in(page, url)
        page.screenshot(path=str(SHOTS / "editor-list.png"))
        for number, path in enumerate(documents):
            _fill_in(page, url, root, path, pictures=number == 0)
        assert _to_fill(root) == []
        assert git(root, "status", "--porcelain", "docs").strip() == ""

        # Every starter document is a draft: approve each, with one command apiece.
        monkeypatch.chdir(root)
        monkeypatch.delenv("HANDBOOK_TODAY", raising=False)
        for key, value in MANAGER.items():
            monkeypatch.setenv(key, value)
        drafts = [p.stem for p in documents if "\nstatus: draft\n" in p.read_text("utf-8")]
        for doc_id in drafts:
            assert handbook(["approve", doc_id]) == 0, capsys.readouterr()
        assert git(root, "log", "-1", "--format=%s").startswith("Approve ")

        # A key point changes in the editor, with a new version and what changed.
        online = root / "docs" / "policies" / "online-safety.md"
        _open(page, url, online)
        page.locator("[id^='sign_off-field-'] [id^='item-field-']").first.fill(NEW_KEY_POINT)
        field(page, "version").fill("1.1")
        field(page, "change_summary").fill("Phones stay in the office locker on breaks too.")
        save(page, root)
        text = online.read_text(encoding="utf-8")
        assert f"sign_off:\n  - {NEW_KEY_POINT}\n" in text, text
        assert re.search(r"version: ['\"]1\.1['\"]\n", text), text
    context.close()

    # A review that changed nothing, then the check and the edition.
    capsys.readouterr()
    assert handbook(["reviewed", "key-contacts"]) == 0, capsys.readouterr()
    assert "Reviewed, no changes" in (root / "docs/guidance/key-contacts.md").read_text("utf-8")
    checked = check(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # No history warning either: the editor's change came with its new version.
    assert " 0 errors, 0 warnings" in checked.stdout, checked.stdout
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(root, "remote", "add", "origin", remote.as_uri())
    capsys.readouterr()
    assert handbook(["publish", "2026-12", "--title", "December 2026", "--push",
                     "--push-source"]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "gh-pages is pushed to origin" in out and "is pushed to origin." in out
    page_html = git(remote, "show", "gh-pages:2026-12/policies/online-safety/index.html")
    assert NEW_KEY_POINT in page_html
    assert "Phones stay in the office locker on breaks too." in page_html
    home = git(remote, "show", "gh-pages:2026-12/index.html")
    assert NAME in home and "FILL IN" not in home

    # The edition as readers see it: the approval and the new version at the top.
    site = tmp_path / "gh-pages"
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=remote, capture_output=True,
                             check=True).stdout
    (tmp_path / "site.tar").write_bytes(archive)
    with tarfile.open(tmp_path / "site.tar") as handle:
        handle.extractall(site, filter="data")
    with serve(site) as address:
        context = browser.new_context()
        page = context.new_page()
        page.goto(address + "2026-12/policies/online-safety/")
        status = page.get_by_text("1.1 · Approved").first
        expect(status).to_be_visible()
        page.screenshot(path=str(SHOTS / "approved-edition.png"))
        context.close()
