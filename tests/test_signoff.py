"""Staff sign-off: sections, sheets, the internal register, privacy and imports."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
import yaml

from handbook.cli.driver import main as handbook

from sites import BOTH_HOOKS, build, lesson, policy, site_config, write_site

TODAY = "2026-12-01"
POINTS = ["I know who the DSL is.", "I report concerns the same day."]
DOCS = {
    "index.md": "# Home\n",
    # Current 3.1: a record for 3.0 still counts (MINOR change), 2.x does not (MAJOR).
    "policies/child-protection.md": policy(
        "child-protection", title="Child protection", version="3.1", approved="2026-09-01",
        change_summary="Editorial.", sign_off=POINTS),
    "policies/intimate-care.md": policy(
        "intimate-care", title="Intimate care", version="1.0", approved="2026-11-20",
        applies_to=["room staff"], sign_off=["I change nappies only in the agreed areas."]),
    "policies/no-points.md": policy("no-points", title="No key points"),
    "policies/draft.md": policy("draft", status="draft", approved=None, sign_off=POINTS),
    "lessons/a-lesson.md": lesson("a-lesson"),
}
ROSTER = """\
name,role,started,active,applies_to
Asha Mensah,Nursery Manager,2019-01-07,yes,managers
Ben Carter,Room Leader,2021-03-01,yes,room staff
Cara Doyle,Playworker,2022-09-05,yes,club staff
Dev Anand,Nursery Practitioner,2026-11-25,yes,room staff
Erin Walsh,Cook,2015-05-05,no,office staff
"""
RECORDS = """\
name,role,policy_id,version,signed_on,content_hash
Asha Mensah,Nursery Manager,child-protection,3.0,2026-09-03,
Ben Carter,Room Leader,child-protection,2.4,2025-09-10,
ben carter,Room Leader,intimate-care,1.0,2026-11-21,
Erin Walsh,Cook,child-protection,2.4,2025-09-11,
"""
STAFF = ["Asha Mensah", "Ben Carter", "Cara Doyle", "Dev Anand", "Erin Walsh"]


def make(root: Path, internal: bool) -> Path:
    config = site_config("Sign-off test", hooks=BOTH_HOOKS, handbook={
        "fail_on": "never", "history": False, "internal": internal,
        "signoff_roster": "staff/roster.csv", "signoff_records": "staff/records",
        "signoff_grace_days": 30})
    return write_site(root, DOCS, config,
                      extra_files={"staff/roster.csv": ROSTER,
                                   "staff/records/2026.csv": RECORDS})


@pytest.fixture(scope="module")
def internal(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("HANDBOOK_TODAY", TODAY)
    try:
        root = make(tmp_path_factory.mktemp("internal"), True)
        built = build(root, site_dir=root / "site-internal")  # where internal builds go
    finally:
        mp.undo()
    assert not built.aborted
    return built


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("HANDBOOK_TODAY", TODAY)
    try:
        built = build(make(tmp_path_factory.mktemp("public"), False), strict=True)
    finally:
        mp.undo()
    assert not built.aborted, built.warnings()
    return built


def test_section_has_labelled_points_version_and_hash(public):
    page = public.html("policies/child-protection/index.html")
    box = page.select_one("[data-signoff-policy]")
    assert box["data-signoff-policy"] == "child-protection"
    assert box["data-signoff-version"] == "3.1"
    source = (public.site_dir.parent / "docs/policies/child-protection.md").read_bytes()
    assert box["data-signoff-hash"] == hashlib.sha256(source).hexdigest()
    labels = box.select("fieldset label")
    assert [label.get_text(strip=True) for label in labels] == POINTS
    assert all(label.find("input", type="checkbox") for label in labels)
    assert json.loads(box["data-signoff-delivery"]) == {"download": True, "email": "",
                                                        "form": ""}
    toc = [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary a")]
    assert "Staff sign-off" in toc
    assert box.find("a", string="Printable sign-off sheet")["href"] == "#sign-off-sheet"


def test_no_section_without_points_or_before_approval(public):
    for path in ("policies/no-points", "policies/draft", "lessons/a-lesson"):
        assert public.html(f"{path}/index.html").select_one("[data-signoff-policy]") is None


def test_public_sheet_has_blank_rows_and_no_register(public):
    page = public.html("policies/child-protection/index.html")
    sheet = page.select_one("article > section#sign-off-sheet.handbook-sheet")
    text = sheet.get_text()
    assert "version 3.1" in text and POINTS[0] in text
    source = (public.site_dir.parent / "docs/policies/child-protection.md").read_bytes()
    assert sheet.select_one("code.handbook-hash").get_text() == hashlib.sha256(source).hexdigest()
    rows = sheet.select("table.handbook-sheet__table tbody tr")
    assert len(rows) == 20 and not any(td.get_text(strip=True) for td in sheet.select("tbody td"))
    assert page.select_one('meta[name="robots"]') is None
    assert not public.exists("sign-off/sheets")
    assert not public.exists("sign-off/index.html")
    assert not public.exists("sign-off/matrix.csv")


def test_public_build_contains_no_staff_name_anywhere(public):
    """Roster and records are present, but a public build never reads them."""
    leaked = []
    for path in public.site_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes().lower()
            leaked += [(name, path) for name in STAFF if name.lower().encode() in data]
    assert leaked == []
    index = json.loads((public.site_dir / "search/search_index.json").read_text())
    assert index["docs"]


def states(built) -> dict[tuple[str, str], str]:
    page = built.html("sign-off/index.html")
    heads = [abbr.get_text() for abbr in page.select(".handbook-matrix thead abbr")]
    found = {}
    for row in page.select(".handbook-matrix tbody tr"):
        for doc, cell in zip(heads, row.select("td"), strict=True):
            found[(row.th.get_text(), doc)] = cell.get("data-state", "")
    return found


def test_internal_register_matrix(internal):
    found = states(internal)
    assert found[("Asha Mensah", "child-protection")] == "signed"  # 3.0 counts for 3.1
    assert found[("Ben Carter", "child-protection")] == "redo"  # 2.4: older MAJOR
    assert found[("Cara Doyle", "child-protection")] == "missing"
    assert found[("Ben Carter", "intimate-care")] == "signed"  # names match any case
    assert found[("Asha Mensah", "intimate-care")] == ""  # managers: does not apply
    assert found[("Dev Anand", "intimate-care")] == "missing"
    assert not [k for k in found if k[0] == "Erin Walsh"]  # left: not shown
    assert {doc for _, doc in found} == {"child-protection", "intimate-care"}


def test_internal_register_completion_and_outstanding(internal):
    page = internal.html("sign-off/index.html")
    by_doc = {r.find("a").get_text(): [td.get_text() for td in r.select("td")[3:]]
              for r in page.select("#by-document + table tbody tr")}
    assert by_doc["Child protection"] == ["1 of 4 (25%)", "1", "2", "2"]
    assert by_doc["Intimate care"] == ["1 of 2 (50%)", "0", "1", "0"]
    people = {r.th.get_text(): r for r in page.select("#by-person + table tbody tr")}
    cara = people["Cara Doyle"].get_text(" ", strip=True)
    assert "0 of 1 (0%)" in cara and "Child protection (not signed, due 1 October 2026)" in cara
    assert "Nothing" not in people["Dev Anand"].get_text()
    assert "1 former members of staff" in page.get_text()
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    index = json.loads((internal.site_dir / "search/search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("sign-off")]


def test_internal_matrix_csv_and_named_sheets(internal):
    rows = (internal.site_dir / "sign-off/matrix.csv").read_text().splitlines()
    assert rows[0].startswith("name,role,group,policy_id")
    assert "Ben Carter,Room Leader,room staff,child-protection,Child protection,3.1,redo,2.4," \
           "2025-09-10,2026-10-01,," in rows  # no knowledge check on record
    page = internal.html("policies/intimate-care/index.html")
    sheet = page.select_one("section#sign-off-sheet")
    names = [tr.td.get_text() for tr in sheet.select("tbody tr") if tr.td.get_text()]
    assert names == ["Ben Carter", "Dev Anand"]
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    index = (internal.site_dir / "search/search_index.json").read_text()
    assert "Ben Carter" not in index


def test_grace_period_warnings(internal):
    warnings = [m for m in internal.warnings() if "sign_off:" in m]
    assert warnings == ["handbook: docs/policies/child-protection.md: sign_off: 2 of 4 staff "
                        "have not confirmed version 3.1 within 30 days (1 confirmed an older "
                        "version): see the sign-off register"]


def test_roster_inside_docs_is_refused(tmp_path):
    root = make(tmp_path, False)
    config = (root / "mkdocs.yml").read_text().replace("staff/roster.csv", "docs/roster.csv")
    (root / "mkdocs.yml").write_text(config)
    (root / "docs/roster.csv").write_text(ROSTER)
    result = build(root)
    assert result.aborted
    assert any("signoff_roster: docs/roster.csv is inside the docs folder" in m
               for m in result.messages)


def test_report_lists_who_still_has_to_sign(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(make(tmp_path, False))
    assert handbook(["signoff", "report", "--as-of", TODAY]) == 1
    out = capsys.readouterr().out
    assert "Child protection 3.1: 1 of 4 (25%) confirmed" in out
    assert "    Ben Carter: signed an older version (past the grace period)" in out
    assert "    Dev Anand: not signed\n" in out  # still within the grace period


# Import ------------------------------------------------------------------

def run_import(root: Path, capsys, *files: str) -> tuple[int, str]:
    code = handbook(["signoff", "import", *files])
    return code, capsys.readouterr().out


def test_import_appends_good_rows_and_reports_every_bad_one(tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    source = (root / "docs/policies/child-protection.md").read_text()
    digest = hashlib.sha256(source.encode()).hexdigest()
    upload = root / "downloads/batch.csv"
    upload.parent.mkdir()
    lines = [
        "name,role,policy_id,title,version,signed_on,signed_at,content_hash",   # 1
        f"Cara Doyle,Playworker,child-protection,Child protection,3.1,2026-11-30,,{digest}",  # 2
        "Dev Anand,Nursery Practitioner,intimate-care,Intimate care,1.0,2026-11-28,,",  # 3
        "Dev Anand,Nursery Practitioner,intimate-care,Intimate care,1.0,2026-11-28,,",  # 4 dup
        "Asha Mensah,Nursery Manager,child-protection,,3.0,2026-09-03,,",  # 5: already recorded
        "Cara Doyle,Playworker,no-such-policy,,1.0,2026-11-30,,",  # 6 unknown id
        "Cara Doyle,Playworker,intimate-care,,1.0,11/30/2026,,",  # 7 a US date
        "Cara Doyle,Playworker,child-protection,,3.7,2026-11-30,,",  # 8 version never existed
        f"Cara Doyle,Playworker,child-protection,,3.1,2026-11-30,,{'0' * 64}",  # 9 wrong hash
        "Zed Unknown,Visitor,child-protection,,3.1,2026-11-30,,",  # 10 not on roster
        "Cara Doyle,Playworker,child-protection,,3.1,2026-11-30,,x,extra",  # 11 too many
    ]
    upload.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())  # BOM and CRLF
    code, out = run_import(root, capsys, "downloads/batch.csv")
    assert code == 1
    for line, text in [
        (6, "policy_id: no document has the id 'no-such-policy'"),
        (7, "signed_on: '11/30/2026' looks like month/day/year (US): expected a date like "
            "2026-09-01 or 17/06/2027 (dates with slashes are always read day first, as in "
            "the UK)"),
        (8, "version: child-protection never had version 3.7"),
        (9, "content_hash: does not match version 3.1 of child-protection"),
        (10, "name: 'Zed Unknown' is not on the staff roster"),
        (11, "has 9 values but the header has 8 columns"),
    ]:
        assert "ERROR: downloads/batch.csv: " in out
        assert any(f"({'line'} {line})" in row and text in row for row in out.splitlines()), text
    assert "SKIPPED: downloads/batch.csv:4: Dev Anand already confirmed intimate-care 1.0 " \
           "(downloads/batch.csv:3)" in out
    assert "SKIPPED: downloads/batch.csv:5: Asha Mensah already confirmed child-protection " \
           "3.0 (staff/records/2026.csv:2)" in out
    assert "2 records added to staff/records/sign-offs.csv, 2 already recorded, " \
           "6 rows with problems" in out
    # Every row of the upload is accounted for: 2 added + 2 skipped + 6 problems = 10.
    added = (root / "staff/records/sign-offs.csv").read_text().splitlines()
    assert added == ["name,role,policy_id,version,signed_on,content_hash",
                     f"Cara Doyle,Playworker,child-protection,3.1,2026-11-30,{digest}",
                     "Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28,"]
    # Importing again adds nothing and reports both as already recorded.
    code, out = run_import(root, capsys, "downloads/batch.csv")
    assert "0 records added" in out and "4 already recorded" in out


def test_import_reads_form_exports(tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    export = root / "form.csv"
    export.write_text("Timestamp,Your name,Your role,Policy ID,Version\n"
                      "28/11/2026 09:15:00,Dev Anand,Nursery Practitioner,intimate-care,1.0\n"
                      "2026-11-29T10:00:00Z,Cara Doyle,Playworker,child-protection,3.1\n")
    code, out = run_import(root, capsys, "form.csv")
    assert code == 0, out
    rows = (root / "staff/records/sign-offs.csv").read_text().splitlines()
    assert rows[1:] == ["Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28,",
                        "Cara Doyle,Playworker,child-protection,3.1,2026-11-29,"]


def test_import_reads_a_microsoft_forms_export_and_prints_the_mapping(
        tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    (root / "ms.csv").write_text(
        "ID,Start time,Completion time,Email,Name,Your full name,Your job role,"
        "Which policy did you read? (its id),Which version of the policy?\n"
        "1,28/11/2026 09:10:00,28/11/2026 09:15:00,dev@example.org,Dev A,Dev Anand,"
        "Nursery Practitioner,intimate-care,1.0\n"
        "2,29/11/2026 10:00:00,29/11/2026 10:02:00,cara@example.org,Cara D,Cara Doyle,"
        "Playworker,child-protection,3.1\n"
        "3,29/11/2026 10:00:00,11/29/2026 10:02:00,x@example.org,X,Cara Doyle,"
        "Playworker,intimate-care,1.0\n")
    code, out = run_import(root, capsys, "ms.csv")
    assert code == 1, out
    assert ("COLUMNS: ms.csv: read as a Microsoft Forms export: 'ID' -> ignored, 'Start time' "
            "-> ignored, 'Completion time' -> signed_at, 'Email' -> ignored, 'Name' -> ignored, "
            "'Your full name' -> name, 'Your job role' -> role, 'Which policy did you read? "
            "(its id)' -> policy_id, 'Which version of the policy?' -> version. If a column is "
            "read wrongly, set signoff_columns for the handbook plugin in mkdocs.yml") in out
    assert ("ERROR: ms.csv: signed_on: '11/29/2026 10:02:00' looks like month/day/year (US): "
            "expected a date like 2026-09-01 or 17/06/2027") in out
    assert "3 rows read: 2 records added" in out and "1 rows with problems" in out
    rows = (root / "staff/records/sign-offs.csv").read_text().splitlines()
    assert rows[1:] == ["Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28,",
                        "Cara Doyle,Playworker,child-protection,3.1,2026-11-29,"]


def test_import_reads_a_semicolon_google_forms_export_with_uk_dates(
        tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    (root / "google.csv").write_text(
        "Timestamp;Email address;Your name;Your role;Policy;Version;Any comments?\n"
        "27/11/2026 14:03:22;dev@example.org;Dev Anand;Nursery Practitioner;intimate-care;"
        "1.0;Clear, thanks\n"
        "03/11/2026 08:00:00;cara@example.org;Cara Doyle;Playworker;child-protection;3.1;\n")
    code, out = run_import(root, capsys, "google.csv")
    assert code == 0, out
    assert ("COLUMNS: google.csv: separated by semicolons; read as a Google Forms export: "
            "'Timestamp' -> signed_at, 'Email address' -> ignored, 'Your name' -> name, "
            "'Your role' -> role, 'Policy' -> policy_id, 'Version' -> version, "
            "'Any comments?' -> ignored.") in out
    rows = (root / "staff/records/sign-offs.csv").read_text().splitlines()
    # 03/11/2026 is read day first: 3 November, as the message and the docs say.
    assert rows[1:] == ["Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-27,",
                        "Cara Doyle,Playworker,child-protection,3.1,2026-11-03,"]


def test_signoff_columns_maps_headings_a_guess_would_miss(tmp_path, capsys, monkeypatch,
                                                          caplog):
    root = make(tmp_path, False)
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    config["plugins"][-1]["handbook"]["signoff_columns"] = {
        "Who are you?": "name", "What do you do here?": "role", "Document": "policy_id",
        "Edition read": "version", "When": "signed_on", "Notes": "ignore"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    monkeypatch.chdir(root)
    (root / "own.csv").write_text("Who are you?,What do you do here?,Document,Edition read,"
                                  "When,Notes\n"
                                  "Dev Anand,Nursery Practitioner,intimate-care,1.0,"
                                  "28/11/2026,fine\n")
    code, out = run_import(root, capsys, "own.csv")
    assert code == 0, out
    assert ("COLUMNS: own.csv: columns from signoff_columns: 'Who are you?' -> name, "
            "'What do you do here?' -> role, 'Document' -> policy_id, 'Edition read' -> "
            "version, 'When' -> signed_on, 'Notes' -> ignored") in out
    assert "1 rows read: 1 records added" in out
    config["plugins"][-1]["handbook"]["signoff_columns"] = {"When": "signed"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    with pytest.raises(SystemExit):
        handbook(["signoff", "import", "own.csv"])
    assert ("option 'signoff_columns': expected each heading to map to one of name, role, "
            "policy_id, version, signed_on, content_hash, signed_at, ignore, got 'When': "
            "'signed'") in caplog.text


def test_import_needs_the_right_columns(tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    (root / "bad.csv").write_text("who,what\nx,y\n")
    code, out = run_import(root, capsys, "bad.csv")
    assert code == 1
    assert "bad.csv: has no name, role, policy_id, version column" in out


def test_roster_problems_name_the_line(tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    (root / "staff/roster.csv").write_text(
        ROSTER + "Asha Mensah,Cook,2020-01-01,yes,\nFay,Cook,01/01/2020,yes,\n"
                 "Gus,Cook,2020-01-01,maybe,\n")
    monkeypatch.chdir(root)
    handbook(["signoff", "report", "--as-of", TODAY])
    out = capsys.readouterr().out
    assert "staff/roster.csv: name: 'Asha Mensah' is already on line 2" in out
    assert "staff/roster.csv: started: expected a date like 2026-09-01, got '01/01/2020' " \
           "(line 8)" in out
    assert "staff/roster.csv: active: expected yes or no, got 'maybe' (line 9)" in out


def test_records_folder_that_is_the_docs_folder_is_refused(tmp_path):
    root = make(tmp_path, False)
    config = (root / "mkdocs.yml").read_text().replace("staff/records", "docs")
    (root / "mkdocs.yml").write_text(config)
    (root / "docs/2026.csv").write_text(RECORDS)
    result = build(root)
    assert result.aborted
    assert any("signoff_records: docs is inside the docs folder" in m for m in result.messages)
    assert not (root / "site/2026.csv").exists()


def test_import_writes_in_the_register_files_own_columns(tmp_path, capsys, monkeypatch):
    """A register a manager has edited: other spellings, another order, no hash column."""
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    register = root / "staff/records/sign-offs.csv"
    register.write_text("Job role,Full name,Date,Document,Version\n"
                        "Nursery Manager,Asha Mensah,2026-09-03,child-protection,3.0\n")
    (root / "upload.csv").write_text(
        "name,role,policy_id,version,signed_on\n"
        "Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28\n")
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 0, out
    assert register.read_text().splitlines()[-1] == \
        "Nursery Practitioner,Dev Anand,2026-11-28,intimate-care,1.0"
    # Read back, the record is Dev's: name and role are not swapped.
    assert handbook(["signoff", "report", "--as-of", TODAY]) == 1
    out = capsys.readouterr().out
    assert "Intimate care 1.0: 2 of 2 (100%) confirmed" in out
    assert "not on the staff roster" not in out


def test_import_refuses_a_register_without_a_column_it_needs(tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    register = root / "staff/records/sign-offs.csv"
    before = "name,role,policy_id,version,signed_on\n"
    register.write_text(before)
    source = (root / "docs/policies/child-protection.md").read_text()
    digest = hashlib.sha256(source.encode()).hexdigest()
    (root / "upload.csv").write_text(
        "name,role,policy_id,version,signed_on,content_hash\n"
        f"Cara Doyle,Playworker,child-protection,3.1,2026-11-30,{digest}\n")
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    assert "ERROR: staff/records/sign-offs.csv: has no content_hash column, so the 1 new " \
           "records were not added" in out
    assert register.read_text() == before


def test_import_reports_a_record_for_a_document_without_sign_off(tmp_path, capsys,
                                                                   monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    (root / "upload.csv").write_text("name,role,policy_id,version,signed_on\n"
                                     "Cara Doyle,Playworker,a-lesson,1.0,2026-11-30\n")
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    assert "ERROR: upload.csv: policy_id: a-lesson is a lesson, not a versioned policy or " \
           "procedure: it has no sign-off (line 2)" in out
    assert "0 records added" in out


@pytest.mark.parametrize("roster", ["missing.csv", "bad-roster.csv"])
def test_an_unusable_roster_stops_import_and_report(tmp_path, capsys, monkeypatch, roster):
    root = make(tmp_path, False)
    config = (root / "mkdocs.yml").read_text().replace("staff/roster.csv", f"staff/{roster}")
    (root / "mkdocs.yml").write_text(config)
    (root / "staff/bad-roster.csv").write_text("who,started\nAsha Mensah,2019-01-07\n")
    monkeypatch.chdir(root)
    (root / "upload.csv").write_text("name,role,policy_id,version,signed_on\n"
                                     "Dev Anand,Nursery Practitioner,intimate-care,1.0,"
                                     "2026-11-28\n")
    before = sorted((root / "staff/records").iterdir())
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    why = "does not exist" if roster == "missing.csv" else "has no name, role, active column"
    assert f"ERROR: staff/{roster}: {why}" in out
    assert "not on the staff roster" not in out
    assert before == sorted((root / "staff/records").iterdir())  # nothing written
    assert handbook(["signoff", "report", "--as-of", TODAY]) == 1
    out = capsys.readouterr().out
    assert f"ERROR: staff/{roster}: {why}" in out and "WARNING" not in out
    assert "confirmed" not in out


def test_spreadsheet_trailing_cells_and_duplicate_columns(tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    (root / "excel.csv").write_text("name,role,policy_id,version,signed_on,,\n"
                                    "Dev Anand,Nursery Practitioner,intimate-care,1.0,"
                                    "2026-11-28,,,,\n")
    code, out = run_import(root, capsys, "excel.csv")
    assert code == 0, out
    assert "1 records added" in out
    (root / "twice.csv").write_text("name,role,policy_id,version,Date,Signed on\n"
                                    "Cara Doyle,Playworker,child-protection,3.1,2026-11-30,"
                                    "2025-01-01\n")
    code, out = run_import(root, capsys, "twice.csv")
    assert code == 1
    assert "ERROR: twice.csv: has two signed_on columns, 'Date' and 'Signed on': keep one " \
           "(line 1)" in out


def test_a_plugin_that_drops_the_placeholders_is_named_not_silent(tmp_path):
    """What search does not index is put back after it; if another plugin removed the
    marker (a minifier stripping comments, say), the build says so and --strict fails."""
    root = make(tmp_path, False)
    (root / "strip_comments.py").write_text(
        "import re\n\n"
        "def on_page_context(context, page, config, nav):\n"
        "    page.content = re.sub(r'<!--.*?-->', '', page.content)\n")
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config.replace("hooks:\n", "hooks:\n- strip_comments.py\n"))
    built = build(root)
    assert any("policies/child-protection.md: could not put back its sign-off part" in m
               for m in built.warnings())
    assert build(root, strict=True, site_dir=tmp_path / "strict").aborted


# Trust: every row accounted for, strict CSV, atomic writes, no formulas ---------

HEADER = "name,role,policy_id,version,signed_on\n"


def summary(out: str) -> tuple[int, int, int, int]:
    """(rows read, added, already recorded, with problems) from the import's last line."""
    import re

    found = re.search(r"(\d+) rows read: (\d+) records added to .*, (\d+) already recorded, "
                      r"(\d+) rows with problems", out)
    assert found, out
    return tuple(int(n) for n in found.groups())


def test_an_open_quote_spoils_its_own_line_only(tmp_path, capsys, monkeypatch):
    """It used to swallow the next three rows into one cell: "0 added, 3 problems"."""
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    (root / "upload.csv").write_text(
        HEADER
        + '"Cara Doyle,Playworker,child-protection,3.1,2026-11-30\n'   # 2: quote never closed
        + "Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28\n"   # 3
        + "Cara Doyle,Playworker,child-protection,3.1,2026-11-30\n"   # 4
        + "Ben Carter,Room Leader,child-protection,3.1,2026-11-29\n")  # 5
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    assert 'ERROR: upload.csv: has a quote (") that is never closed on this line: each ' \
           "record must be one line; close the quote or delete it (line 2)" in out
    assert summary(out) == (4, 3, 0, 1)
    names = [line.split(",")[0] for line in
             (root / "staff/records/sign-offs.csv").read_text().splitlines()[1:]]
    assert names == ["Dev Anand", "Cara Doyle", "Ben Carter"]


def test_every_row_is_added_skipped_or_reported_with_its_line(tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    rows = [
        "Cara Doyle,Playworker,child-protection,3.1,2026-11-30",         # 2 added
        "Asha Mensah,Nursery Manager,child-protection,3.0,2026-09-03",   # 3 already recorded
        "Cara Doyle,Playworker,child-protection,3.1,2026-11-30",         # 4 duplicate above
        ",Playworker,child-protection,x.y,yesterday",                    # 5 three problems
        "Dev Anand,Nursery Practitioner,intimate-care,1.0,2027-01-01",   # 6 future
        "Dev Anand,Nursery Practitioner,child-protection,3.1,2026-08-31",  # 7 before approval
        "Dev Anand,Nursery Practitioner,draft,1.0,2026-11-28",           # 8 a draft
        "Dev Anand,Cook,intimate-care,1.0,2026-11-28",                   # 9 not his role
        "Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28,,extra,cells",  # 10
        "Ben Carter,Room Leader,intimate-care,1.0," + "x" * 5000,        # 11 too long
        "Ben Carter,Room Leader\x07,intimate-care,1.0,2026-11-21",       # 12 control character
        "",                                                               # blank: not a row
        "Dev Anand,nursery  practitioner,intimate-care,1.0,2026-11-28",  # 14 added (role case)
    ]
    (root / "upload.csv").write_bytes((HEADER + "\n".join(rows) + "\n").encode()
                                      + b"Erin Walsh,Cook,child-protection,3.1,\xe9\n")  # 15
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    read, added, skipped, rejected = summary(out)
    assert (read, added, skipped, rejected) == (13, 2, 2, 9)
    assert read == added + skipped + rejected
    reported = {int(line.rsplit("(line ", 1)[1].rstrip(")")) for line in out.splitlines()
                if line.startswith("ERROR: upload.csv")}
    assert reported == {5, 6, 7, 8, 9, 10, 11, 12, 15}
    for line, text in [
        (6, "signed_on: 2027-01-01 is in the future (today is 2026-12-01)"),
        (7, "signed_on: 2026-08-31 is before version 3.1 of child-protection was approved "
            "(2026-09-01)"),
        (8, "version: version 1.0 of draft is a draft, never approved"),
        (9, "role: 'Cook' is not Dev Anand's role on the staff roster ('Nursery Practitioner')"),
        (11, "has a value of 5,000 characters in column 5; a value may hold at most 1,000"),
        (12, "column 2 contains the control character U+0007"),
        (15, "this line is not UTF-8 text (byte 0xE9), so the file was probably saved as "
             "Windows-1252: "
             "save it again as UTF-8"),
    ]:
        assert any(f"(line {line})" in row and text in row for row in out.splitlines()), text
    # Line 14 was added after line 9's refusal: the same person and version, rightly spelt.
    assert "SKIPPED: upload.csv:4: Cara Doyle already confirmed" in out


def test_line_counts_with_a_rejected_duplicate_are_exact(tmp_path, capsys, monkeypatch):
    """A duplicate of a refused row is refused too, never counted as already recorded."""
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    (root / "upload.csv").write_text(HEADER + "Dev Anand,Cook,intimate-care,1.0,2026-11-28\n" * 2)
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    assert summary(out) == (2, 0, 0, 2)


def test_a_damaged_records_file_stops_the_import(tmp_path, capsys, monkeypatch):
    """Later imports used to say "2 added, 0 problems" and quietly ignore earlier records."""
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    register = root / "staff/records/sign-offs.csv"
    register.write_text(HEADER + '"Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28\n'
                        "Cara Doyle,Playworker,child-protection,3.1,2026-11-30\n")
    before = register.read_bytes()
    (root / "upload.csv").write_text(
        HEADER + "Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28\n")
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    assert "ERROR: staff/records/sign-offs.csv: has a quote (\") that is never closed on this " \
           "line" in out and "(line 2)" in out
    assert "Stopped: fix the files above first (nothing was imported)." in out
    assert register.read_bytes() == before
    assert handbook(["signoff", "report", "--as-of", TODAY]) == 1
    assert "ERROR: staff/records/sign-offs.csv: has a quote" in capsys.readouterr().out


def test_a_failed_write_leaves_the_old_register(tmp_path, capsys, monkeypatch):
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    register = root / "staff/records/sign-offs.csv"
    register.write_text(HEADER + "Cara Doyle,Playworker,child-protection,3.1,2026-11-30\n")
    before = register.read_bytes()
    (root / "upload.csv").write_text(
        HEADER + "Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28\n")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", fail)
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    assert out.endswith("ERROR: staff/records/sign-offs.csv: could not be written (No space "
                        "left on device); it is unchanged and nothing was imported\n")
    assert register.read_bytes() == before
    assert sorted(p.name for p in register.parent.iterdir()) == ["2026.csv", "sign-offs.csv"]


# The import as a child process that the kernel kills (SIGXFSZ) once it has
# written `limit` bytes to any file: part-way through writing the new rows.
_KILLED = """
import resource, signal, sys
limit = int(sys.argv[1])
if sys.argv[2] == "kill":  # Python ignores the signal unless told otherwise
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from handbook.cli.driver import main
main(["signoff", "import", "upload.csv"])
"""


@pytest.mark.parametrize("kill", [True, False])
def test_an_import_stopped_mid_write_leaves_the_old_register(tmp_path, kill):
    import signal
    import subprocess
    import sys

    root = make(tmp_path, False)
    register = root / "staff/records/sign-offs.csv"
    register.write_text(HEADER + "Cara Doyle,Playworker,child-protection,3.1,2026-11-30\n")
    before = register.read_bytes()
    new = "Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28\n"
    (root / "upload.csv").write_text(HEADER + new)
    env = {**os.environ, "HANDBOOK_TODAY": TODAY}
    child = subprocess.run([sys.executable, "-c", _KILLED, str(len(before) + len(new) // 2),
                            "kill" if kill else "fail"],
                           cwd=root, capture_output=True, text=True, timeout=120, env=env)
    if kill:
        assert child.returncode == -signal.SIGXFSZ, child.stdout + child.stderr
    else:  # Python ignores SIGXFSZ, so the write fails instead: "File too large"
        assert "could not be written (File too large); it is unchanged" in child.stdout
        assert not list(register.parent.glob(".*"))  # its temporary file is gone
    assert register.read_bytes() == before  # the old file, whole
    # A new import finishes the job; what a killed one left behind is not read.
    child = subprocess.run([sys.executable, "-m", "handbook.cli.driver", "signoff", "import",
                            "upload.csv"], cwd=root, capture_output=True, text=True,
                           timeout=120, env=env)
    assert child.returncode == 0, child.stdout
    assert register.read_text() == before.decode() + new


def test_formulas_are_neutralised_in_the_register_and_read_back(tmp_path, capsys,
                                                                monkeypatch):
    root = make(tmp_path, False)
    (root / "staff/roster.csv").write_text(
        ROSTER + '"=HYPERLINK(""http://evil.example"",""x"")",@SUM(1+1),2020-01-01,yes,'
                 "room staff\n")
    monkeypatch.chdir(root)
    (root / "upload.csv").write_text(
        HEADER + '"=HYPERLINK(""http://evil.example"",""x"")",@SUM(1+1),intimate-care,1.0,'
                 "2026-11-28\n")
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 0, out
    written = (root / "staff/records/sign-offs.csv").read_text().splitlines()[1]
    assert written == ('"\'=HYPERLINK(""http://evil.example"",""x"")",\'@SUM(1+1),'
                       "intimate-care,1.0,2026-11-28,")
    # Read back, the record is the person's again: already recorded, and signed.
    code, out = run_import(root, capsys, "upload.csv")
    assert summary(out) == (1, 0, 1, 0)
    assert handbook(["signoff", "report", "--as-of", TODAY]) == 1
    assert "Intimate care 1.0: 2 of 3 (67%) confirmed" in capsys.readouterr().out


def test_matrix_csv_neutralises_every_formula_cell(tmp_path, monkeypatch):
    root = make(tmp_path, True)
    (root / "staff/roster.csv").write_text(
        "name,role,started,active,applies_to\n"
        "=cmd|' /C calc'!A0,+Role,2020-01-01,yes,@group\n"
        "-Dash Person,\tTabbed,2020-01-01,yes,\n")
    page = root / "docs/policies/intimate-care.md"
    page.write_text(page.read_text().replace("title: Intimate care", "title: =1+1")
                    .replace("- room staff", "- '@group'"))
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    built = build(root, site_dir=root / "site-internal")  # internal builds write there
    assert not built.aborted
    import csv
    import io

    rows = list(csv.reader(io.StringIO((built.site_dir / "sign-off/matrix.csv").read_text())))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'+Role" in cells and "'@group" in cells
    assert "'=1+1" in cells and "'-Dash Person" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_sign_off_is_refused_before_a_version_was_approved_in_its_history(tmp_path, capsys,
                                                                          monkeypatch):
    """Approval dates come from git: 2.0 was a draft from March and approved in April."""
    from gitrepo import GitRepo

    repo = GitRepo(tmp_path / "handbook")
    repo.write("mkdocs.yml", site_config(handbook={"fail_on": "never",
                                                   "signoff_records": "staff/records"}))
    repo.write("docs/index.md", "# Home\n")

    def version(number: str, status: str, approved: str | None) -> str:
        return policy("online", version=number, status=status, approved=approved,
                      change_summary=None if number == "1.0" else "Rewritten.",
                      sign_off=["I report concerns."])

    repo.commit("1.0", "2026-01-10", **{"docs/policies/online.md": version("1.0", "approved",
                                                                           "2026-01-10")})
    repo.commit("2.0 draft", "2026-03-01", **{"docs/policies/online.md": version(
        "2.0", "draft", None)})
    repo.commit("2.0", "2026-04-01", **{"docs/policies/online.md": version(
        "2.0", "approved", "2026-04-01")})
    repo.commit("3.0 draft", "2026-06-01", **{"docs/policies/online.md": version(
        "3.0", "draft", None)})
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    (repo.root / "upload.csv").write_text(
        HEADER
        + "Asha Mensah,Manager,online,1.0,2026-02-01\n"    # 2: fine
        + "Asha Mensah,Manager,online,2.0,2026-03-15\n"    # 3: 2.0 still a draft then
        + "Asha Mensah,Manager,online,2.0,2026-04-02\n"    # 4: fine
        + "Asha Mensah,Manager,online,3.0,2026-06-02\n")   # 5: a draft
    code, out = run_import(repo.root, capsys, "upload.csv")
    assert code == 1
    assert "signed_on: 2026-03-15 is before version 2.0 of online was approved (2026-04-01)" \
        in out and "(line 3)" in out
    assert "version: version 3.0 of online is a draft, never approved: staff confirm approved " \
           "versions only (line 5)" in out
    assert summary(out) == (4, 2, 0, 2)


def test_a_huge_value_is_one_rows_problem_not_the_whole_files(tmp_path, capsys, monkeypatch):
    """Over csv's own limit (131,072 characters) the whole file used to be refused as "not a
    readable UTF-8 CSV file"."""
    root = make(tmp_path, False)
    monkeypatch.chdir(root)
    (root / "upload.csv").write_text(
        HEADER + "Dev Anand,Nursery Practitioner,intimate-care,1.0,2026-11-28\n"
        + "Cara Doyle,Playworker," + "y" * 200_000 + ",3.1,2026-11-30\n"
        + "Cara Doyle,Playworker,child-protection,3.1,2026-11-30\n")
    code, out = run_import(root, capsys, "upload.csv")
    assert code == 1
    assert "ERROR: upload.csv: this line is 200,037 characters long; a value may hold at " \
           "most 1,000: is a quote left open, or text pasted into the wrong cell? (line 3)" in out
    assert summary(out) == (3, 2, 0, 1)
    (root / "utf16.csv").write_bytes(HEADER.encode("utf-16"))
    code, out = run_import(root, capsys, "utf16.csv")
    assert "ERROR: utf16.csv: is saved as UTF-16 ('Unicode text'), not CSV: save it again as " \
           "UTF-8 (Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'" in out
