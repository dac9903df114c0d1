"""Property-based tests: valid front matter and CSV files, mutated at random, never raise.

Whatever a manager (or an attacker) types, the answer is a list of problems
naming the file, never a traceback: `handbook check` exits 0 or 1, the import
accounts for every row, and a non-strict build still renders every valid page.
"""

from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook import frontmatter
from handbook.cli.driver import main as handbook
from handbook.handbook import load
from handbook.markup import REFUSED
from handbook.model import SourceFile
from handbook.signoff.importer import Known, import_records
from handbook.signoff.records import read_file
from handbook.signoff.roster import read_roster
from handbook.validate import validate_file

from sites import build, lesson, policy, site_config, write_site

# Pieces that matter to YAML, CSV, dates, encodings and the page.
PIECES = st.sampled_from([
    "&", "*", "&a ", "*a", "[", "]", "{", "}", ": ", "- ", "!!", "!!python/object ", "|", ">",
    "'", '"', "#", "%", "@", "`", "\t", "\n", "\r", "\r\n", "\x00", "\x07", "\x1b", "\ufeff",
    "\u2028", "\ufffe", "---\n", "...\n", "<<: ", "9999-12-31", "0000-00-00", "2026-02-30",
    "1e999", "0x", "~", "null", "yes", ",", ",,", '""', '"a,b"', "=", "+1", "-", "x" * 300,
    "é", "😀", "<script>", "[FILL IN: x]", "version: ", "id: ", "\n  - ", "  ",
])


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """`text` with a few insertions, deletions and overwrites of YAML- and CSV-ish pieces."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(PIECES, st.text(max_size=8)))
        action = draw(st.sampled_from(["insert", "delete", "overwrite"]))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, text: str) -> bytes:
    """A mutated text as a file's bytes: sometimes with bytes that are not UTF-8."""
    data = draw(mutated(text)).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


VALID_POLICY = policy("child-protection", title="Child protection", version="2.1",
                      approved="2026-01-15", change_summary="Editorial.",
                      applies_to=["room staff"], sign_off=["I know who the DSL is."],
                      related=["a-lesson"])
VALID_LESSON = lesson("a-lesson")
FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(mutated(VALID_POLICY))
def test_mutated_front_matter_never_raises(text):
    parsed = frontmatter.parse("docs/p.md", text)
    assert all(p.path == "docs/p.md" for p in parsed.problems)
    checked = validate_file(SourceFile("docs/p.md", "p.md", text), _settings())
    assert all(p.path == "docs/p.md" and p.message for p in checked.problems)
    if checked.document is not None:  # runnable markup is refused, yet the document stands
        assert not [p for p in checked.problems
                    if p.severity == "error" and REFUSED not in p.message]
    handbook_ = load([SourceFile("docs/p.md", "p.md", text),
                      SourceFile("docs/l.md", "l.md", VALID_LESSON)])
    assert all(str(p).startswith(("docs/p.md: ", "docs/l.md: ")) for p in handbook_.problems)


@FAST
@given(st.binary(max_size=600).map(lambda b: b"---\n" + b + b"\n---\nBody\n"))
def test_any_bytes_as_front_matter_never_raise(data):
    text, _ = frontmatter.decode(data)
    checked = validate_file(SourceFile("docs/p.md", "p.md", text), _settings())
    assert all(p.path == "docs/p.md" for p in checked.problems)


def _settings():
    from handbook.settings import Settings

    return Settings()


ROSTER = ("name,role,started,active,applies_to\n"
          "Asha Mensah,Nursery Manager,2019-01-07,yes,managers\n"
          "Ben Carter,Room Leader,2021-03-01,yes,room staff\n")
RECORDS = ("name,role,policy_id,title,version,signed_on,signed_at,content_hash\n"
           "Asha Mensah,Nursery Manager,child-protection,Child protection,2.1,2026-09-03,,\n"
           '"Carter, Ben",Room Leader,child-protection,"Child ""protection""",2.0,2026-02-01,,\n'
           "Ben Carter,Room Leader,child-protection,,2.1,2026-11-21,,\n")


DOCUMENTS = load([SourceFile("docs/p.md", "p.md", VALID_POLICY)]).by_id


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_bytes(RECORDS), mutated_bytes(ROSTER))
def test_mutated_csv_files_are_read_and_every_row_accounted_for(records, roster):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "upload.csv").write_bytes(records)
        (root / "roster.csv").write_bytes(roster)
        people, trouble = read_roster(root / "roster.csv", "roster.csv")
        assert all(p.path == "roster.csv" for p in trouble)
        found, problems, count = read_file(root / "upload.csv", "upload.csv")
        assert all(p.path == "upload.csv" and (p.line or 1) >= 1 for p in problems)
        assert len(found) <= count
        report = import_records(
            [(root / "upload.csv", "upload.csv")], root / "records", "records", [], DOCUMENTS,
            lambda doc: {doc.version: Known(doc.approved)}, lambda doc, version: None,
            people, date(2026, 12, 1))
        assert report.rows == count
        assert len(report.added) + len(report.duplicates) + report.rejected == report.rows
        lines = {p.line for p in report.problems if p.line}
        assert len(lines) <= report.rejected or any(p.line == 1 for p in report.problems)
        if report.added:  # what was written reads back as the same records
            back, back_problems, _ = read_file(root / "records/sign-offs.csv", "back.csv")
            assert back_problems == []
            assert [(r.name, r.role, r.policy_id, r.version) for r in back] == \
                [(r.name, r.role, r.policy_id, r.version) for r in report.added]


CHECK_SITE = site_config(handbook={"history": False, "fail_on": "never"})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_bytes(VALID_POLICY))
def test_check_exits_0_or_1_and_names_the_file(data):
    with tempfile.TemporaryDirectory() as folder:
        root = write_site(Path(folder), {"index.md": "# Home\n", "lessons/a-lesson.md":
                                         VALID_LESSON}, CHECK_SITE)
        (root / "docs/policies").mkdir()
        (root / "docs/policies/p.md").write_bytes(data)
        out = io.StringIO()
        with redirect_stdout(out):
            code = handbook(["check", str(root / "docs"), "-f", str(root / "mkdocs.yml"),
                             "--as-of", "2026-12-01"])
        assert code in (0, 1), out.getvalue()
        for line in out.getvalue().splitlines():
            if line.startswith(("ERROR", "WARNING")):
                assert f"{root}/docs/policies/p.md: " in line or "docs/lessons" in line, line


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_bytes(VALID_POLICY))
def test_non_strict_build_renders_every_valid_page(data):
    with tempfile.TemporaryDirectory() as folder:
        root = write_site(Path(folder), {
            "index.md": "# Home\n", "lessons/a-lesson.md": VALID_LESSON,
            "policies/good.md": policy("good", title="Good policy")}, CHECK_SITE)
        (root / "docs/policies/p.md").write_bytes(data)
        built = build(root)
        assert not built.aborted, built.warnings()
        for page in ("index.html", "lessons/a-lesson/index.html", "policies/good/index.html",
                     "policies/p/index.html"):
            assert built.exists(page), page
        assert "Good policy" in built.html("policies/good/index.html").get_text()
