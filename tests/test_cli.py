"""The installed `handbook` command, run as a manager would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from handbook.model import Version

from gitrepo import GitRepo
from sites import EXAMPLE_TODAY, REPO, policy, write_site

HANDBOOK = str(Path(sys.executable).parent / "handbook")


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([HANDBOOK, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_example_handbook_checks_clean():
    result = run("check", "--format", "json", cwd=REPO, HANDBOOK_TODAY=EXAMPLE_TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["warnings"] == 0
    assert report["documents"] >= 40
    statuses = {r["review_status"] for r in report["reviews"]}
    assert statuses == {"current", "due-soon", "overdue", "draft", "superseded", "retired"}


def test_example_has_enough_documents_and_lessons():
    result = run("check", "--format", "json", cwd=REPO, HANDBOOK_TODAY=EXAMPLE_TODAY)
    reviews = json.loads(result.stdout)["reviews"]
    controlled = [r for r in reviews if r["type"] in ("policy", "procedure", "guidance", "form")]
    assert len(controlled) >= 20
    revised = [r for r in controlled if Version.parse(r["version"]) > Version(1, 0)]
    assert len(revised) >= 20
    lessons = list((REPO / "docs" / "lessons").glob("*.md"))
    assert len(lessons) >= 6


def test_broken_document_exits_1_and_names_file_field_and_line(tmp_path):
    write_site(tmp_path, {"policies/online-safety.md": policy(
        "online-safety", review_every=None, review_by="01/09/2026")})
    result = run("check", "docs", cwd=tmp_path)
    assert result.returncode == 1
    assert ("docs/policies/online-safety.md: review_by: expected a date like 2026-09-01, "
            "got '01/09/2026' (line ") in result.stdout


def test_missing_config_file_is_a_clear_error(tmp_path):
    result = run("check", "-f", "nowhere.yml", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere.yml: no such file" in result.stderr


def test_schema_prints_json():
    result = run("schema", cwd=REPO)
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "Safeguarding handbook front matter"


def test_history_says_until_the_day_the_next_version_takes_over(history_repo):
    result = run("history", cwd=history_repo.root)
    assert "  1.1    approved   in force from 2024-06-01 until 2025-01-14; " in result.stdout
    assert "  2.1    approved   in force since 2025-03-01; Tidied wording." in result.stdout
    assert " to now" not in result.stdout


def test_asof_json_keeps_the_history_problems(history_repo):
    """The text report warns about versioning slips; the JSON must not drop them."""
    result = run("asof", "2024-12-31", "--format", "json", cwd=history_repo.root)
    assert result.returncode == 0, result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert any(p["path"] == "docs/policies/online.md" and "went backwards" in p["message"]
               for p in problems), problems


def test_init_inside_a_repository_commits_only_the_new_folder(tmp_path):
    """`handbook init` in a subfolder of a repository leaves the user's other work alone."""
    outer = GitRepo(tmp_path / "outer")
    outer.commit("Existing work", "2024-01-01", **{"notes.txt": "mine\n"})
    outer.write("notes.txt", "mine, edited\n")
    outer.write("staged.txt", "staged\n")
    outer.git("add", "staged.txt")
    outer.write("untracked.txt", "not yet\n")
    result = run("init", "handbook", cwd=outer.root)
    assert result.returncode == 0, result.stderr
    assert "committed the starter handbook to git" in result.stdout
    committed = outer.git("show", "--name-only", "--format=", "HEAD").split()
    assert committed and all(name.startswith("handbook/") for name in committed)
    assert "handbook/mkdocs.yml" in committed
    status = outer.git("status", "--porcelain").splitlines()
    assert set(status) == {" M notes.txt", "A  staged.txt", "?? untracked.txt"}
