"""Knowledge checks: validation of `check:`, what search sees, the page's markup, and the
check's two columns through the sign-off record, import and register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook.cli.driver import main as handbook

from sites import BOTH_HOOKS, build, lesson, policy, site_config, write_site

QUESTION = {
    "question": "A child asks you to keep a secret <b>now</b>. What do you say?",
    "options": ["I promise.", "I cannot promise that; I will tell someone who can help."],
    "answer": 2,
    "why": "Never promise a child to keep a secret: SECRETWHY.",
    "see": "what-to-do",
}
BODY = "## What to do\n\nTell the DSL the same day.\n"
CONFIG = site_config("Check test", hooks=BOTH_HOOKS, handbook={"fail_on": "never",
                                                               "history": False})


def site(root: Path, check: object, *, see_body: str = BODY) -> Path:
    return write_site(root, {
        "index.md": "# Home\n",
        "policies/child-protection.md": policy(
            "child-protection", title="Child protection", body=see_body,
            sign_off=["I know who the DSL is."], check=check),
        "lessons/a-lesson.md": lesson("a-lesson", check=[dict(QUESTION, see=None)]),
    }, CONFIG)


def errors(tmp_path: Path, check: object) -> str:
    built = build(site(tmp_path, check))
    return "\n".join(built.warnings())


@pytest.mark.parametrize(("change", "expected"), [
    ({"answer": "Maybe."}, "question 2: the answer 'Maybe.' is not one of its options"),
    ({"answer": 3}, "question 2: the answer 3 (a number) is not one of its options"),
    ({"options": ["Only one."]}, "question 2 needs 2 to 4 options, got 1 options"),
    ({"options": ["a", "b", "c", "d", "e"], "answer": "a"},
     "question 2 needs 2 to 4 options, got 5 options"),
    ({"why": None}, "question 2 needs why: text"),
    ({"question": ""}, "question 2 needs question: text"),
    ({"anwser": 1}, "question 2 has 'anwser': expected only question, options, answer, why"),
    ({"options": ["Same.", "Same."], "answer": 1}, "question 2 has the same option twice"),
    ({"see": "two words"}, "question 2: expected see: to be the id of a heading"),
])
def test_bad_check_names_file_field_line_and_question(tmp_path, change, expected):
    wrong = {k: v for k, v in {**QUESTION, **change}.items() if v is not None}
    text = errors(tmp_path, json.loads(json.dumps([QUESTION, wrong])))  # no YAML aliases
    assert expected in text, text
    # The file, the line of the field in the front matter, and the field.
    line = next(line for line in text.splitlines() if expected in line)
    assert "docs/policies/child-protection.md: check: question 2" in line, line
    assert line.endswith("(line 13)"), line


def test_check_that_is_not_a_list(tmp_path):
    text = errors(tmp_path, "yes")
    assert "check: expected a list of questions" in text, text


def test_answer_by_text_and_number(tmp_path):
    by_text = dict(QUESTION, answer=QUESTION["options"][1])
    built = build(site(tmp_path, json.loads(json.dumps([QUESTION, by_text]))), strict=True)
    assert not built.aborted, built.messages
    html = (built.site_dir / "policies/child-protection/index.html").read_text()
    assert html.count('data-check-answer="1"') == 2


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = build(site(tmp_path_factory.mktemp("check"), [QUESTION]), strict=True)
    assert not result.aborted, result.messages
    return result


def test_page_has_escaped_check_after_the_key_points(built):
    html = (built.site_dir / "policies/child-protection/index.html").read_text()
    assert html.index('id="staff-sign-off"') < html.index('id="check-your-understanding"')
    assert "keep a secret &lt;b&gt;now&lt;/b&gt;" in html and "<b>now</b>" not in html
    assert '<legend>1. A child asks you' in html
    assert 'data-check-see="#what-to-do"' in html
    assert 'type="radio" name="check-child-protection-1" value="0"' in html
    assert "assets/handbook/check.js" in html
    # The lesson has a check without a sign-off; with no `see`, a wrong answer links the top.
    lesson_html = (built.site_dir / "lessons/a-lesson/index.html").read_text()
    assert 'data-check-see="#"' in lesson_html and "check.js" in lesson_html


def test_answers_are_not_in_the_search_index(built):
    index = (built.site_dir / "search/search_index.json").read_text()
    entries = json.loads(index)["docs"]
    assert any("child-protection" in e["location"] for e in entries)
    for word in ("SECRETWHY", "I cannot promise that", "I promise.", "keep a secret"):
        assert word not in index, word


def test_a_see_that_is_no_heading_warns_and_links_the_top(tmp_path):
    built = build(site(tmp_path, [QUESTION], see_body="No headings here.\n"))
    assert any("question 1: see: 'what-to-do' is not the id of a heading" in line
               for line in built.warnings()), built.messages
    html = (built.site_dir / "policies/child-protection/index.html").read_text()
    assert 'data-check-see="#"' in html


ROSTER = "name,role,started,active\nAsha Mensah,Nursery Manager,2019-01-07,yes\n" \
         "Ben Carter,Room Leader,2021-03-01,yes\n"


def test_import_keeps_the_check_columns_and_the_register_shows_them(tmp_path, capsys,
                                                                     monkeypatch):
    config = site_config("Check register", hooks=BOTH_HOOKS, handbook={
        "fail_on": "never", "history": False, "signoff_roster": "staff/roster.csv",
        "signoff_records": "staff/records"})
    root = write_site(tmp_path, {
        "index.md": "# Home\n",
        "policies/child-protection.md": policy(
            "child-protection", title="Child protection", body=BODY,
            sign_off=["I know who the DSL is."], check=[QUESTION])}, config,
        extra_files={"staff/roster.csv": ROSTER,
                     # A register from before checks: no check columns.
                     "staff/records/sign-offs.csv": "name,role,policy_id,version,signed_on\n"
                     "Ben Carter,Room Leader,child-protection,1.0,2026-02-01\n"})
    monkeypatch.chdir(root)
    (root / "upload.csv").write_text(
        "name,role,policy_id,title,version,signed_on,signed_at,content_hash,check_completed,"
        "check_attempts\n"
        "Asha Mensah,Nursery Manager,child-protection,Child protection,1.0,2026-02-03,,,yes,2\n"
        "Asha Mensah,Nursery Manager,child-protection,,1.0,2026-02-04,,,maybe,\n"
        "Asha Mensah,Nursery Manager,child-protection,,1.0,2026-02-04,,,yes,0\n")
    code = handbook(["signoff", "import", "upload.csv"])
    out = capsys.readouterr().out
    assert "upload.csv: check_completed: expected yes, no or nothing, got 'maybe' (line 3)" \
        in out
    assert "upload.csv: check_attempts: expected a number of attempts like 1 or 2, got '0' " \
        "(line 4)" in out
    assert code == 1, out
    register = (root / "staff/records/sign-offs.csv").read_text().splitlines()
    assert register == [
        "name,role,policy_id,version,signed_on,check_completed,check_attempts",
        "Ben Carter,Room Leader,child-protection,1.0,2026-02-01",
        "Asha Mensah,Nursery Manager,child-protection,1.0,2026-02-03,yes,2"]
    # Read back: the internal register marks the check, and so does matrix.csv.
    monkeypatch.setenv("HANDBOOK_INTERNAL", "1")
    internal = build(root, site_dir=tmp_path / "internal-site")
    matrix = (internal.site_dir / "sign-off/matrix.csv").read_text().splitlines()
    assert matrix[0].endswith(",check_completed,check_attempts")
    row = {line.split(",")[0]: line for line in matrix[1:]}
    assert row["Asha Mensah"].endswith(",yes,2") and row["Ben Carter"].endswith(",,")
    page = (internal.site_dir / "sign-off/index.html").read_text()
    assert "data-check-completed" in page and "check completed" in page


def test_a_new_register_gets_the_check_columns_only_when_a_record_has_them(tmp_path, capsys,
                                                                            monkeypatch):
    config = site_config("Check register", hooks=BOTH_HOOKS, handbook={
        "fail_on": "never", "history": False, "signoff_roster": "staff/roster.csv",
        "signoff_records": "staff/records"})
    root = write_site(tmp_path, {
        "index.md": "# Home\n",
        "policies/child-protection.md": policy(
            "child-protection", title="Child protection", body=BODY,
            sign_off=["I know who the DSL is."], check=[QUESTION])}, config,
        extra_files={"staff/roster.csv": ROSTER})
    monkeypatch.chdir(root)
    (root / "upload.csv").write_text(
        "name,role,policy_id,version,signed_on,check_completed,check_attempts\n"
        "Ben Carter,Room Leader,child-protection,1.0,2026-02-01,no,\n")
    assert handbook(["signoff", "import", "upload.csv"]) == 0, capsys.readouterr().out
    assert (root / "staff/records/sign-offs.csv").read_text().splitlines() == [
        "name,role,policy_id,version,signed_on,content_hash,check_completed,check_attempts",
        "Ben Carter,Room Leader,child-protection,1.0,2026-02-01,,no,"]
