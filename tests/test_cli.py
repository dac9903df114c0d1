"""The installed `handbook` command, run as a manager would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from handbook.model import Version

from gitrepo import GitRepo
from history_scenario import make_two_versions
from sites import EXAMPLE_TODAY, REPO, build, policy, site_config, write_site

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


# Clashes: the author's files published where the handbook generates a page or file.

CLASHES = {  # the author's file -> where the handbook generates something there
    "docs/reviews.md": "reviews/index.md",  # the review register
    "docs/reviews.ics": "reviews.ics",  # its calendar, written after the build
    "docs/history/p.md": "history/p/index.md",  # p's history page
    "docs/history/q/index.md": "history/q/index.md",  # q's, stamped from p's
    "docs/history/p/diff/1.0-1.1.md": "history/p/diff/1.0-1.1/index.md",  # a diff
    "docs/amendments.xml": "amendments.xml",  # the amendments feed
    "docs/assets/handbook/handbook.js": "assets/handbook/handbook.js",
}


def clash_errors(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """The file named by each clash in `handbook check --format json`, and what it meets."""
    report = json.loads(result.stdout)
    return {p["path"]: p["message"] for p in report["problems"]
            if "where the handbook generates" in p["message"]}


def build_clashes(root: Path) -> dict[str, str]:
    """The same, from a real strict build's log."""
    built = build(root, strict=True)
    assert built.aborted
    found = {}
    for message in built.warnings():
        path, _, text = message.removeprefix("handbook: ").partition(": ")
        if "where the handbook generates" in text:
            found[path] = text
    return found


def test_check_reports_each_clash_with_a_generated_page_as_the_strict_build_does(tmp_path):
    config = site_config(handbook={"fail_on": "never"})
    repo = make_two_versions(tmp_path / "handbook", config,
                         {path: "# Mine\n" for path in CLASHES}
                         | {"docs/lessons/index.md": "# Our lessons\n"})
    result = run("check", "--format", "json", cwd=repo.root, HANDBOOK_TODAY=EXAMPLE_TODAY)
    assert result.returncode == 1, result.stdout + result.stderr
    assert json.loads(result.stdout)["errors"] == len(CLASHES)
    found = clash_errors(result)
    for path, generated in CLASHES.items():
        assert f"where the handbook generates {generated};" in found[path], path
        assert "rename or move your file" in found[path]
    # The handbook's own lessons index replaces ours: not a clash, in either.
    assert set(found) == set(CLASHES)
    assert build_clashes(repo.root) == found
    given = run("check", "docs", "--format", "json", cwd=repo.root, HANDBOOK_TODAY=EXAMPLE_TODAY)
    assert clash_errors(given) == found  # the docs folder named on the command line
    text = run("check", cwd=repo.root, HANDBOOK_TODAY=EXAMPLE_TODAY)
    assert text.returncode == 1
    assert ("ERROR: docs/reviews.md: is published at reviews/index.html, where the handbook "
            "generates reviews/index.md; the two would replace each other, so the generated "
            "one is left out: rename or move your file\n") in text.stdout
    assert f"{len(CLASHES)} errors" in text.stdout


def test_check_follows_use_directory_urls_and_the_options(tmp_path):
    """Without directory URLs docs/reviews.md is reviews.html: no clash. The sign-off
    register is generated only in internal builds, the editor's files with `editor`."""
    config = site_config(handbook={"fail_on": "never", "history": False})
    config += "use_directory_urls: false\n"
    files = {"docs/reviews.md": "# Mine\n", "docs/sign-off.md": "# Mine\n",
             "docs/admin/index.html": "<p>mine</p>\n"}
    repo = make_two_versions(tmp_path / "handbook", config, files)
    result = run("check", "--format", "json", cwd=repo.root, HANDBOOK_TODAY=EXAMPLE_TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not build(repo.root, strict=True).aborted
    options = {"fail_on": "never", "history": False, "internal": True, "editor": True}
    (repo.root / "mkdocs.yml").write_text(
        site_config(handbook=options) + "use_directory_urls: false\n", encoding="utf-8")
    result = run("check", "--format", "json", cwd=repo.root, HANDBOOK_TODAY=EXAMPLE_TODAY)
    assert result.returncode == 1
    found = clash_errors(result)
    assert set(found) == {"docs/admin/index.html"}
    assert build_clashes(repo.root) == found


def test_check_passes_a_handbook_without_clashes(tmp_path):
    repo = make_two_versions(tmp_path / "handbook", site_config(handbook={"fail_on": "never"}),
                         {"docs/guidance/reviews.md": "# Not at the top\n"})
    result = run("check", "--format", "json", cwd=repo.root, HANDBOOK_TODAY=EXAMPLE_TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not clash_errors(result)
    built = build(repo.root, strict=True)
    assert not built.aborted, built.warnings()
