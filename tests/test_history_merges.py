"""History along the first-parent line: merges, reverts, cherry-picks, dates out of order.

One real repository, one real build: every document's versions are checked in
`handbook history`, on its history page and on the history index, and
`handbook asof` must agree with the pages on every day a version starts or ends.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from handbook.cli.driver import main as handbook

from gitrepo import GitRepo
from history_scenario import CONFIG, own_words
from sites import build, policy


def doc(doc_id: str, version: str, approved: str, words: str, **fields: object) -> str:
    return policy(doc_id, version=version, approved=approved,
                  body=own_words(doc_id) + words + "\n", **fields)


def make_branchy(root) -> GitRepo:
    repo = GitRepo(root)
    repo.write("mkdocs.yml", CONFIG)
    repo.write("docs/index.md", "# Home\n")
    repo.commit("Start", "2024-01-10", **{
        f"docs/policies/{name}.md": doc(name, "1.0", "2024-01-10", "First.")
        for name in ("resolved", "brought", "dated", "reverted", "picked")})

    # resolved: a branch edits the policy, the line moves to 2.0, and the merge's
    # own resolution makes 3.0. The branch's 1.1 never reached the line.
    repo.git("checkout", "-q", "-b", "rewrite")
    repo.commit("Rewrite: a first go", "2024-02-15",
                **{"docs/policies/resolved.md": doc("resolved", "1.1", "2024-02-15", "Side.",
                                                   change_summary="Side.")})
    repo.git("checkout", "-q", "main")
    repo.commit("Resolved 2.0", "2024-03-01",
                **{"docs/policies/resolved.md": doc("resolved", "2.0", "2024-03-01", "Two.",
                                                    change_summary="Two.")})
    repo.git("merge", "-q", "-s", "ours", "--no-commit", "rewrite", date="2024-04-01")
    repo.write("docs/policies/resolved.md", doc("resolved", "3.0", "2024-04-01", "Three.",
                                                change_summary="Both drafts combined."))
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Merge the rewrite: combine both into 3.0",
             date="2024-04-01")

    # brought: a branch's change comes in with a plain merge.
    repo.git("checkout", "-q", "-b", "update", "HEAD")
    repo.commit("Brought 1.1: clearer steps", "2024-05-01",
                **{"docs/policies/brought.md": doc("brought", "1.1", "2024-05-01", "Clearer.",
                                                   change_summary="Clearer steps.")})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge the update", "update", date="2024-05-10")

    # dated: a branch commit older than the line's next version, approved on the
    # branch before that version came into force, merged after it.
    repo.git("checkout", "-q", "-b", "slow", "HEAD")
    repo.commit("Dated 2.0 on a slow branch", "2024-06-01",
                **{"docs/policies/dated.md": doc("dated", "2.0", "2024-06-01", "Slow.",
                                                 change_summary="Slow.")})
    repo.git("checkout", "-q", "main")
    repo.commit("Dated 1.1", "2024-07-01",
                **{"docs/policies/dated.md": doc("dated", "1.1", "2024-07-01", "Quick.",
                                                 change_summary="Quick.")})
    repo.git("merge", "-q", "-s", "ours", "--no-commit", "slow", date="2024-08-01")
    repo.write("docs/policies/dated.md", doc("dated", "2.0", "2024-06-01", "Slow.",
                                             change_summary="Slow."))
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Merge the slow branch", date="2024-08-01")

    # reverted: 1.1 is reverted, which brings back 1.0 with its old approval date.
    bad = repo.commit("Reverted 1.1", "2024-09-01",
                      **{"docs/policies/reverted.md": doc("reverted", "1.1", "2024-09-01",
                                                          "Wrong.", change_summary="Wrong.")})
    repo.git("revert", "--no-edit", bad, date="2024-10-01")

    # picked: a hotfix is cherry-picked onto the line, the line moves on, then
    # the hotfix branch is merged too, keeping the line's text where they differ.
    repo.git("checkout", "-q", "-b", "hotfix", "HEAD")
    repo.commit("Picked 1.1: hotfix", "2024-11-01",
                **{"docs/policies/picked.md": doc("picked", "1.1", "2024-11-01", "Fixed.",
                                                  change_summary="Fixed.")})
    hotfix = repo.git("rev-parse", "HEAD").strip()
    repo.commit("Hotfix notes", "2024-11-03", **{"docs/notes.md": "# Notes\n\nFixed.\n"})
    repo.git("checkout", "-q", "main")
    repo.git("cherry-pick", hotfix, date="2024-11-02")
    repo.commit("Picked 1.2", "2024-11-20",
                **{"docs/policies/picked.md": doc("picked", "1.2", "2024-11-20", "Fixed again.",
                                                  change_summary="Again.")})
    repo.git("merge", "-q", "--no-ff", "-X", "ours", "-m", "Merge the hotfix branch", "hotfix",
             date="2024-12-01")
    return repo


EXPECTED = {
    # id: [(version, in force from, until), ...] oldest first
    "resolved": [("1.0", "2024-01-10", "2024-03-01"), ("2.0", "2024-03-01", "2024-04-01"),
                 ("3.0", "2024-04-01", None)],
    "brought": [("1.0", "2024-01-10", "2024-05-01"), ("1.1", "2024-05-01", None)],
    "dated": [("1.0", "2024-01-10", "2024-07-01"), ("1.1", "2024-07-01", "2024-08-01"),
              ("2.0", "2024-08-01", None)],
    "reverted": [("1.0", "2024-01-10", "2024-09-01"), ("1.1", "2024-09-01", "2024-10-01"),
                 ("1.0", "2024-10-01", None)],
    "picked": [("1.0", "2024-01-10", "2024-11-01"), ("1.1", "2024-11-01", "2024-11-20"),
               ("1.2", "2024-11-20", None)],
}


@pytest.fixture(scope="module")
def branchy(tmp_path_factory) -> GitRepo:
    return make_branchy(tmp_path_factory.mktemp("branchy") / "handbook")


@pytest.fixture(scope="module")
def branchy_site(branchy):
    result = build(branchy.root, site_dir=branchy.root / "site")
    assert not result.aborted
    return result


def run_json(root, monkeypatch, capsys, *args: str) -> dict:
    monkeypatch.chdir(root)
    handbook([*args, "--format", "json"])
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def history(branchy, monkeypatch, capsys) -> dict:
    data = run_json(branchy.root, monkeypatch, capsys, "history")
    return {d["id"]: d for d in data["documents"]} | {"problems": data["problems"]}


def test_each_version_once_with_its_in_force_dates(history):
    for doc_id, expected in EXPECTED.items():
        found = [(v["version"], v["in_force_from"], v["in_force_to"])
                 for v in history[doc_id]["versions"]]
        assert found == expected, doc_id


def test_a_version_made_by_a_merge_is_listed(history):
    resolved = history["resolved"]
    assert [c["message"].split("\n")[0] for c in resolved["commits"]] == [
        "Merge the rewrite: combine both into 3.0", "Resolved 2.0", "Start"]
    assert resolved["updated"]["date"].startswith("2024-04-01")
    assert resolved["versions"][-1]["change_summary"] == "Both drafts combined."


def test_a_merged_change_is_credited_to_the_commit_that_wrote_it(history):
    brought = history["brought"]
    assert [c["message"] for c in brought["commits"]] == ["Brought 1.1: clearer steps", "Start"]
    assert brought["updated"]["date"].startswith("2024-05-01")


def test_a_cherry_pick_and_its_original_are_one_change(history):
    picked = history["picked"]
    assert [c["message"] for c in picked["commits"]] == [
        "Picked 1.2", "Picked 1.1: hotfix", "Start"]


def test_only_the_revert_goes_backwards(history):
    texts = [p["text"] for p in history["problems"]]
    assert len(texts) == 1, texts
    assert texts[0].startswith("docs/policies/reverted.md: version: went backwards from 1.1 "
                               "to 1.0")


def page_versions(site, doc_id: str) -> list[tuple[str, str]]:
    """(version, in-force wording) per row of the history page, oldest first."""
    page = site.html(f"history/{doc_id}/index.html")
    rows = page.select("table[data-handbook-versions] tbody tr")
    return [(r.th.get_text(), r.select("td")[1].get_text()) for r in reversed(rows)]


def long(day: str) -> str:
    value = date.fromisoformat(day)
    return f"{value.day} {value:%B %Y}"


def test_history_pages_list_each_version_once(branchy_site):
    for doc_id, expected in EXPECTED.items():
        wording = [(v, f"from {long(start)} until {long(end)}" if end else
                    f"since {long(start)}") for v, start, end in expected]
        assert page_versions(branchy_site, doc_id) == wording, doc_id
    # The live page and its history agree on the current version.
    live = branchy_site.html("policies/resolved/index.html")
    assert re.search(r"\b3\.0\b", live.select_one(".handbook-review").get_text())
    assert page_versions(branchy_site, "resolved")[-1][0] == "3.0"


def index_versions(site) -> dict[str, list[dict]]:
    page = site.html("history/index.html")
    found = {}
    for row in page.select("tr[data-versions]"):
        href = row.find("a", href=re.compile(r"^[a-z]+/$"))["href"]
        found[href.strip("/")] = json.loads(row["data-versions"])
    return found


def test_asof_agrees_with_the_history_pages(branchy, branchy_site, monkeypatch, capsys):
    pages = index_versions(branchy_site)
    assert set(EXPECTED) <= set(pages)
    days = {date(2024, 1, 9)}
    for versions in pages.values():
        for v in versions:
            for day in (v["from"], v["to"]):
                if day:
                    days |= {date.fromisoformat(day) - timedelta(days=1),
                             date.fromisoformat(day)}
    for day in sorted(days):
        data = run_json(branchy.root, monkeypatch, capsys, "asof", day.isoformat())
        said = {d["id"]: d["version"] for d in data["documents"]}
        for doc_id in EXPECTED:
            shown = [v["v"] for v in pages[doc_id] if v["from"] <= day.isoformat() and
                     (not v["to"] or day.isoformat() < v["to"])]
            assert len(shown) <= 1, (doc_id, day, shown)
            assert said[doc_id] == (shown[0] if shown else None), (doc_id, day)


def make_backwards(root):
    """A clock set wrong: Y is dated before X but made after it, then a merge."""
    repo = GitRepo(root)
    repo.commit("A", "2024-01-01", **{"docs/a.md": doc("a", "1.0", "2024-01-01", "One.")})
    repo.commit("X", "2024-05-01", **{"docs/a.md": doc("a", "1.1", "2024-05-01", "Two.",
                                                       change_summary="Two.")})
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("S", "2024-06-01", **{"docs/other.md": "# Other\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("Y", "2024-04-01", **{"docs/a.md": doc("a", "1.2", "2024-05-02", "Three.",
                                                       change_summary="Three.")})
    repo.git("merge", "-q", "--no-ff", "-m", "M", "side", date="2024-07-01")
    return repo


def test_the_line_order_wins_over_commit_dates(tmp_path):
    """git walks by date: a line whose dates go backwards comes out of its order."""
    from handbook.history.git_repo import find_repo
    from handbook.history.policy_versions import read_history

    repo = make_backwards(tmp_path / "backwards")
    assert repo.git("log", "--format=%s", "--", "docs").split() == ["M", "S", "X", "Y", "A"]
    found = read_history(find_repo(repo.root), "docs", {"docs/a.md": ""})
    history = found.documents["docs/a.md"]
    assert [r.commit.subject for r in history.revisions] == ["A", "X", "Y"]
    assert [str(v.version) for v in history.versions] == ["1.0", "1.1", "1.2"]
    assert not found.problems


def make_made_on_a_branch(root) -> GitRepo:
    """A policy written, edited and moved on a branch, then merged; one from the line
    edited and moved there; and an edit that reaches a topic branch through a merge
    of another branch before the line."""
    repo = GitRepo(root)
    repo.commit("Start", "2024-01-01", **{
        "docs/old.md": doc("old", "1.0", "2024-01-01", "Old."),
        "docs/kept.md": doc("kept", "1.0", "2024-01-01", "Kept.")})
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("Write the new policy", "2024-02-01",
                **{"docs/draft.md": doc("new", "1.0", "2024-02-01", "Draft.")})
    repo.commit("Edit the new policy", "2024-02-05",
                **{"docs/draft.md": doc("new", "1.0", "2024-02-05", "Draft, edited.")})
    repo.move("docs/draft.md", "docs/new.md")
    repo.commit("Move the new policy", "2024-02-06")
    repo.commit("Edit the old policy on the topic", "2024-02-06",
                **{"docs/kept.md": doc("kept", "1.1", "2024-02-06", "Kept, edited.",
                                       change_summary="Edited.")})
    repo.move("docs/kept.md", "docs/moved.md")
    repo.commit("Move the kept policy", "2024-02-06")
    repo.git("checkout", "-q", "-b", "fix", "main")
    repo.commit("Fix the old policy", "2024-02-07",
                **{"docs/old.md": doc("old", "1.1", "2024-02-07", "Old, fixed.",
                                      change_summary="Fixed.")})
    repo.git("checkout", "-q", "topic")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge fix into topic", "fix", date="2024-02-08")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge topic", "topic", date="2024-02-10")
    return repo


def test_created_and_updated_follow_the_branch_a_document_was_made_on(tmp_path):
    """As git log (and the peer plugin) see them: the branch's add and its last edit,
    not the move or the merges that carried the text to the line."""
    from handbook.history.git_repo import find_repo
    from handbook.history.policy_versions import read_history

    repo = make_made_on_a_branch(tmp_path / "made")
    found = read_history(find_repo(repo.root), "docs",
                         {"docs/new.md": "", "docs/old.md": "", "docs/moved.md": ""})
    new, old = found.documents["docs/new.md"], found.documents["docs/old.md"]
    moved = found.documents["docs/moved.md"]
    assert moved.created.subject == "Start"
    assert moved.updated.subject == "Edit the old policy on the topic"
    assert new.created.subject == "Write the new policy"
    assert new.updated.subject == "Edit the new policy"
    assert old.created.subject == "Start"
    assert old.updated.subject == "Fix the old policy"
    # The line's revisions are unchanged: one each, as the merge brought it.
    assert [r.landed.subject for r in new.revisions] == ["Merge topic"]
    assert [r.landed.subject for r in old.revisions] == ["Start", "Merge topic"]
