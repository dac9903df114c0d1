"""Front matter validation: every error class, through real builds and `handbook check`."""

from __future__ import annotations

import json

import pytest

from handbook.cli.driver import main as handbook

from sites import build, front_matter, lesson, policy, site_config, write_site

# One file per error class; each entry is (file, text, message fragments it must produce).
BROKEN = {
    "policies/yaml-error.md": (
        "---\nid: yaml-error\ntitle: [unclosed\ntype: policy\n---\nText.\n",
        ["docs/policies/yaml-error.md: front matter: is not valid YAML", "(line "],
    ),
    "policies/missing-owner.md": (
        policy("missing-owner", owner=None),
        ["docs/policies/missing-owner.md: owner: is required"],
    ),
    "policies/wrong-type.md": (
        policy("wrong-type", sign_off="Read it."),
        ["docs/policies/wrong-type.md: sign_off: expected a list (one '- item' per line), "
         "got 'Read it.'"],
    ),
    "policies/bad-date.md": (
        policy("bad-date", review_every=None, review_by="01/09/2026"),
        ["docs/policies/bad-date.md: review_by: expected a date like 2026-09-01, "
         "got '01/09/2026'"],
    ),
    "policies/bad-version.md": (
        policy("bad-version", version="v2"),
        ["docs/policies/bad-version.md: version: expected MAJOR.MINOR like '2.1', got 'v2'"],
    ),
    "policies/unknown-type.md": (
        front_matter(id="unknown-type", title="Unknown type", type="poilcy") + "Text.\n",
        ["docs/policies/unknown-type.md: type: expected one of policy, procedure, guidance, "
         "form, lesson, page, got 'poilcy'"],
    ),
    "policies/unknown-status.md": (
        policy("unknown-status", status="live"),
        ["docs/policies/unknown-status.md: status: expected one of draft, approved, "
         "superseded, retired, got 'live'"],
    ),
    "policies/first.md": (policy("same-id"), []),
    "policies/second.md": (
        policy("same-id"),
        ["docs/policies/second.md: id: 'same-id' is already the id of docs/policies/first.md"],
    ),
    "policies/bad-reference.md": (
        policy("bad-reference", related=["valid-policy", "recording-a-concren"],
               lessons=["valid-lesson", "valid-policy"]),
        ["docs/policies/bad-reference.md: related: no document has the id "
         "'recording-a-concren'; did you mean 'recording-a-concern'?",
         "docs/policies/bad-reference.md: lessons: expected the id of a lesson, "
         "got 'valid-policy' (a policy)"],
    ),
    "policies/unknown-field.md": (
        policy("unknown-field", ownr="DSL"),
        ["docs/policies/unknown-field.md: ownr: is not a field the handbook knows; "
         "did you mean 'owner'?"],
    ),
}

VALID = {
    "index.md": "# Home\n",
    "policies/valid-policy.md": policy("valid-policy"),
    "procedures/recording-a-concern.md": policy("recording-a-concern", type="procedure"),
    "lessons/valid-lesson.md": lesson("valid-lesson"),
    # A BOM and Windows line endings must just work.
    "policies/bom-crlf.md": "\ufeff" + policy("bom-crlf", version="1.1",
                                              change_summary="Typos.").replace("\n", "\r\n"),
}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    docs = dict(VALID)
    docs.update({name: text for name, (text, _) in BROKEN.items()})
    return write_site(tmp_path_factory.mktemp("broken"), docs)


def expected_messages() -> list[str]:
    return [m for _, messages in BROKEN.values() for m in messages]


def test_strict_build_fails_and_names_every_problem(broken_site):
    built = build(broken_site, strict=True, site_dir=broken_site / "strict-site")
    assert built.aborted
    log = "\n".join(built.warnings())
    for message in expected_messages():
        assert message in log


def test_non_strict_build_renders_every_page_and_lists_every_problem(broken_site):
    built = build(broken_site, site_dir=broken_site / "site")
    assert not built.aborted
    log = "\n".join(built.warnings())
    for message in expected_messages():
        assert message in log
    # Valid documents, and broken ones as plain pages: nothing is lost.
    for name in list(VALID) + list(BROKEN):
        page = name.removesuffix(".md")
        path = "index.html" if page == "index" else f"{page}/index.html"
        assert built.exists(path), path
    assert "Some text." in built.html("policies/missing-owner/index.html").get_text()


def test_bom_and_crlf_files_are_valid(broken_site):
    built = build(broken_site, site_dir=broken_site / "site-bom")
    assert not [m for m in built.warnings() if "bom-crlf" in m]
    page = built.html("policies/bom-crlf/index.html")
    assert page.find("h1").get_text(strip=True).startswith("Bom crlf")


def test_check_prints_every_problem_and_exits_1(broken_site, capsys, monkeypatch):
    monkeypatch.chdir(broken_site)
    assert handbook(["check", "docs"]) == 1
    out = capsys.readouterr().out
    for message in expected_messages():
        assert message in out
    assert "ERROR: docs/policies/yaml-error.md" in out
    assert "WARNING: docs/policies/unknown-field.md" in out


def test_check_json_lists_problems_with_fields_and_lines(broken_site, capsys, monkeypatch):
    monkeypatch.chdir(broken_site)
    assert handbook(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    by_path = {(p["path"], p["field"]): p for p in report["problems"]}
    bad_date = by_path[("docs/policies/bad-date.md", "review_by")]
    assert bad_date["severity"] == "error"
    assert bad_date["line"] is not None
    assert report["errors"] >= len(BROKEN) - 2
    assert by_path[("docs/policies/unknown-field.md", "ownr")]["severity"] == "warning"


def test_clean_handbook_passes_strict_and_check(tmp_path, capsys, monkeypatch):
    root = write_site(tmp_path, VALID)
    assert not build(root, strict=True).aborted
    monkeypatch.chdir(root)
    assert handbook(["check"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_warning_alone_fails_strict_but_not_check(tmp_path, capsys, monkeypatch):
    root = write_site(tmp_path, {**VALID, "policies/extra.md": policy("extra", ownr="x")})
    assert build(root, strict=True).aborted
    monkeypatch.chdir(root)
    assert handbook(["check"]) == 0
    assert "1 warnings" in capsys.readouterr().out


@pytest.mark.parametrize(("text", "message"), [
    (policy("p", version=1.0), None),  # an unquoted number still reads as MAJOR.MINOR
    (policy("p", version="2.10", change_summary="x"), None),
    (policy("p", version="1.1"), "change_summary: is required for version 1.1"),
    (policy("p", approved=None), "approved: is required once the status is approved"),
    (policy("p", approved=None, status="draft"), None),
    # Written but left empty is the same as missing, not a crash later on.
    (policy("p").replace("approved: '2026-01-15'", "approved:"),
     "approved: is required once the status is approved"),
    (policy("p", version="1.1", change_summary=""), "change_summary: is required"),
    (policy("p", review_every=None, review_by="2026-13-01"),
     "review_by: expected a date like 2026-09-01, got '2026-13-01'"),
    ("---\nid: p\ntitle: P\ntype: page\n[a]: 1\n---\n",
     "front matter: is not valid YAML: a field name must be a word"),
    ("---\nid: p\ntitle: P\ntype: page\nwhen: 2026-13-01T10:00:00\n---\n",
     "front matter: could not be read: month must be in 1..12"),
    (policy("p", review_by="2027-01-01"), "give either review_by or review_every, not both"),
    (policy("p", review_every=None, review_by="2025-01-01"),
     "review_by: expected a date after the approval date 2026-01-15, got 2025-01-01"),
    (policy("p", status="superseded"), "superseded_by: is required once the status"),
    (policy("p", review_every=0), "review_every: expected a whole number of months"),
    (policy("p", owner=True), "owner: expected text, got True (YAML reads yes/no"),
    (policy("Bad Id"), "id: expected lowercase words joined by hyphens"),
    (policy("p", case="x"), "case: is not used on a policy page"),
    (front_matter(id="p", title="P") + "x", "type: is required"),
    (front_matter(id="p", title="P", type="page"), None),
    (lesson("p", sources=[{"title": "x", "url": "ftp://x"}]),
     "sources: expected item 1 to have a url starting https://"),
    (lesson("p", year="2012"), "year: expected a year like 2013, got '2012'"),
    ("---\nid: p\nid: q\ntitle: P\ntype: page\n---\n", "id: is written twice (lines 2 and 3)"),
    ("---\nid: p\ntitle: P\ntype: page\n", "has no closing '---' line"),
    ("---\n- a list\n---\n", "front matter: expected fields written as 'name: value'"),
])
def test_single_file_rules(tmp_path, capsys, monkeypatch, text, message):
    write_site(tmp_path, {"doc.md": text})
    monkeypatch.chdir(tmp_path)
    code = handbook(["check", "docs"])
    out = capsys.readouterr().out
    if message is None:
        assert code == 0, out
        assert "0 errors, 0 warnings" in out
    else:
        assert message in out


def test_unquoted_version_keeps_what_was_typed():
    from handbook.model import SourceFile, Version
    from handbook.settings import Settings
    from handbook.validate import validate_file

    text = policy("p", change_summary="Editorial.").replace("version: '1.0'", "version: 2.10")
    assert "version: 2.10\n" in text
    checked = validate_file(SourceFile("p.md", "p.md", text), Settings())
    assert checked.problems == []
    assert checked.document.version == Version(2, 10)
    assert str(checked.document.version) == "2.10"


def test_placeholders_are_named_by_field_in_front_matter_and_text_below_it():
    from handbook.model import SourceFile
    from handbook.settings import Settings
    from handbook.validate import validate_file

    text = policy("p", owner="[FILL IN: a role]", body="[FILL IN: the policy]\n")
    checked = validate_file(SourceFile("p.md", "p.md", text), Settings())
    found = [(p.field, p.line) for p in checked.problems if "placeholder" in p.message]
    closing = text.split("\n").index("---", 1) + 1
    owner = text.split("\n").index("owner: '[FILL IN: a role]'") + 1
    assert found == [("owner", owner), ("text", closing + 2)]


def test_a_placeholder_wrapped_onto_two_lines_is_still_found():
    from handbook.model import SourceFile
    from handbook.settings import Settings
    from handbook.validate import validate_file

    text = policy("p", body="Phone [FILL IN: the manager's name\nand number] today.\n")
    checked = validate_file(SourceFile("p.md", "p.md", text), Settings())
    found = [p.message for p in checked.problems if "placeholder" in p.message]
    assert found == ["still has the placeholder [FILL IN: the manager's name: fill it in"]


# The slips managers make in YAML, each with the plain message and the line it is on.
SLIPS = [
    ("---\nid: p\ntitle: Policy: safeguarding\ntype: page\n---\n", 3,
     "has a colon inside a value on this line, which YAML reads as a new field: put the "
     "whole value in double quotes, like title: \"Policy: safeguarding\""),
    ("---\nid: p\ntitle: P\ntype: page\nkey_points:\n\t- one\n---\n", 6,
     "has a tab on this line: YAML needs spaces, not tabs; indent with spaces "
     "(two for each level)"),
    ("---\nid: p\ntitle: 'Children's safety'\ntype: page\n---\n", 3,
     "has an apostrophe inside a value in single quotes, which ends the quotes early: put "
     "the value in double quotes instead, like \"Children's safety\""),
    ("---\nid: p\ntitle: P\ntype: page\ntags:\n  - one\n- two\n---\n", 7,
     "has a list item ('- ...') that is not lined up with its list: indent every item under "
     "its field by the same number of spaces, like '  - first'"),
]


@pytest.mark.parametrize(("text", "line", "message"), SLIPS)
def test_yaml_slips_are_told_in_plain_words_at_their_line(tmp_path, capsys, monkeypatch,
                                                          text, line, message):
    write_site(tmp_path, {"doc.md": text})
    monkeypatch.chdir(tmp_path)
    assert handbook(["check", "docs"]) == 1
    out = capsys.readouterr().out
    assert f"ERROR: docs/doc.md: front matter: {message} (line {line})\n" in out
    assert "mapping values" not in out and "expected <block end>" not in out
    built = build(tmp_path, strict=True)
    assert built.aborted
    assert f"handbook: docs/doc.md: front matter: {message} (line {line})" in built.messages


def test_a_broken_document_is_one_error_and_its_linkers_are_not_blamed(
        tmp_path, capsys, monkeypatch):
    write_site(tmp_path, {
        "policies/broken.md": "---\nid: broken\ntitle: Policy: broken\ntype: policy\n---\n",
        "policies/b.md": policy("b", title="B", related=["broken"]),
        "lessons/l.md": lesson("l", applies_to=["broken"]),
        "policies/old.md": policy("old", title="Old", status="superseded",
                                  superseded_by="broken"),
        "headless.md": "id: headless\ntitle: Headless\ntype: page\n---\nText.\n",
    })
    monkeypatch.chdir(tmp_path)
    assert handbook(["check", "docs"]) == 1
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR: docs/headless.md: front matter: looks like front matter but has no opening "
        "'---' line, so the fields would show as text: add a line with just --- at the very "
        "top of the file (line 1)",
        "ERROR: docs/policies/broken.md: front matter: has a colon inside a value on this "
        "line, which YAML reads as a new field: put the whole value in double quotes, like "
        "title: \"Policy: safeguarding\" (line 3)",
    ]
    assert "5 files checked in docs (3 valid documents, 2 files with errors): 2 errors" in out
    assert handbook(["check", "docs", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["files"], report["documents"], report["files_with_errors"]) == (5, 3, 2)


def test_a_leftover_fill_in_in_mkdocs_yml_or_the_roster_is_reported(
        tmp_path, capsys, monkeypatch):
    config = ("# Fill in every [FILL IN: ...] (a comment: not reported)\n"
              + site_config("[FILL IN: name of your setting]",
                            handbook={"history": False, "signoff_roster": "records/roster.csv"}))
    write_site(tmp_path, {"index.md": "# Home\n"}, config=config, extra_files={
        "records/roster.csv": "name,role,started,active\n"
                              "[FILL IN: a name],DSL,2026-01-05,yes\n"})
    monkeypatch.chdir(tmp_path)
    assert handbook(["check"]) == 1
    out = capsys.readouterr().out
    expected = [
        "mkdocs.yml: still has the placeholder '[FILL IN: name of your setting]': replace it "
        "with your setting's own value (line 2)",
        "records/roster.csv: still has the placeholder '[FILL IN: a name]': replace it with "
        "your setting's own value (line 2)",
    ]
    for message in expected:
        assert f"ERROR: {message}\n" in out
    assert "(line 1)" not in out
    built = build(tmp_path, strict=True)
    assert built.aborted
    for message in expected:
        assert f"handbook: {message}" in built.messages
