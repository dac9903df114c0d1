"""Policy history on real git repositories with dated commits."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest
from lxml import etree

from handbook.cli.driver import main as handbook
from handbook.history.diff import diff_html, split
from handbook.history.git_repo import GitError, Repo, find_repo
from handbook.history.policy_versions import read_history
from handbook.model import Version

from gitrepo import GitRepo
from history_scenario import make_awkward
from sites import build, policy


def history_json(root, capsys, monkeypatch) -> dict:
    monkeypatch.chdir(root)
    code = handbook(["history", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    data["exit_code"] = code
    return data


def test_history_follows_renames_and_groups_versions(history_repo, capsys, monkeypatch):
    data = history_json(history_repo.root, capsys, monkeypatch)
    doc = next(d for d in data["documents"] if d["id"] == "child-protection")
    assert doc["path"] == "docs/policies/safeguarding.md"
    assert [c["message"].split("\n")[0] for c in doc["commits"]] == [
        "Safeguarding 2.1: tidy wording", "Annual review: report straight away",
        "Move the child protection policy", "Fix the DSL's extension",
        "Add the child protection policy"]
    moved = doc["commits"][2]
    assert moved["change"] == "R100" and moved["path"] == "docs/policies/safeguarding.md"
    assert doc["commits"][-1]["path"] == "docs/policies/child-protection.md"
    assert doc["commits"][0]["author"] == "Test Manager"
    versions = [(v["version"], v["approved"], v["change_summary"]) for v in doc["versions"]]
    assert versions == [("1.0", "2024-01-08", None),
                        ("1.1", "2024-06-01", "Added the DSL's extension."),
                        ("2.0", "2025-01-14", "Report straight away."),
                        ("2.1", "2025-03-01", "Tidied wording.")]
    one_one = doc["versions"][1]
    assert one_one["first_commit"]["date"].startswith("2024-06-03")
    assert one_one["last_commit"]["date"].startswith("2024-07-01")  # the rename kept 1.1
    assert (one_one["in_force_from"], one_one["in_force_to"]) == ("2024-06-01", "2025-01-14")
    assert doc["created"]["date"].startswith("2024-01-10")
    assert doc["updated"]["date"].startswith("2025-03-01")


def test_integrity_warnings(history_repo, capsys, monkeypatch):
    data = history_json(history_repo.root, capsys, monkeypatch)
    assert data["exit_code"] == 1
    texts = sorted(p["text"] for p in data["problems"])
    assert len(texts) == 3, texts
    assert texts[1].startswith("docs/policies/online.md: version: the text changed but the "
                               "version stayed 1.0")
    assert "(commit " in texts[1] and "on 2024-05-01: Reword online safety" in texts[1]
    assert texts[2].startswith("docs/policies/online.md: version: went backwards from 1.1 to "
                               "1.0")
    assert texts[0].startswith("docs/policies/major.md: version: went up to 2.0, a "
                               "substantive change, without a new change_summary")
    # Drafts may change freely; a review that only moves dates, or an edit that only
    # points a link at a moved file, needs no new version.
    assert not [t for t in texts if "draft.md" in t or "recording.md" in t]


def peer_dates(path: str) -> tuple[tuple[str, int], tuple[str, int]]:
    from mkdocs_git_revision_date_localized_plugin.util import Util

    util = Util(config={"enable_git_follow": True, "strict": False}, mkdocs_dir=".")
    return (util.get_git_commit_timestamp(path, is_first_commit=True),
            util.get_git_commit_timestamp(path, is_first_commit=False))


def test_created_and_updated_match_the_peer_plugin(history_repo):
    repo = find_repo(history_repo.root)
    paths = {p.relative_to(history_repo.root).as_posix(): "" for p in
             (history_repo.root / "docs").rglob("*.md")}
    found = read_history(repo, "docs", paths)
    assert len(paths) == 6
    for path, history in found.documents.items():
        created, updated = peer_dates(str(history_repo.root / path))
        assert (history.created.hash, history.created.timestamp) == created, path
        assert (history.updated.hash, history.updated.timestamp) == updated, path


def test_peer_agreement_on_awkward_histories(tmp_path):
    """Whitespace-only edits, deletion and re-adding, renames with edits, merges."""
    repo = GitRepo(tmp_path / "awkward")
    repo.commit("a", "2024-01-01", **{"docs/a.md": "# A\n\nOne.\n", "docs/b.md": "# B\n"})
    repo.commit("whitespace", "2024-02-01", **{"docs/a.md": "# A\n\nOne.  \n\n"})
    (repo.root / "docs/b.md").unlink()
    repo.commit("delete b", "2024-03-01")
    repo.commit("re-add b", "2024-04-01", **{"docs/b.md": "# B again\n"})
    repo.move("docs/a.md", "docs/c.md")
    repo.write("docs/c.md", "# A\n\nOne.  \n\nTwo.\n")
    repo.commit("rename with edit", "2024-05-01")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("side edit", "2024-06-01", **{"docs/b.md": "# B side\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("main edit", "2024-06-02", **{"docs/c.md": "# C\n\nOne.\n\nTwo.\n"})
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", date="2024-06-03")
    found = read_history(find_repo(repo.root), "docs", {"docs/b.md": "", "docs/c.md": ""})
    for path, history in found.documents.items():
        created, updated = peer_dates(str(repo.root / path))
        assert (history.created.hash, history.created.timestamp) == created, path
        assert (history.updated.hash, history.updated.timestamp) == updated, path


def test_a_near_copy_keeps_its_own_creation_date(tmp_path):
    """git --follow treats a new file that closely resembles an old one as its copy.

    The peer plugin, which uses --follow, then reports the old file's creation
    date for the new document. We report the day the document itself was added:
    the one known difference between the two, written down here on purpose.
    """
    repo = GitRepo(tmp_path / "copies")
    repo.commit("template", "2024-01-01", **{"docs/template.md": policy("template")})
    repo.commit("new policy from the template", "2024-03-01",
                **{"docs/new.md": policy("new")})
    found = read_history(find_repo(repo.root), "docs", {"docs/new.md": ""})
    ours = found.documents["docs/new.md"].created
    (peer_hash, _), _ = peer_dates(str(repo.root / "docs/new.md"))
    assert ours.subject == "new policy from the template"
    assert ours.hash != peer_hash  # the peer points at the template's commit


def test_asof_lists_the_version_in_force(history_repo, capsys, monkeypatch):
    monkeypatch.chdir(history_repo.root)
    assert handbook(["asof", "2024-12-31", "--format", "json"]) == 0
    rows = {d["id"]: d for d in json.loads(capsys.readouterr().out)["documents"]}
    assert rows["child-protection"]["version"] == "1.1"
    assert rows["child-protection"]["in_force_to"] == "2025-01-14"
    assert rows["draft"]["version"] is None
    assert handbook(["asof", "2025-01-14"]) == 0
    out = capsys.readouterr().out
    assert "docs/policies/safeguarding.md: version 2.0 (from 2025-01-14" in out
    assert handbook(["asof", "2023-12-01"]) == 0
    assert "docs/policies/safeguarding.md: not in force" in capsys.readouterr().out


@pytest.fixture(scope="module")
def built(history_repo):
    result = build(history_repo.root, site_dir=history_repo.root / "site")
    assert not result.aborted
    return result


def test_strict_build_fails_on_integrity_warnings(history_repo):
    result = build(history_repo.root, strict=True, site_dir=history_repo.root / "strict-site")
    assert result.aborted
    assert any("went backwards from 1.1 to 1.0" in m for m in result.warnings())


def test_history_page_lists_versions_with_links(built):
    page = built.html("history/child-protection/index.html")
    assert page.title.get_text().startswith("History: Child protection - ")
    rows = page.select("table[data-handbook-versions] tbody tr")
    assert [r.th.get_text() for r in rows] == ["2.1", "2.0", "1.1", "1.0"]
    links = {a.get_text(): a["href"] for a in rows[1].select("a")}
    assert links == {"Text": "2.0/", "Changes": "diff/1.1-2.0/"}
    assert rows[0].select_one("a")["href"] == "../../policies/safeguarding/"
    assert "Report straight away." in rows[1].get_text()
    # Authors are staff names: only internal builds show them.
    assert "Test Manager" not in page.get_text()
    pairs = json.loads(page.select_one("form[data-handbook-compare]")["data-links"])
    assert pairs["1.0|2.1"] == "diff/1.0-2.1/"
    assert len(pairs) == 6


def test_snapshot_shows_the_text_as_it_stood(built):
    page = built.html("history/child-protection/1.0/index.html")
    banner = page.select_one(".handbook-snapshot .admonition-title").get_text()
    assert banner == ("Superseded: version 1.0, in force from 8 January 2024 until 1 June 2024")
    article = page.select_one("article")
    assert "Tell the DSL the same day." in article.get_text()
    assert "extension 201" not in article.get_text()
    # A link written from docs/policies/ still reaches the procedure from here.
    link = article.find("a", string="recording")
    assert link["href"] == "../../../procedures/recording/"
    current = page.find("a", string="the current version (2.1)")
    assert current["href"] == "../../../policies/safeguarding/"
    # Out of the search index.
    index = json.loads((built.site_dir / "search/search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("history/")]


def test_diff_marks_insertions_and_deletions(built):
    page = built.html("history/child-protection/diff/1.1-2.0/index.html")
    body = page.select_one(".handbook-diff")
    assert [d.get_text() for d in body.find_all("del")] == ["the same day (extension 201)."]
    inserted = [i.get_text() for i in body.find_all("ins")]
    assert "straight away, and record what the child said." in inserted
    assert "Keep it safe." in inserted
    details = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
               for tr in page.select("table tbody tr")}
    assert details["approved"] == ["2024-06-01", "2025-01-14"]
    # Every stamped page is well-formed enough for a strict XML parser once the
    # HTML5 doctype and void elements are allowed: check the diff body.
    etree.fromstring(f"<div>{body.decode_contents()}</div>".encode(),
                     etree.XMLParser(recover=False))


def test_amendments_page_and_feed(built):
    page = built.html("amendments/index.html")
    months = [h.get_text() for h in page.select("article h2")]
    # Online safety went back to 1.0 (with its 2024 approval date) on 1 February
    # 2025: that is when 1.0 came back into force, not January 2024.
    assert months[:4] == ["April 2025", "March 2025", "February 2025", "January 2025"]
    items = page.select("ul.handbook-amendments li")
    assert any("Child protection" in li.get_text() and "version 2.0" in li.get_text()
               and "Report straight away." in li.get_text() for li in items)
    feed = etree.parse(str(built.site_dir / "amendments.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(items)
    first = entries[0]
    assert first.find("a:id", ns).text.startswith("tag:handbook.example.org,2026:")
    links = [e.find("a:link", ns).get("href") for e in entries]
    assert "https://handbook.example.org/policies/safeguarding/" in links


def test_inspection_pack_and_panel(built):
    page = built.html("inspection/index.html")
    rows = {r.find("a").get_text(): r for r in page.select("table tbody tr")}
    assert rows["Child protection"].select("td")[5].get_text() == "4"
    assert "draft" not in " ".join(rows)
    panel = built.html("policies/safeguarding/index.html").select_one(".handbook-review")
    assert "Last changed 1 March 2025" in panel.get_text()
    assert panel.find("a", string="History")["href"] == "../../history/child-protection/"
    assert "What changed in version 2.1: Tidied wording." in panel.get_text()


def test_history_index_carries_versions_in_force(built):
    page = built.html("history/index.html")
    row = next(r for r in page.select("tr[data-versions]") if "Child protection" in r.text)
    versions = json.loads(row["data-versions"])
    assert [v["v"] for v in versions] == ["1.0", "1.1", "2.0", "2.1"]
    assert versions[0] == {"v": "1.0", "from": "2024-01-08", "to": "2024-06-01",
                           "href": "child-protection/1.0/"}


def test_shallow_clone_warns_and_still_builds(history_repo, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history_repo.root}",
                    str(shallow)], check=True)
    result = build(shallow, strict=True)
    assert result.aborted
    warning = next(m for m in result.warnings() if "shallow" in m)
    assert "docs: history: the repository is a shallow clone" in warning
    assert "fetch-depth: 0" in warning
    assert build(shallow).exists("policies/safeguarding/index.html")


def test_folder_outside_git_warns_and_still_builds(history_repo, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(history_repo.root, plain, ignore=shutil.ignore_patterns(".git", "site*"))
    result = build(plain, strict=True)
    assert result.aborted
    assert any("docs: history: docs is not in a git repository" in m
               for m in result.warnings())
    relaxed = build(plain)
    assert relaxed.exists("policies/safeguarding/index.html")
    assert not relaxed.exists("history/index.html")


def test_repository_without_commits_warns_and_still_builds(history_repo, tmp_path):
    fresh = tmp_path / "fresh"
    shutil.copytree(history_repo.root, fresh, ignore=shutil.ignore_patterns(".git", "site*"))
    subprocess.run(["git", "init", "-q"], cwd=fresh, check=True)
    result = build(fresh, strict=True)
    assert result.aborted
    assert any("docs: history: docs is in a git repository with no commits yet" in m
               for m in result.warnings())
    assert build(fresh).exists("policies/safeguarding/index.html")


def test_versions_known_to_history(history_repo):
    found = read_history(find_repo(history_repo.root), "docs",
                         {"docs/policies/safeguarding.md": ""})
    history = found.documents["docs/policies/safeguarding.md"]
    assert history.known_versions == {Version(1, 0), Version(1, 1), Version(2, 0),
                                      Version(2, 1)}
    assert history.in_force_on(date(2024, 6, 1)).version == Version(1, 1)


@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\x0c", "\x1c"])
def test_diff_counts_lines_as_the_html_parser_does(separator):
    """Only "\\n" ends a line for HTMLParser: other line breaks must not shift blocks."""
    old = f"<p>One{separator}two</p>\n<p>Three</p>\n<p>Four</p>"
    new = f"<p>One{separator}two</p>\n<p>Three changed</p>\n<p>Four</p>"
    assert [n.html for n in split(new)] == [f"<p>One{separator}two</p>",
                                             "<p>Three changed</p>", "<p>Four</p>"]
    marked, counts = diff_html(old, new)
    assert marked == f"<p>One{separator}two</p>\n<p>Three <ins>changed</ins></p>\n<p>Four</p>"
    assert (counts.added, counts.removed) == (1, 0)


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    repo = make_awkward(tmp_path_factory.mktemp("awkward") / "handbook")
    result = build(repo.root)
    assert not result.aborted
    return result


def test_amendments_list_only_documents_with_history_pages(awkward):
    """A lesson that was once a policy has versions in git but no history pages."""
    items = awkward.html("amendments/index.html").select("ul.handbook-amendments li")
    assert items and not [li for li in items if "Retyped" in li.get_text()]
    assert not awkward.exists("history/retyped/index.html")


def test_old_links_follow_a_target_renamed_since(awkward):
    page = awkward.html("history/linking/1.0/index.html")
    link = page.select_one("article").find("a", string="the target")
    assert link["href"] == "../../../procedures/renamed/#top"


def test_a_version_number_used_twice_keeps_its_own_pages(awkward):
    page = awkward.html("history/seesaw/index.html")
    rows = page.select("table[data-handbook-versions] tbody tr")
    assert [r.th.get_text() for r in rows] == ["1.1", "1.0", "1.1", "1.0"]
    form = page.select_one("form[data-handbook-compare]")
    options = form.select("select[name=from] option")
    assert [o["value"] for o in options] == ["1.0", "1.1", "1.0-2", "1.1-2"]
    assert [o.get_text() for o in options] == [
        "1.0", "1.1", "1.0 (1 April 2024)", "1.1 (1 May 2024)"]
    pairs = json.loads(form["data-links"])
    assert len(pairs) == 6
    assert pairs["1.0|1.1"] == "diff/1.0-1.1/"
    assert pairs["1.0-2|1.1-2"] == "diff/1.0-2-1.1-2/"
    assert all(awkward.exists(f"history/seesaw/{href}index.html") for href in pairs.values())
    feed = etree.parse(str(awkward.site_dir / "amendments.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = [e.text for e in feed.findall("a:entry/a:id", ns)]
    assert len(ids) == len(set(ids))
    assert "tag:handbook.example.org,2026:seesaw:1.1-2" in ids


def test_in_force_wording_and_commit_dates(awkward):
    page = awkward.html("history/seesaw/index.html")
    cells = [r.select("td") for r in page.select("table[data-handbook-versions] tbody tr")]
    # in_force_to is the day the next version starts, so the wording must not say "to".
    assert [c[1].get_text() for c in cells] == [
        "since 1 May 2024", "from 1 April 2024 until 1 May 2024",
        "from 1 February 2024 until 1 April 2024", "from 1 January 2024 until 1 February 2024"]
    # Two commits on one day are one date, not "1 May 2024 to 1 May 2024".
    assert cells[0][4].get_text().startswith("1 May 2024")
    assert " to " not in cells[0][4].get_text()
    banner = awkward.html("history/seesaw/1.0/index.html").select_one(
        ".handbook-snapshot .admonition-title").get_text()
    assert banner == ("Superseded: version 1.0, in force from 1 January 2024 until "
                      "1 February 2024")


def test_single_version_documents_keep_the_in_force_form(awkward):
    page = awkward.html("history/steady/index.html")
    assert page.select_one("form[data-handbook-asof]") is not None
    assert page.select_one("form[data-handbook-compare]") is None


def test_feed_updated_is_the_latest_stamp(awkward):
    """A review commit long after a version came into force still updates the feed."""
    feed = etree.parse(str(awkward.site_dir / "amendments.xml"))
    updated = feed.find("{http://www.w3.org/2005/Atom}updated").text
    assert updated.startswith("2024-12-01"), updated


def test_blob_reader_is_stopped_when_git_log_fails(tmp_path, monkeypatch):
    repo = GitRepo(tmp_path / "failing")
    repo.commit("a", "2024-01-01", **{"docs/a.md": policy("a")})
    readers = []
    original = Repo.blob_reader

    def spy(self, *args):
        readers.append(original(self, *args))
        return readers[-1]

    monkeypatch.setattr(Repo, "blob_reader", spy)
    with pytest.raises(GitError, match="git log failed"):
        read_history(find_repo(repo.root), ":(nonsense)docs", {"docs/a.md": ""})
    [reader] = readers
    assert reader._process.returncode is not None
    assert reader._output.closed


def test_withdrawing_a_version_needs_no_new_version(tmp_path):
    """Superseding or retiring ends a version: the notice that replaces its text is not
    an edit staff must confirm. Editing it afterwards, still withdrawn, is."""
    repo = GitRepo(tmp_path / "withdrawn")
    repo.commit("add", "2024-01-01", **{"docs/old.md": policy(
        "old", approved="2024-01-01", body="Rules.\n")})
    repo.commit("retire", "2025-01-01", **{"docs/old.md": policy(
        "old", approved="2024-01-01", status="retired", body="No longer in force.\n")})
    found = read_history(find_repo(repo.root), "docs", {"docs/old.md": "docs/old.md"})
    assert found.problems == []
    entry = found.documents["docs/old.md"].versions[-1]
    assert (entry.in_force_from, entry.in_force_to) == (date(2024, 1, 1), date(2025, 1, 1))
    repo.commit("edit while retired", "2025-02-01", **{"docs/old.md": policy(
        "old", approved="2024-01-01", status="retired", body="Changed.\n")})
    found = read_history(find_repo(repo.root), "docs", {"docs/old.md": "docs/old.md"})
    assert ["version stayed 1.0" in p.message for p in found.problems] == [True]


def test_blob_reader_reads_large_missing_and_many_blobs(tmp_path):
    """Blobs larger than the reading buffer, objects git does not have, and many at once."""
    repo = GitRepo(tmp_path / "blobs")
    big = ("line of a very large page\n" * 200_000).encode()  # 5 MB: the buffer grows
    files = {f"docs/p{n}.md": f"# Page {n}\n" for n in range(1500)}
    repo.commit("pages", "2024-01-01", **{"docs/big.md": big.decode(), **files})
    names = ["docs/big.md", *files]
    shas = repo.git("rev-parse", *(f"HEAD:{name}" for name in names)).split()
    with find_repo(repo.root).blob_reader(len) as reader:
        for sha in [shas[0], "1" * 40, *shas[1:], shas[0]]:
            reader.request(sha)
        blobs = reader.finish()
    assert blobs[shas[0]] == big and reader.parsed[shas[0]] == len(big)
    assert "1" * 40 not in blobs
    assert [blobs[sha] for sha in shas[1:]] == [text.encode() for text in files.values()]


def test_facts_come_from_front_matter_only():
    """A page without front matter has no version, whatever its text says; a BOM is allowed."""
    from handbook.history.policy_versions import read_facts

    body = b"# Notes\n\nversion: 2.0\nstatus: published\n\n---\n\nMore.\n"
    assert read_facts(body) == (None, None, None)
    marked = b"\xef\xbb\xbf---\r\nversion: 1.2\r\nstatus: draft\r\napproved: 2025-01-02\r\n---\r\n"
    assert read_facts(marked) == (Version(1, 2), "draft", date(2025, 1, 2))
    plain = b"---\ntitle: Fire drills\nversion: '3.0'  # agreed\n---\n\nversion: 9.9\n"
    assert read_facts(plain) == (Version(3, 0), None, None)
