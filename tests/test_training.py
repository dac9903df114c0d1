"""Training records: the course list, `handbook training import` and `report`."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.cli.driver import main as handbook

from sites import BOTH_HOOKS, build, policy, site_config, write_site

TODAY = "2026-12-01"
ROSTER = """\
name,role,started,active,applies_to
Asha Mensah,Nursery Manager,2019-01-07,yes,managers
Ben Carter,Room Leader,2021-03-01,yes,room staff
Cara Doyle,Playworker,2022-09-05,yes,club staff
Erin Walsh,Cook,2015-05-05,no,office staff
"""
COURSES = [
    {"id": "dsl-training", "title": "DSL training", "renew_every": 24,
     "applies_to": ["managers"]},
    {"id": "safeguarding-update", "title": "Safeguarding update", "renew_every": 12},
    {"id": "prevent-awareness", "title": "Prevent awareness"},
    {"id": "first-aid", "title": "Paediatric first aid", "renew_every": 36,
     "applies_to": ["room staff"]},
    {"id": "safer-recruitment", "title": "Safer recruitment", "renew_every": 36,
     "roles": ["Nursery Manager"]},
]
RECORDS = """\
name,course,completed_on
Asha Mensah,dsl-training,2025-06-01
Asha Mensah,safeguarding-update,2026-09-02
Asha Mensah,prevent-awareness,2019-05-20
Asha Mensah,safer-recruitment,2024-03-12
Ben Carter,safeguarding-update,2025-11-20
Ben Carter,prevent-awareness,2021-02-08
Ben Carter,first-aid,2023-12-09
Cara Doyle,safeguarding-update,2026-09-02
Cara Doyle,prevent-awareness,2022-05-09
"""


def make(root: Path, courses=COURSES, **options) -> Path:
    config = site_config("Training test", hooks=BOTH_HOOKS, handbook={
        "fail_on": "never", "history": False, "signoff_roster": "staff/roster.csv",
        "training_records": "staff/training", "training_courses": courses, **options})
    return write_site(root, {"index.md": "# Home\n", "policies/a.md": policy("a")}, config,
                      extra_files={"staff/roster.csv": ROSTER,
                                   "staff/training/2026.csv": RECORDS})


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = make(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    return root


def run(capsys, *args: str) -> tuple[int, str]:
    code = handbook(["training", *args])
    return code, capsys.readouterr().out


def test_report_counts_each_course_and_names_who_needs_action(site, capsys):
    code, out = run(capsys, "report", "--as-of", TODAY)
    assert code == 1
    assert "DSL training (renewed every 24 months; for managers): 1 of 1 current" in out
    assert "Safeguarding update (renewed every 12 months; for everyone): 2 of 3 current" in out
    assert "    Ben Carter: overdue. Review overdue by 11 days (was due 20 November 2026)." in out
    # First aid done 2023-12-09 and renewed every 36 months: due on 2026-12-09.
    assert "    Ben Carter: due soon. Review due in 8 days (9 December 2026)." in out
    assert "Prevent awareness (taken once; for everyone): 3 of 3 current" in out
    # Erin Walsh has left: she is on nobody's list.
    assert "Erin Walsh" not in out


def test_report_passes_when_everyone_is_current(site, capsys):
    (site / "staff/training/2026.csv").write_text(
        RECORDS + "Ben Carter,safeguarding-update,2026-11-30\n")
    code, out = run(capsys, "report", "--as-of", "2026-12-01")
    assert code == 0, out
    # The same records a year on: the updates have run out.
    code, out = run(capsys, "report", "--as-of", "2027-12-01")
    assert code == 1 and "Asha Mensah: overdue" in out


def test_import_adds_good_rows_and_reports_every_bad_one_with_its_line(site, capsys):
    upload = site / "downloads/course.csv"
    upload.parent.mkdir()
    lines = [
        "Name,Course,Completed on",  # 1
        "Cara Doyle,dsl-training,2026-11-30",  # 2 good (nobody stops extra training)
        "cara  doyle,first-aid,2026-11-28",  # 3 good: names match whatever their case
        "Cara Doyle,first-aid,2026-11-28",  # 4 duplicate of line 3
        "Asha Mensah,dsl-training,2025-06-01",  # 5 already recorded
        "Cara Doyle,knitting,2026-11-30",  # 6 unknown course
        "Zed Unknown,first-aid,2026-11-30",  # 7 not on the roster
        "Cara Doyle,first-aid,2026-12-02",  # 8 in the future
        "Cara Doyle,first-aid,30/11/2026",  # 9 not a date
        ",first-aid,2026-11-30",  # 10 no name
        "Cara Doyle,first-aid,2026-11-30,extra",  # 11 too many values
    ]
    upload.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    code, out = run(capsys, "import", "downloads/course.csv")
    assert code == 1
    for line, text in [
        (6, "course: no course has the id 'knitting'"),
        (7, "name: 'Zed Unknown' is not on the staff roster"),
        (8, "completed_on: 2026-12-02 is in the future (today is 2026-12-01)"),
        (9, "completed_on: expected a date like 2026-09-01, got '30/11/2026'"),
        (10, "name: is empty"),
        (11, "has 4 values but the header has 3 columns"),
    ]:
        assert any(f"(line {line})" in row and text in row and "downloads/course.csv" in row
                   for row in out.splitlines()), (line, text, out)
    assert "SKIPPED: downloads/course.csv:4: Cara Doyle already recorded for first-aid on " \
           "2026-11-28 (downloads/course.csv:3)" in out
    assert "SKIPPED: downloads/course.csv:5: Asha Mensah already recorded for dsl-training " \
           "on 2025-06-01 (staff/training/2026.csv:2)" in out
    # 10 rows: 2 added + 2 already recorded + 6 with problems.
    assert "10 rows read: 2 records added to staff/training/training.csv, 2 already " \
           "recorded, 6 rows with problems" in out
    written = (site / "staff/training/training.csv").read_text().splitlines()
    assert written == ["name,course,completed_on", "Cara Doyle,dsl-training,2026-11-30",
                       "cara  doyle,first-aid,2026-11-28"]
    code, out = run(capsys, "import", "downloads/course.csv")
    assert "0 records added" in out and "4 already recorded" in out


def test_formula_cells_are_neutralised_and_read_back(site, capsys):
    (site / "staff/roster.csv").write_text(ROSTER + "=SUM(1+1),Cook,2020-01-01,yes,\n")
    (site / "upload.csv").write_text("name,course,completed_on\n=SUM(1+1),prevent-awareness,"
                                     "2026-11-01\n")
    code, out = run(capsys, "import", "upload.csv")
    assert code == 0, out
    written = (site / "staff/training/training.csv").read_text().splitlines()[1]
    assert written == "'=SUM(1+1),prevent-awareness,2026-11-01"
    code, out = run(capsys, "import", "upload.csv")
    assert "1 rows read: 0 records added" in out and "1 already recorded" in out


def test_a_damaged_records_file_stops_the_import(site, capsys):
    (site / "staff/training/2026.csv").write_text(RECORDS + "Ben Carter,first-aid,soon\n")
    (site / "upload.csv").write_text("name,course,completed_on\n"
                                     "Cara Doyle,prevent-awareness,2026-11-01\n")
    code, out = run(capsys, "import", "upload.csv")
    assert code == 1
    assert "staff/training/2026.csv" in out and "line 11" in out
    assert "nothing was imported" in out
    assert not (site / "staff/training/training.csv").exists()


def test_import_refuses_a_file_without_the_columns(site, capsys):
    (site / "upload.csv").write_text("name,course\nCara Doyle,prevent-awareness\n")
    code, out = run(capsys, "import", "upload.csv")
    assert code == 1 and "upload.csv" in out and "completed_on" in out
    assert "1 rows read: 0 records added" in out


@pytest.mark.parametrize(("courses", "message"), [
    ([{"id": "Bad Id", "title": "X"}], "training_courses, course 1: id: expected lowercase"),
    ([{"id": "a", "title": "A", "renew_every": 0}], "training_courses, a: renew_every"),
    ([{"id": "a", "title": "A", "every": 12}], "unknown key 'every'"),
    ([{"id": "a", "title": "A"}, {"id": "a", "title": "B"}], "a: id: listed twice"),
    ([{"id": "a"}], "training_courses, a: title"),
    ([{"id": "a", "title": "A", "roles": [3]}], "training_courses, a: roles"),
])
def test_a_wrong_course_list_is_named_in_plain_words(tmp_path, monkeypatch, capsys, courses,
                                                    message):
    monkeypatch.chdir(make(tmp_path, courses))
    code = handbook(["training", "report"])
    captured = capsys.readouterr()
    assert code != 0
    assert message in captured.out + captured.err


# The build ---------------------------------------------------------------

def test_records_inside_docs_are_refused(tmp_path):
    root = make(tmp_path, training_records="docs/training", internal=True)
    built = build(root, site_dir=tmp_path / "out")
    assert built.aborted
    assert any("training_records: docs/training is inside the docs folder" in m
               for m in built.messages)


def test_a_wrong_course_list_stops_the_build_in_plain_words(tmp_path):
    root = make(tmp_path, [{"id": "a", "title": "A", "renew_every": "yearly"}])
    built = build(root, site_dir=tmp_path / "out")
    assert built.aborted
    assert any("training_courses, a: renew_every: expected a number of months" in m
               for m in built.messages)


def test_only_internal_builds_have_the_register_and_titles_are_escaped(tmp_path):
    courses = [*COURSES, {"id": "x", "title": "<script>alert(1)</script>"}]
    public = build(make(tmp_path / "p", courses), site_dir=tmp_path / "public")
    assert not public.exists("training/index.html")
    for path in public.site_dir.rglob("*.html"):
        assert "Asha Mensah" not in path.read_text()
    internal = build(make(tmp_path / "i", courses, internal=True),
                     site_dir=tmp_path / "internal")
    page = internal.html("training/index.html")
    assert "<script>alert(1)</script>" in page.select("thead th")[-1].get_text()
    assert not page.select("script:-soup-contains('alert(1)')")
