"""`make demo`: the example rebuilt from a scripted repository with a 2019-2026 history.

One real repository and one real strict build for the whole session (conftest's
`demo_repo` and `demo_build`); every check reads what they produced.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from contextlib import redirect_stdout
from pathlib import Path
from urllib.parse import urljoin

from handbook.cli.driver import main as handbook

from sites import REPO, Built, lesson, policy


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


def history_rows(built: Built, doc_id: str) -> list:
    table = built.html(f"history/{doc_id}/index.html").select_one("article table")
    return table.select("tbody tr")


def run_handbook(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = handbook(list(argv))
    return code, out.getvalue()


def test_the_build_has_no_history_warnings(demo_build):
    assert demo_build.warnings() == []


def test_commits_run_from_2019_to_2026_and_end_at_the_example(demo_repo):
    years = git(demo_repo, "log", "--format=%ad", "--date=format:%Y").split()
    assert years[-1] == "2019" and years[0] == "2026"
    assert len(set(years)) == 8
    assert git(demo_repo, "status", "--porcelain") == ""
    shipped = set(git(REPO, "ls-files", "docs", "mkdocs.yml", "hooks", "overrides", "includes",
                      "records").split())
    assert shipped <= set(git(demo_repo, "ls-files").split())
    for path in shipped:
        assert (demo_repo / path).read_bytes() == (REPO / path).read_bytes(), path


def test_child_protection_has_at_least_four_versions_each_with_a_diff(demo_build):
    rows = history_rows(demo_build, "child-protection")
    assert len(rows) >= 4
    page = "history/child-protection/"
    diffs = [a["href"] for row in rows for a in row.select("a") if a.get_text() == "Changes"]
    assert len(diffs) == len(rows) - 1  # every version but the first
    marks = set()
    for href in diffs:
        target = urljoin(page, href) + "index.html"
        assert demo_build.exists(target), target
        changed = demo_build.html(target).select(".handbook-diff ins, .handbook-diff del, "
                                                 "article table ins, article table del")
        assert changed, f"{target} shows no change"
        marks |= {tag.name for tag in changed}
    assert marks == {"ins", "del"}


def test_annual_reviews_editorial_fixes_and_a_major_change_after_a_lesson(demo_build):
    rows = history_rows(demo_build, "child-protection")
    versions = [row.th.get_text(strip=True) for row in rows]
    summaries = [row.select("td")[3].get_text(" ", strip=True) for row in rows]
    approved = [row["data-from"] for row in rows]
    assert approved == sorted(approved, reverse=True) and len(set(approved)) == len(rows)
    assert any(s.startswith("Editorial") for s in summaries)
    after_lesson = [v for v, s in zip(versions, summaries, strict=True)
                    if s.startswith("After the lesson from")]
    assert len(after_lesson) == 1 and after_lesson[0].endswith(".0")
    assert len({v.split(".")[0] for v in versions}) >= 2
    # The section the lesson brought is new in that version's text.
    summary = summaries[versions.index(after_lesson[0])]
    section = summary.split("the section '")[1].split("'")[0]
    before = versions[versions.index(after_lesson[0]) + 1]
    text = {v: demo_build.html(f"history/child-protection/{v}/index.html").select_one(
        "article").get_text() for v in (before, after_lesson[0])}
    assert section in text[after_lesson[0]] and section not in text[before]


def test_superseded_and_retired_policies_end_that_way(demo_build):
    for doc_id, status in (("mobile-phones-2023", "superseded"), ("covid-addendum", "retired")):
        rows = history_rows(demo_build, doc_id)
        statuses = [row.select("td")[0].get_text(strip=True) for row in rows]
        assert statuses[0] == status, doc_id
        assert len(rows) >= 2 and set(statuses[1:]) == {"approved"}, doc_id
        assert row_has_an_end(rows[0]), doc_id


def row_has_an_end(row) -> bool:
    return bool(row.get("data-to"))


def test_the_lesson_review_was_merged_from_a_branch(demo_repo, demo_build):
    merges = git(demo_repo, "log", "--merges", "--format=%H %P").split("\n")
    merge, main_parent, branch_tip = merges[0].split()
    on_branch = git(demo_repo, "log", "--format=%h", f"{main_parent}..{branch_tip}").split()
    assert on_branch
    touched = git(demo_repo, "diff", "--name-only", main_parent, merge).split()
    assert "docs/policies/child-protection.md" in touched
    # The version approved on the branch shows the branch's commits on its history row.
    page = demo_build.html("history/child-protection/index.html").get_text()
    assert any(commit in page for commit in on_branch)


def test_asof_2021_gives_an_older_version(demo_repo):
    config = str(demo_repo / "mkdocs.yml")
    code, text = run_handbook("asof", "2021-06-01", "--format", "json", "-f", config)
    assert code == 0
    found = {d["id"]: d for d in json.loads(text)["documents"]}
    current = demo_repo.joinpath("docs/policies/child-protection.md").read_text()
    then = found["child-protection"]["version"]
    assert then and f'version: "{then}"' not in current
    assert found["covid-addendum"]["version"]  # in force in 2021, retired since
    assert found["mobile-phones-2023"]["version"]
    code, text = run_handbook("asof", "2026-12-01", "--format", "json", "-f", config)
    now = {d["id"]: d for d in json.loads(text)["documents"]}
    assert now["covid-addendum"]["version"] is None
    assert now["mobile-phones-2023"]["version"] is None
    assert f'version: "{now["child-protection"]["version"]}"' in current


def test_the_inspection_pack_counts_the_versions(demo_build):
    pack = demo_build.html("inspection/index.html")
    row = next(tr for tr in pack.select("article table tbody tr")
               if tr.find("a", href=lambda h: h and "policies/child-protection/" in h))
    count = int(row.select("td")[-1].get_text(strip=True))
    assert count == len(history_rows(demo_build, "child-protection")) >= 4


def test_a_policy_renamed_when_superseded_keeps_its_history(demo_repo):
    code, text = run_handbook("history", "--format", "json", "-f", str(demo_repo / "mkdocs.yml"))
    assert code == 0  # no versioning rule broken anywhere in the story
    documents = {d["id"]: d for d in json.loads(text)["documents"]}
    renamed = [d for d in documents.values() if d["path"].endswith(("-2023.md", "-2024.md"))]
    assert renamed, "the example has a withdrawn policy whose file name ends in its year"
    for doc in renamed:
        paths = {c["path"] for c in doc["commits"]}
        assert len(paths) == 2 and len(doc["versions"]) >= 2, doc["id"]


def test_the_story_follows_whatever_the_example_holds(tmp_path, demo_module):
    """Other work changes the example's documents; the demo derives its past from them
    at run time, so a new MAJOR version, a new policy and a new lesson just fit in."""
    source = tmp_path / "example"
    for name in ("docs", "mkdocs.yml", "hooks", "overrides", "includes", "records"):
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
        copy(REPO / name, source / name)
    cp = source / "docs/policies/child-protection.md"
    text = cp.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^version: .*$', 'version: "9.0"', text)
    text = re.sub(r"(?m)^approved: .*$", "approved: 2026-11-30", text)
    text = re.sub(r"(?ms)^change_summary: .*?(?=^\w)", "change_summary: A big change.\n", text)
    cp.write_text(text.replace("## Records", "## Records kept", 1), encoding="utf-8")
    (source / "docs/policies/safer-eating.md").write_text(policy(
        "safer-eating", version="1.0", approved="2026-10-05",
        body="## Choking\n\nStaff sit with children while they eat.\n"), encoding="utf-8")
    (source / "docs/lessons/new-lesson.md").write_text(lesson(
        "new-lesson", review_year=2024), encoding="utf-8")
    repo = demo_module.make_repo(tmp_path / "repo", source)
    code, text = run_handbook("history", "--format", "json", "-f", str(repo / "mkdocs.yml"))
    assert code == 0, text
    documents = {d["id"]: d for d in json.loads(text)["documents"]}
    versions = [v["version"] for v in documents["child-protection"]["versions"]]
    assert versions[-1] == "9.0" and len(versions) >= 10
    assert [v["version"] for v in documents["safer-eating"]["versions"]] == ["1.0"]
    assert documents["new-lesson"]["created"]["date"].startswith("2024-07-01")
