"""Commit messages that name staff: withheld from public builds, warned about by `check`.

History pages publish commit messages. One that names someone on the roster
(signoff_roster) must not reach a public build, in any file it writes; the
internal edition may show it; `handbook check` says which commit of which
document, without repeating the name.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest

from handbook.cli.driver import main as handbook
from handbook.history.git_repo import find_repo
from handbook.history.policy_versions import read_history
from handbook.signoff.roster import name_finder

from gitrepo import GitRepo
from history_scenario import own_words
from sites import build, policy, site_config

ROSTER = """\
name,role,started,active
Asha Mensah,Nursery Manager,2019-01-07,yes
Ben Carter,Room Leader,2021-03-01,yes
Cara Doyle,Playworker,not a date,yes
"""
# Every way a name from the roster may be written; none may reach a public build.
NAMED = re.compile(r"ben\s+carter|cara\s+doyle|carter|doyle", re.IGNORECASE)


def config(internal: bool) -> str:
    return site_config("Privacy test", site_url="https://handbook.example.org/", handbook={
        "fail_on": "never", "internal": internal, "signoff_roster": "staff/roster.csv",
        # The test repository tracks its roster on purpose, as a private one may.
        "staff_data_in_git": True})


def cp(version: str, approved: str, words: str) -> str:
    return policy("child-protection", title="Child protection", version=version,
                  approved=approved, change_summary=f"Version {version}.",
                  body=own_words("protection") + words + "\n")


def make_named(root) -> GitRepo:
    repo = GitRepo(root)
    repo.write("mkdocs.yml", config(internal=False))
    repo.write("docs/index.md", "# Home\n")
    repo.write("staff/roster.csv", ROSTER)
    repo.commit("Add the child protection policy", "2025-01-10",
                **{"docs/policies/child-protection.md": cp("1.0", "2025-01-10", "One.")})
    repo.commit("Child protection 1.1, as Ben Carter asked", "2025-02-10",
                **{"docs/policies/child-protection.md": cp("1.1", "2025-02-10", "Two.")})
    # The name is in the body only, in other case and spacing; a row of the roster
    # with a bad date still names a person.
    repo.commit("Child protection 1.2\n\nChecked with BEN  carter and cara doyle.", "2025-03-10",
                **{"docs/policies/child-protection.md": cp("1.2", "2025-03-10", "Three.")})
    repo.commit("Child protection 1.3: Carterton visit notes", "2025-04-10",
                **{"docs/policies/child-protection.md": cp("1.3", "2025-04-10", "Four.")})
    return repo


@pytest.fixture(scope="module")
def named(tmp_path_factory) -> GitRepo:
    return make_named(tmp_path_factory.mktemp("named") / "handbook")


@pytest.fixture(scope="module")
def public(named):
    result = build(named.root, strict=True, site_dir=named.root / "public-site")
    assert not result.aborted, result.warnings()
    return result


def messages_on_page(site) -> list[str]:
    page = site.html("history/child-protection/index.html")
    table = page.find("h2", id="commits").find_next("table")
    return [row.select("td")[-1].get_text() for row in table.select("tbody tr")]


def test_public_history_withholds_messages_naming_staff(public):
    assert messages_on_page(public) == [
        "Child protection 1.3: Carterton visit notes", "message withheld",
        "message withheld", "Add the child protection policy"]


def every_text(site_dir) -> dict[str, str]:
    texts = {}
    for path in site_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            texts[path.relative_to(site_dir).as_posix()] = data.decode("utf-8", "replace")
    return texts


def test_no_name_anywhere_in_the_public_build(public):
    texts = every_text(public.site_dir)
    assert {"search/search_index.json", "amendments.xml", "reviews.json"} <= set(texts)
    leaks = {path: NAMED.findall(text.replace("Carterton", "")) for path, text in texts.items()}
    assert not {path: found for path, found in leaks.items() if found}
    logged = [r.getMessage() for r in public.records]
    assert not [m for m in logged if NAMED.search(m.replace("Carterton", ""))]


def test_internal_build_may_show_them(named, tmp_path):
    named.write("mkdocs.yml", config(internal=True))
    try:
        result = build(named.root, site_dir=tmp_path / "internal-site")
    finally:
        named.write("mkdocs.yml", config(internal=False))
    assert not result.aborted
    assert messages_on_page(result)[1:3] == ["Child protection 1.2",
                                             "Child protection 1.1, as Ben Carter asked"]


def test_check_names_the_commit_and_document_not_the_person(named, capsys, monkeypatch):
    monkeypatch.chdir(named.root)
    assert handbook(["check"]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if "staff roster" in line]
    hashes = named.git("log", "--format=%h %s", "--abbrev=7").splitlines()
    withheld = [h.split()[0] for h in hashes if "1.1" in h or "1.2" in h]
    assert len(warnings) == 2
    for line, commit in zip(warnings, withheld, strict=True):
        assert line.startswith("WARNING: docs/policies/child-protection.md: history: the "
                               f"message of commit {commit} (")
        assert 'public builds show "message withheld"' in line
    assert not NAMED.search(out.replace("Carterton", ""))
    assert "0 errors, 2 warnings" in out
    assert handbook(["check", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"] == 2
    assert not NAMED.search(json.dumps(data).replace("Carterton", ""))


def test_history_json_withholds_unless_internal(named, capsys, monkeypatch):
    monkeypatch.chdir(named.root)
    handbook(["history", "--format", "json"])
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert [c["message"] for c in doc["commits"]][1:3] == ["message withheld"] * 2
    assert [c["withheld"] for c in doc["commits"]] == [False, True, True, False]
    monkeypatch.setenv("HANDBOOK_INTERNAL", "1")
    handbook(["history", "--format", "json"])
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert doc["commits"][2]["message"] == "Child protection 1.1, as Ben Carter asked"


def test_integrity_warnings_withhold_the_message(tmp_path):
    repo = GitRepo(tmp_path / "slip")
    repo.commit("Add", "2025-01-10",
                **{"docs/a.md": policy("a", body=own_words("alpha"))})
    repo.commit("Edit for Ben Carter without a new version", "2025-02-10",
                **{"docs/a.md": policy("a", body=own_words("alpha") + "More.\n")})
    found = read_history(find_repo(repo.root), "docs", {"docs/a.md": "docs/a.md"},
                         name_finder(["Ben Carter"]))
    [problem] = found.problems
    assert "the version stayed 1.0" in str(problem)
    assert str(problem).endswith(": message withheld)")


@pytest.mark.parametrize(("text", "named"), [
    ("As Ben Carter asked", True), ("ben\ncarter", True), ("BEN CARTER.", True),
    ("Ben Carterton", False), ("Reuben Carter", False), ("Ben", False), ("", False)])
def test_names_match_whole_and_in_any_case_and_spacing(text, named):
    assert name_finder(["Ben  Carter", "  "])(text) is named
