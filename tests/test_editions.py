"""Editions with mike, the publishing workflow, `handbook init` and `handbook new`."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import tarfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from handbook import editions
from handbook.cli.driver import _parser
from handbook.cli.driver import main as handbook
from handbook.scaffold import STARTER

from gitrepo import GitRepo
from sites import BOTH_HOOKS, REPO, build, fill_in, policy, site_config

CONFIG = site_config("Editions test", site_url="https://handbook.example.org/",
                     custom_dir="overrides", hooks=BOTH_HOOKS, hooks_dir="hooks",
                     extra={"version": {"provider": "mike", "default": "latest"}})


def make_repo(root: Path) -> GitRepo:
    repo = GitRepo(root)
    repo.write("mkdocs.yml", CONFIG)
    for name in ("hooks/review_dates.py", "hooks/signoff.py", "overrides/main.html"):
        repo.write(name, (STARTER / name).read_text())
    repo.write("docs/index.md", "# Home\n")
    repo.write("docs/policies/p.md", policy("p", title="Policy P", approved="2026-09-01",
                                             sign_off=["I read it."]))
    repo.write("docs/policies/gone.md", policy("gone", title="Old policy", approved="2026-09-01"))
    repo.commit("Start", "2026-09-01")
    return repo


def gh_pages(repo: GitRepo, path: str) -> str:
    return repo.git("show", f"gh-pages:{path}")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Two editions: October with an old policy, November without it."""
    repo = make_repo(tmp_path_factory.mktemp("editions") / "handbook")
    mp = pytest.MonkeyPatch()
    mp.chdir(repo.root)
    mp.setenv("HANDBOOK_TODAY", "2026-11-20")
    try:
        assert handbook(["publish", "2026-10", "--title", "October 2026",
                         "--date", "2026-10-01"]) == 0
        (repo.root / "docs/policies/gone.md").unlink()
        repo.commit("Withdraw the old policy", "2026-11-01")
        assert handbook(["publish", "2026-11", "--title", "November 2026",
                         "--date", "2026-11-01"]) == 0
    finally:
        mp.undo()
    return repo


def test_versions_json_lists_both_with_the_alias_on_the_newer(published):
    versions = json.loads(gh_pages(published, "versions.json"))
    assert [(v["version"], v["title"], v["aliases"], v["properties"]["published"])
            for v in versions] == [("2026-11", "November 2026", ["latest"], "2026-11-01"),
                                   ("2026-10", "October 2026", [], "2026-10-01")]
    redirect = gh_pages(published, "index.html")
    assert "latest/" in redirect  # readers land on the current edition


def test_each_edition_names_itself_on_every_page(published):
    october = gh_pages(published, "2026-10/policies/p/index.html")
    november = gh_pages(published, "2026-11/policies/p/index.html")
    assert "Edition October 2026, published 1 October 2026." in october
    assert "Edition November 2026, published 1 November 2026." in november
    pack = gh_pages(published, "2026-11/inspection/index.html")
    assert "in the edition\nNovember 2026, published 1 November 2026" in pack
    # The archived banner: Material shows it on an edition that is not the default.
    assert "You are reading the edition of 1 October 2026" in october
    assert "data-handbook-current-edition" in october
    assert gh_pages(published, "2026-10/policies/gone/index.html")
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"],
                             cwd=published.root, capture_output=True, text=True).stdout
    assert "2026-11/policies/gone/index.html" not in listing


def test_editions_command_lists_them(published, capsys, monkeypatch):
    monkeypatch.chdir(published.root)
    assert handbook(["editions"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["2026-11", "2026-11-01", "November", "2026", "[latest]"]
    assert lines[1].split() == ["2026-10", "2026-10-01", "October", "2026"]


def test_publish_refuses_broken_documents_and_overdue_reviews(tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo.root)
    repo.commit("Break a date", "2026-09-02", **{"docs/policies/p.md": policy(
        "p", title="Policy P", review_every=None, review_by="01/09/2027")})
    assert handbook(["publish", "2026-09"]) == 1
    out = capsys.readouterr().out
    assert "review_by: expected a date like 2026-09-01, got '01/09/2027'" in out
    assert "Not published: fix the 1 errors above first." in out
    repo.commit("Fix the date", "2026-09-03", **{"docs/policies/p.md": policy(
        "p", title="Policy P", approved="2025-06-01")})  # review due 1 June 2026
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-09-10")
    assert handbook(["publish", "2026-09"]) == 1
    out = capsys.readouterr().out
    assert "OVERDUE: docs/policies/p.md: Review overdue by 3 months" in out
    assert "publish anyway with --allow-overdue" in out
    branches = subprocess.run(["git", "branch", "--list", "gh-pages"], cwd=repo.root,
                              capture_output=True, text=True).stdout
    assert branches == ""  # nothing was published
    assert handbook(["publish", "2026-09", "--allow-overdue"]) == 0
    assert json.loads(gh_pages(repo, "versions.json"))[0]["version"] == "2026-09"


def test_publish_refuses_an_internal_build(tmp_path, capsys, monkeypatch):
    """An internal build carries staff names: it must never become an edition."""
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-09-10")
    monkeypatch.setenv("HANDBOOK_INTERNAL", "1")
    assert handbook(["publish", "2026-09"]) == 1
    assert "Not published: HANDBOOK_INTERNAL is set" in capsys.readouterr().out
    monkeypatch.delenv("HANDBOOK_INTERNAL")
    config = yaml.safe_load(CONFIG)
    config["plugins"] = ["search", {"handbook": {"internal": True}}]
    repo.commit("Internal", "2026-09-02", **{"mkdocs.yml": yaml.safe_dump(config)})
    assert handbook(["publish", "2026-09"]) == 1
    assert "Not published: the handbook plugin has internal: true in mkdocs.yml" in \
        capsys.readouterr().out
    branches = subprocess.run(["git", "branch", "--list", "gh-pages"], cwd=repo.root,
                              capture_output=True, text=True).stdout
    assert branches == ""


def test_mike_never_sees_handbook_internal(tmp_path, monkeypatch):
    """Even called directly with HANDBOOK_INTERNAL set, deploy builds the public edition."""
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-09-10")
    monkeypatch.setenv("HANDBOOK_INTERNAL", "1")
    editions.deploy((repo.root / "mkdocs.yml").resolve(), "2026-09", title="September",
                    alias="latest", published=date(2026, 9, 10), branch="gh-pages",
                    remote="origin", push=False)
    listing = repo.git("ls-tree", "-r", "--name-only", "gh-pages")
    assert "2026-09/policies/p/index.html" in listing
    assert "2026-09/sign-off/index.html" not in listing  # the internal register


def test_refresh_keeps_an_editions_title_and_date(published, capsys, monkeypatch):
    monkeypatch.chdir(published.root)
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-11-25")
    assert handbook(["publish", "2026-11", "--refresh", "--allow-overdue"]) == 0
    versions = json.loads(gh_pages(published, "versions.json"))
    assert versions[0]["title"] == "November 2026"
    assert versions[0]["properties"]["published"] == "2026-11-01"
    assert handbook(["publish", "2027-01", "--refresh"]) == 1
    assert "there is no edition 2027-01" in capsys.readouterr().out


@pytest.fixture(scope="module")
def served_editions(published, tmp_path_factory):
    from conftest import serve

    folder = tmp_path_factory.mktemp("gh-pages")
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=published.root,
                             capture_output=True, check=True).stdout
    tar = folder / "site.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as handle:
        handle.extractall(folder / "site", filter="data")
    with serve(folder / "site") as url:
        yield url


@pytest.mark.browser
def test_switch_editions_with_the_selector_and_see_the_banner(page, served_editions):
    page.goto(served_editions + "2026-11/policies/p/")
    assert page.locator("[data-md-component=outdated]").is_hidden()
    page.locator(".md-version__current").focus()  # the list opens on focus, for keyboards
    page.locator(".md-version__list").get_by_text("October 2026").click()
    page.wait_for_url("**/2026-10/policies/p/")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for()
    assert "You are reading the edition of 1 October 2026" in banner.inner_text()
    current = banner.locator("[data-handbook-current-edition]")
    expect(current).to_have_text("November 2026")
    assert current.get_attribute("href").endswith("/latest/policies/p/")
    current.click()
    page.wait_for_url("**/latest/policies/p/")


@pytest.mark.browser
def test_search_works_inside_each_edition(page, served_editions):
    page.goto(served_editions + "2026-10/")
    page.wait_for_load_state("networkidle")
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially("old policy")
    page.locator(".md-search-result__item").first.wait_for()
    links = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert any("policies/gone/" in href for href in links)
    assert all("/2026-10/" in href for href in links)


@pytest.mark.browser
def test_banner_link_falls_back_to_the_current_home_page(page, served_editions):
    page.goto(served_editions + "2026-10/policies/gone/")
    expect(page.locator("[data-handbook-current-edition]")).to_have_text("November 2026")
    href = page.locator("[data-handbook-current-edition]").get_attribute("href")
    assert href.endswith("/latest/")


# Scaffolding ---------------------------------------------------------------

def test_init_builds_strict_once_placeholders_are_filled(tmp_path, capsys):
    target = tmp_path / "new-handbook"
    assert handbook(["init", str(target)]) == 0
    assert "committed the starter handbook to git" in capsys.readouterr().out
    result = build(target, strict=True)
    assert result.aborted
    warnings = [m for m in result.warnings() if not m.startswith("Aborted")]
    assert warnings
    assert all("still has the placeholder [FILL IN" in m and re.search(r"\(line \d+\)$", m)
               for m in warnings), warnings
    named = {m.split(":")[1].strip() for m in warnings}
    assert any(name.startswith("docs/policies/") for name in named)
    assert fill_in(target) == len(warnings)
    done = build(target, strict=True, site_dir=tmp_path / "site2")
    assert not done.aborted, done.warnings()
    assert done.exists("history/index.html") and done.exists("reviews/index.html")


def test_init_fills_in_the_settings_name_as_written(tmp_path, capsys):
    """`--setting-name` reaches the home page, which the web editor has no form for, and
    is text, never Markdown or HTML."""
    target = tmp_path / "named"
    name = "St Mary's <b>Tiny</b> *Tots* & [Co]"
    assert handbook(["init", str(target), "--setting-name", name]) == 0
    assert "name of the setting]" not in "".join(
        p.read_text(encoding="utf-8") for p in (target / "docs").rglob("*.md"))
    fill_in(target)
    built = build(target, strict=True)
    assert not built.aborted, built.warnings()
    home = built.html("index.html").select_one("article")
    assert f"safeguarding handbook for {name}." in " ".join(home.get_text().split())
    assert home.find("b") is None and home.find("em") is None
    for blank in ("", "   ", "[FILL IN: name of the setting]"):
        assert handbook(["init", str(tmp_path / "blank"), "--setting-name", blank]) == 2
        assert "--setting-name" in capsys.readouterr().err
    assert not (tmp_path / "blank").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert handbook(["init", str(tmp_path)]) == 2
    assert "is not empty" in capsys.readouterr().err


@pytest.mark.parametrize(("kind", "title", "folder"), [
    ("policy", "Use of CCTV & cameras", "policies"), ("lesson", "Star Hobson", "lessons"),
])
def test_new_document_is_flagged_until_filled(tmp_path, capsys, monkeypatch, kind, title,
                                              folder):
    target = tmp_path / "h"
    handbook(["init", str(target)])
    fill_in(target)
    monkeypatch.chdir(target)
    capsys.readouterr()
    assert handbook(["new", kind, title]) == 0
    out = capsys.readouterr().out
    doc_id = re.search(r"\(id: ([a-z0-9-]+),", out).group(1)
    path = target / "docs" / folder / f"{doc_id}.md"
    assert path.exists()
    assert "appears in the navigation by itself" in out
    assert handbook(["check"]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines() if line.startswith("ERROR")]
    assert problems and all("still has the placeholder" in p for p in problems)
    fill_in(target)
    assert handbook(["check", "--fail-on", "never"]) == 0, capsys.readouterr().out
    assert handbook(["new", kind, title]) == 0  # a second one gets its own id
    assert f"id: {doc_id}-2" in capsys.readouterr().out


def test_new_policy_id_comes_from_the_title(tmp_path, capsys, monkeypatch):
    handbook(["init", str(tmp_path / "h")])
    monkeypatch.chdir(tmp_path / "h")
    handbook(["new", "policy", "Use of CCTV & Cameras"])
    assert (tmp_path / "h/docs/policies/use-of-cctv-cameras.md").exists()


def test_new_never_reuses_an_id_a_draft_still_holds(tmp_path, capsys, monkeypatch):
    """A fresh draft is invalid (placeholders), but its id is taken all the same.

    The starter already has an online-safety policy, with placeholders too."""
    handbook(["init", str(tmp_path / "h")])
    monkeypatch.chdir(tmp_path / "h")
    capsys.readouterr()
    assert handbook(["new", "policy", "Online safety"]) == 0
    assert handbook(["new", "guidance", "Online safety"]) == 0
    ids = re.findall(r"\(id: ([a-z0-9-]+),", capsys.readouterr().out)
    assert ids == ["online-safety-2", "online-safety-3"]
    assert handbook(["check"]) == 1
    assert "already the id of" not in capsys.readouterr().out


def test_repo_hooks_and_overrides_are_the_starters():
    """The example is a handbook like any other: same hooks, same theme overrides."""
    for name in ("hooks/review_dates.py", "hooks/signoff.py", "overrides/main.html"):
        assert (REPO / name).read_text() == (STARTER / name).read_text(), name


# The workflow ---------------------------------------------------------------

def test_workflow_parses_and_calls_commands_that_exist():
    workflow = yaml.safe_load((REPO / ".github/workflows/handbook.yml").read_text())
    assert set(workflow["jobs"]) == {"check", "properdocs", "publish", "refresh"}
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads "on"
    assert {"pull_request", "push", "schedule"} <= set(triggers)
    handbook_commands = set(_parser()._subparsers._group_actions[0].choices)
    make_targets = set(re.findall(r"^([a-z]+):", (REPO / "Makefile").read_text(), re.M))
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
            if "run" in step]
    assert runs
    for run in runs:
        for command in re.split(r"\s*&&\s*", run.strip()):
            words = shlex.split(command.replace("$(", "").replace(")", ""))
            program = Path(words[0]).name
            if program == "handbook":
                assert words[1] in handbook_commands, command
            elif program == "make":
                assert words[1] in make_targets, command
            elif program in ("mkdocs", "properdocs"):
                assert words[1] == "build", command
            else:
                assert program in {"git", "python"}, command
    for job in workflow["jobs"].values():
        checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout")]
        assert checkouts[0]["with"]["fetch-depth"] == 0  # full history for policy history


def bare_remote(repo: GitRepo, tmp_path: Path, *, reject: bool = False) -> Path:
    """A bare repository as `origin`; with `reject`, a pre-receive hook refuses every push."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    if reject:
        hook = remote / "hooks" / "pre-receive"
        hook.write_text("#!/bin/sh\necho 'pushes are closed today' >&2\nexit 1\n")
        hook.chmod(0o755)
    repo.git("remote", "add", "origin", remote.as_uri())
    return remote


def branches(folder: Path) -> str:
    return subprocess.run(["git", "for-each-ref", "--format=%(refname) %(objectname)"],
                          cwd=folder, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", ["2026 11", "../up", "nov/26", ".hidden", "two..dots", "é"])
def test_publish_refuses_a_name_that_is_not_letters_digits_dots_hyphens(
        name, tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo.root)
    assert handbook(["publish", name]) == 1
    out = capsys.readouterr().out
    assert f"Not published: the edition name {name!r} may use only letters, digits, dots and " \
           "hyphens" in out
    assert "gh-pages" not in branches(repo.root)  # refused before mike ran


def test_publish_refuses_uncommitted_changes(tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo.root)
    repo.write("docs/index.md", "# Home, edited\n")
    repo.write("docs/policies/new.md", "draft\n")
    repo.write("hooks/review_dates.py", "# changed\n")
    repo.write("notes.txt", "not part of the site\n")
    assert handbook(["publish", "2026-11"]) == 1
    out = capsys.readouterr().out
    assert "Not published: these files have changes that are not committed" in out
    listed = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    assert sorted(listed) == ["docs/index.md", "docs/policies/new.md", "hooks/review_dates.py"]
    assert "Commit them (git add, then git commit), or undo them" in out
    assert "gh-pages" not in branches(repo.root)


def test_publish_refuses_an_existing_name_unless_replace_and_hides_mikes_noise(
        tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo.root)
    assert handbook(["publish", "2026-10", "--date", "2026-10-01"]) == 0
    capsys.readouterr()
    before = repo.git("rev-parse", "gh-pages")
    assert handbook(["publish", "2026-10"]) == 1
    out = capsys.readouterr().out
    assert ("Not published: there is already an edition 2026-10 on gh-pages (published "
            "2026-10-01). Choose a new name, or publish over it with --replace.") in out
    assert repo.git("rev-parse", "gh-pages") == before
    assert handbook(["publish", "2026-10", "--replace", "--date", "2026-10-02"]) == 0
    captured = capsys.readouterr()
    # The default already pointed at latest: mike's empty commit warning is not shown.
    assert "nothing changed in commit" not in captured.err + captured.out
    assert "Published edition 2026-10" in captured.out
    assert json.loads(gh_pages(repo, "versions.json"))[0]["properties"]["published"] \
        == "2026-10-02"


def test_publish_says_what_is_pushed_and_pushes_the_source_when_asked(
        tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path / "handbook")
    remote = bare_remote(repo, tmp_path)
    monkeypatch.chdir(repo.root)
    assert handbook(["publish", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert "gh-pages is NOT pushed: readers will not see it until you run: " \
           "git push origin gh-pages" in out
    head = repo.git("rev-parse", "--short", "HEAD").strip()
    assert (f"The source (branch main at {head}) is NOT on origin: the text this edition was "
            "built from is only on this computer. Run git push origin main, or publish with "
            "--push-source next time.") in out
    repo.commit("Tag it", "2026-10-02")
    repo.git("tag", "edition-2026-11")
    assert handbook(["publish", "2026-11", "--push", "--push-source"]) == 0
    out = capsys.readouterr().out
    head = repo.git("rev-parse", "--short", "HEAD").strip()
    assert "gh-pages is pushed to origin" in out
    assert f"The source (branch main at {head}) is pushed to origin." in out
    pushed = branches(remote)
    assert f"refs/heads/gh-pages {repo.git('rev-parse', 'gh-pages').strip()}" in pushed
    assert f"refs/heads/main {repo.git('rev-parse', 'HEAD').strip()}" in pushed
    assert "refs/tags/edition-2026-11" in pushed
    assert handbook(["publish", "2026-12", "--push"]) == 0
    assert f"The source (branch main at {head}) is already on origin." in capsys.readouterr().out


def test_a_failed_push_leaves_gh_pages_as_it_was(tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo.root)
    assert handbook(["publish", "2026-10"]) == 0
    before = branches(repo.root)
    bare_remote(repo, tmp_path, reject=True)
    capsys.readouterr()
    assert handbook(["publish", "2026-11", "--push"]) == 1
    out = capsys.readouterr().out
    assert "Not published: pushing gh-pages to origin failed:" in out
    assert "pushes are closed today" in out
    assert ("gh-pages is put back as it was on this computer, so nothing changed. Fix the "
            "problem, then run: handbook publish 2026-11 --push") in out
    assert branches(repo.root) == before
    assert [e.name for e in editions.list_editions(repo.root)] == ["2026-10"]


def test_editions_delete_refuses_the_default_unless_forced(tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo.root)
    assert handbook(["publish", "2026-10"]) == 0
    assert handbook(["publish", "2026-11"]) == 0
    capsys.readouterr()
    assert handbook(["editions", "delete", "2026-12"]) == 1
    assert ("Not deleted: there is no edition 2026-12 on gh-pages (editions: 2026-11, "
            "2026-10).") in capsys.readouterr().out
    assert handbook(["editions", "delete", "2026-11"]) == 1
    out = capsys.readouterr().out
    assert "Not deleted: 2026-11 is the edition readers land on (latest points to it)." in out
    assert handbook(["editions", "delete", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert "Deleted edition 2026-10 from gh-pages" in out
    assert "gh-pages is NOT pushed: readers still see 2026-10 until you run: " \
           "git push origin gh-pages" in out
    assert [e.name for e in editions.list_editions(repo.root)] == ["2026-11"]
    assert handbook(["editions", "delete", "2026-11", "--force"]) == 0
    assert editions.list_editions(repo.root) == []
