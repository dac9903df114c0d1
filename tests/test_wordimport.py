"""`handbook import`: real Word files in, draft documents out, nothing lost quietly."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest
import yaml

from handbook.cli import driver
from handbook.scaffold import STARTER
from handbook.wordimport.details import parse_uk_date, parse_version

from hostile import NASTY
from sites import EXAMPLE_TODAY, REPO, build, policy, write_site
from worddocs import (
    details_table,
    encrypted,
    full_policy,
    hostile_policy,
    legacy_doc,
    lined_policy,
    picture,
    png,
)

HANDBOOK = str(Path(sys.executable).parent / "handbook")
CONFIG = ("site_name: Imported\ntheme:\n  name: material\n  font: false\n"
          "plugins:\n  - search\n  - handbook:\n      history: false\n"
          "markdown_extensions: [admonition, attr_list, md_in_html, toc]\n"
          f"hooks: [{REPO}/hooks/review_dates.py, {REPO}/hooks/signoff.py]\n")
FULL = "docs/policies/safeguarding-and-child-protection-policy.md"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([HANDBOOK, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "HANDBOOK_TODAY": EXAMPLE_TODAY}, timeout=120)


def handbook(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"index.md": "# Our handbook\n"}, CONFIG)


def split(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def import_in(site: Path, *args: str, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.chdir(site)
    code = driver.main(["import", *args])
    return code, capsys.readouterr().out


def test_full_policy_becomes_markdown_with_its_details(tmp_path, monkeypatch, capsys):
    site = handbook(tmp_path)
    source = full_policy(tmp_path / "Safeguarding policy.docx")
    code, out = import_in(site, str(source), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, out
    fields, body = split(site / FULL)
    assert fields == {
        "id": "safeguarding-and-child-protection-policy",
        "title": "Safeguarding and Child Protection Policy",
        "type": "policy",
        "owner": "Designated Safeguarding Lead",
        "approved_by": "Board of trustees",
        "version": "3.0",
        "status": "draft",
        "approved": date(2025, 9, 1),
        "review_by": date(2026, 9, 1),
        "change_summary": "[FILL IN: what changed in this version, in a sentence]",
        "sign_off": ["[FILL IN: a key point staff confirm, such as: I know who the DSL is]"],
    }
    images = "safeguarding-and-child-protection-policy-images"
    assert body == f"""
<!-- handbook import: from "Safeguarding policy.docx" -->

| Setting | Little Acorns Nursery |
|---|---|

## Purpose

Everyone here keeps **children** safe and *listens*. Read [Keeping children safe in education](https://www.gov.uk/government/publications/keeping-children-safe-in-education--2).

### Signs of abuse

- Changes in behaviour
    - Becoming withdrawn
        - Not wanting to go home
- Unexplained injuries

## Procedures

1. Listen to the child
    - Do not promise to keep a secret
2. Tell the DSL the same day

Record the concern on the concern form

Who to contact:

| Role | Name | Phone |
|---|---|---|
| DSL | The manager | 01632 960 001 |
| Children's services | Front door \\| duty | 01632 960 002 |

![Poster showing who the DSL is]({images}/image-1.png)

![[FILL IN: describe this image]]({images}/image-2.png)
"""
    assert (site / "docs/policies" / images / "image-1.png").read_bytes() == png()
    assert (site / "docs/policies" / images / "image-2.png").read_bytes() == png(90)
    for word_only in ("Contents", "in the diary", "Check this with the DSL", "Page 1 of 3",
                      "confidential", "Old title"):
        assert word_only not in body
    assert "  found: title (the first heading), owner Designated Safeguarding Lead, " \
           "approved_by Board of trustees, approved 2025-09-01, review_by 2026-09-01, " \
           "version 3.0\n" in out
    assert "  to fill in: change_summary, sign_off, text: image 2 has no description\n" in out
    dropped = next(line for line in out.splitlines() if line.startswith("  dropped: "))
    for what in ("1 insertion kept, 1 deletion taken out",
                 '1 comment ("Check this with the DSL")', "the table of contents",
                 '"Page 1 of 3"', '"Little Acorns Nursery: confidential"', "1 page break",
                 "5 empty paragraphs"):
        assert what in dropped
    assert not list((site / "docs/policies").glob(".*.tmp"))


def fill_in(path: Path, problems: list[dict]) -> None:
    """Replace each placeholder `handbook check` listed, as a manager would."""
    values = {"change_summary": "Moved from Word into the handbook.",
              "sign_off": "I know who the DSL is and how to reach them.",
              "text": "Red square", "owner": "Nursery manager",
              "approved_by": "Registered provider", "version": "'1.0'",
              "approved": "2025-09-01", "review_by": "2026-09-01"}
    lines = path.read_text(encoding="utf-8").split("\n")
    for problem in problems:
        number = problem["line"] - 1
        lines[number] = re.sub(r"'?\[FILL IN[^\]]*\]'?", values[problem["field"]],
                               lines[number], count=1)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_check_lists_exactly_the_placeholders_and_then_the_handbook_builds(tmp_path):
    site = handbook(tmp_path)
    word = tmp_path / "word"
    word.mkdir()
    full_policy(word / "Safeguarding policy.docx")
    lined_policy(word / "Lost child.docx")
    imported = run("import", str(word), cwd=site)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    promised = {}
    for block in imported.stdout.split("Imported ")[1:]:
        path = block.split(" as ", 1)[1].split(" (id:", 1)[0]
        line = next(x for x in block.splitlines() if x.startswith("  to fill in: "))
        promised[path] = sorted(item.split(":")[0] for item in
                                line.removeprefix("  to fill in: ").split(", "))
    checked = run("check", "--format", "json", cwd=site)
    assert checked.returncode == 1
    problems = json.loads(checked.stdout)["problems"]
    assert all("still has the placeholder" in p["message"] for p in problems), problems
    listed = {}
    for problem in problems:
        listed.setdefault(problem["path"], []).append(problem["field"])
    assert {path: sorted(fields) for path, fields in listed.items()} == promised
    assert promised["docs/policies/lost-child-procedure.md"] == [
        "approved", "approved_by", "sign_off", "version"]

    for path in listed:
        fill_in(site / path, [p for p in problems if p["path"] == path])
    checked = run("check", cwd=site)
    assert checked.returncode == 0, checked.stdout
    assert "0 errors, 0 warnings" in checked.stdout

    built = build(site, strict=True)
    assert not built.aborted, built.warnings()
    page = built.html("policies/safeguarding-and-child-protection-policy/index.html")
    article = page.select_one("article")
    assert article.h1.get_text(strip=True) == "Safeguarding and Child Protection Policy"
    assert [h.get_text(strip=True) for h in article.select("h2, h3")][:3] == [
        "Purpose", "Signs of abuse", "Procedures"]
    assert article.select_one("li > ul > li > ul > li").get_text(strip=True) == \
        "Not wanting to go home"
    assert article.select_one("ol > li > ul > li").get_text(strip=True) == \
        "Do not promise to keep a secret"
    assert article.select_one("strong").get_text() == "children"
    assert article.select_one("a[href^='https://www.gov.uk']").get_text() == \
        "Keeping children safe in education"
    table = article.select("table")[-1]
    assert [th.get_text() for th in table.select("th")] == ["Role", "Name", "Phone"]
    assert table.select("tr")[-1].select("td")[1].get_text() == "Front door | duty"
    assert [img["alt"] for img in article.select("img")] == [
        "Poster showing who the DSL is", "Red square"]
    assert built.exists("policies/safeguarding-and-child-protection-policy-images/image-2.png")
    lost = built.html("policies/lost-child-procedure/index.html").select_one("article table")
    assert lost.select_one("td[colspan='2']").get_text(strip=True) == \
        "Call 999 after ten minutes"


def test_details_from_lines_title_from_properties(tmp_path, monkeypatch, capsys):
    site = handbook(tmp_path)
    code, out = import_in(site, str(lined_policy(tmp_path / "lost.docx")), "--type",
                          "procedure", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, out
    path = site / "docs/procedures/lost-child-procedure.md"
    fields, body = split(path)
    assert fields["title"] == "Lost Child Procedure" and fields["type"] == "procedure"
    assert fields["owner"] == "Nursery manager"
    assert fields["review_by"] == date(2026, 9, 15)
    assert fields["approved"] == ("[FILL IN: the date it was approved, such as 2025-09-01 "
                                  "(Word said: September 2025)]")
    assert "Policy owner" not in body and "Review date" not in body
    assert "If a child is missing, search the setting at once.\n\n## What to do\n" in body
    assert "title (the document's properties)" in out
    assert "note: approved: Word said 'September 2025', which is not usable as it is" in out


def test_broken_files_each_get_a_message_and_the_rest_are_imported(tmp_path):
    site = handbook(tmp_path)
    word = tmp_path / "word"
    word.mkdir()
    good = full_policy(word / "a good one.docx")
    encrypted(good, word / "locked.docx")
    legacy_doc(word / "old policy.doc")
    (word / "empty.docx").write_bytes(b"")
    (word / "renamed.docx").write_text("Some notes, not a Word file\n", encoding="utf-8")
    (word / "cut off.docx").write_bytes(good.read_bytes()[:3000])
    (word / "~$a good one.docx").write_bytes(b"\x00lock")
    (word / "leaflet.pdf").write_bytes(b"%PDF-1.4\n")
    lined_policy(word / "z last.docx")
    result = run("import", str(word), cwd=site)
    assert result.returncode == 1
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    expected = {
        "locked.docx": "is password-protected, so it cannot be read",
        "old policy.doc": "is a Word 97-2003 document (.doc), which the import cannot read",
        "empty.docx": "is empty (0 bytes), not a Word document",
        "renamed.docx": "is a text file, not a .docx",
        "cut off.docx": "is damaged",
    }
    for name, message in expected.items():
        assert f"ERROR: {word / name}: {message}" in out, out
    assert f"Not Word documents, so not imported: {word / 'leaflet.pdf'}" in out
    assert "~$" not in out
    assert "2 imported, 0 already imported (skipped), 5 could not be imported." in out
    assert (site / FULL).exists()
    assert (site / "docs/policies/lost-child-procedure.md").exists()
    assert sorted(p.name for p in (site / "docs/policies").glob("*.md")) == [
        "lost-child-procedure.md", "safeguarding-and-child-protection-policy.md"]


def test_running_again_is_safe_and_replace_keeps_the_id(tmp_path, monkeypatch, capsys):
    site = write_site(tmp_path / "site", {
        "index.md": "# Home\n",
        "policies/safeguarding-and-child-protection-policy.md": policy(
            "safeguarding-and-child-protection-policy", "Written by hand.\n")}, CONFIG)
    source = full_policy(tmp_path / "Safeguarding.docx")
    code, out = import_in(site, str(source), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "(id: safeguarding-and-child-protection-policy-2, draft)" in out
    hand = site / FULL
    assert "Written by hand." in hand.read_text(encoding="utf-8")
    imported = site / "docs/policies/safeguarding-and-child-protection-policy-2.md"
    imported.write_text(imported.read_text(encoding="utf-8") + "\nMy edit.\n", encoding="utf-8")

    code, out = import_in(site, str(source), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert f"{source}: already imported as {Path('docs/policies') / imported.name}; skipped" \
        in out
    assert "My edit." in imported.read_text(encoding="utf-8")

    code, out = import_in(site, str(source), "--replace", monkeypatch=monkeypatch,
                          capsys=capsys)
    assert code == 0
    assert "Replaced" in out and "(id: safeguarding-and-child-protection-policy-2," in out
    assert "My edit." not in imported.read_text(encoding="utf-8")
    assert "Written by hand." in hand.read_text(encoding="utf-8")
    assert sorted(p.name for p in (site / "docs/policies").glob("*.md")) == [
        "safeguarding-and-child-protection-policy-2.md",
        "safeguarding-and-child-protection-policy.md"]


def test_into_must_be_inside_the_docs_folder(tmp_path, monkeypatch, capsys):
    site = handbook(tmp_path)
    monkeypatch.chdir(site)
    code = driver.main(["import", str(full_policy(tmp_path / "p.docx")), "--into",
                        str(tmp_path / "elsewhere")])
    assert code == 2
    assert "must be inside the docs folder" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("1st September 2025", date(2025, 9, 1)),
    ("01/09/2025", date(2025, 9, 1)),
    ("1/9/25", date(2025, 9, 1)),
    ("22nd Sept. 2026", date(2026, 9, 22)),
    ("Monday 3rd of March 2025", date(2025, 3, 3)),
    ("September 1st, 2025", date(2025, 9, 1)),
    ("01.09.2025", date(2025, 9, 1)),
    ("2025-09-01", date(2025, 9, 1)),
    ("31/02/2025", None),
    ("September 2025", None),
    ("annually", None),
])
def test_uk_dates_are_read_day_first(text, expected):
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("3", "3.0"), ("v2.1", "2.1"), ("Version 4", "4.0"), ("2.1 (final)", "2.1"),
    ("draft", None), ("1.2.3", None)])
def test_versions_become_major_minor(text, expected):
    version = parse_version(text)
    assert (str(version) if version else None) == expected


def test_word_text_never_becomes_markup_or_a_script(tmp_path, monkeypatch, capsys):
    site = handbook(tmp_path)
    source = hostile_policy(tmp_path / "hostile.docx", NASTY)
    code, out = import_in(site, str(source), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, out
    assert "kept as plain text: it does not point at a web page" in out
    [path] = (site / "docs/policies").glob("*.md")
    fields, _ = split(path)
    assert fields["title"] == f"Policy {NASTY}" and fields["owner"] == f"Owner {NASTY}"
    built = build(site)
    assert not built.aborted
    page = built.html(f"policies/{path.stem}/index.html")
    article = page.select_one("article")
    assert not article.select("script, b, img[onerror]"), article
    assert not article.select("a[href^='javascript'], a[href^='file']")
    text = article.get_text(" ")
    for shown in (f"Text {NASTY}", "#1 priority, not a heading", "1. not a list", "run me",
                  f"Merged {NASTY}", f"Simple {NASTY}"):
        assert shown in text, shown
    assert article.select("h1, h2") and [h.get_text() for h in article.select("h2")] == []
    assert not article.select("ol")
    assert article.select_one("img")["alt"] == f"Alt (with) brackets {NASTY}"


def test_managers_page_shows_what_the_import_really_writes(tmp_path, monkeypatch, capsys):
    """The before-and-after on "Moving from Word" is this import's output, not a sketch."""
    site = handbook(tmp_path)
    source = full_policy(tmp_path / "Safeguarding policy.docx")
    code, out = import_in(site, str(source), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    page = (REPO / "docs/managers/moving-from-word.md").read_text(encoding="utf-8")
    shown = re.search(r"```markdown\n(.*?)```\n", page, re.S).group(1)
    assert shown == (site / FULL).read_text(encoding="utf-8")
    summary = re.search(r"```text\n(.*?)```\n", page, re.S).group(1)
    for line in out.splitlines()[1:4]:
        assert line in summary


def test_starter_managers_page_example_is_what_the_import_writes(tmp_path, monkeypatch, capsys):
    site = handbook(tmp_path)
    document = docx.Document()
    document.add_heading("Intimate Care Policy", 0)
    details_table(document, [("Policy owner", "Nursery manager"), ("Review date", "01/09/2026"),
                             ("Version", "1")])
    document.add_heading("Purpose", 1)
    document.add_paragraph("Why we have this policy.")
    document.save(tmp_path / "Intimate care.docx")
    code, _ = import_in(site, str(tmp_path / "Intimate care.docx"), monkeypatch=monkeypatch,
                        capsys=capsys)
    assert code == 0
    page = (STARTER / "docs/managers.md").read_text(encoding="utf-8")
    shown = re.search(r"```markdown\n(.*?)\.\.\.\n```\n", page, re.S).group(1)
    written = (site / "docs/policies/intimate-care-policy.md").read_text(encoding="utf-8")
    assert written.startswith(shown)


def test_a_file_name_that_could_end_the_marker_is_still_recognised(tmp_path, monkeypatch,
                                                                   capsys):
    site = handbook(tmp_path)
    source = lined_policy(tmp_path / 'Lost child -->"final".docx')
    assert import_in(site, str(source), monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    text = (site / "docs/policies/lost-child-procedure.md").read_text(encoding="utf-8")
    assert "<!-- handbook import: from \"Lost child - ->'final'.docx\" -->\n" in text
    code, out = import_in(site, str(source), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "already imported as" in out


def test_eleven_pictures_each_keep_their_own_file(tmp_path, monkeypatch, capsys):
    site = handbook(tmp_path)
    document = docx.Document()
    document.add_heading("Displays", 0)
    for number in range(1, 12):
        picture(document, png(number), f"Picture {number}")
    document.save(tmp_path / "displays.docx")
    code, _ = import_in(site, str(tmp_path / "displays.docx"), monkeypatch=monkeypatch,
                        capsys=capsys)
    assert code == 0
    _, body = split(site / "docs/policies/displays.md")
    links = re.findall(r"!\[(.*?)\]\((.*?)\)", body)
    assert links == [(f"Picture {n}", f"displays-images/image-{n}.png") for n in range(1, 12)]
    for number in range(1, 12):
        assert (site / f"docs/policies/displays-images/image-{number}.png").read_bytes() \
            == png(number)
