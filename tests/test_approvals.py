"""One-step approvals and accepted history slips, on real git repositories."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from handbook.cli.driver import main as handbook
from handbook.frontmatter_edit import EditError, FrontMatterEditor

from gitrepo import GitRepo
from sites import build, policy, site_config

CONFIG = site_config("Approvals test", handbook={"fail_on": "never", "today": date(2026, 12, 1)},
                     hooks=("review_dates",))

# Written by hand, as a manager would: comments, mixed quoting, a folded summary.
ONLINE = """\
---
id: online-safety   # never change the id
title: 'Online safety: phones and tablets'
type: policy
owner: Designated Safeguarding Lead
approved_by: Registered provider
version: "1.2"  # MAJOR.MINOR
status: approved
# The last approval, by the provider's board.
approved: 2026-03-10
review_every: 12
sign_off:
  - "I know the rule: no personal phones in rooms."
  - I report a worrying message to the DSL.
change_summary: >-
  Added tablets to the
  list of devices.
---

## Devices

Children use tablets only with a member of staff in the room.
"""

FIXED_DATE = policy("intimate-care", body="## Care\n\nTwo staff are told.\n",
                    review_every=None, approved="2026-02-01", review_by="2026-08-01")
DRAFT = policy("visitors", body="## Visitors\n\nSign in at the door.\n", status="draft",
               approved=None)
PHONES_2023 = policy("mobile-phones", body="## Phones\n\nPhones stay in lockers.\n")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    repo = GitRepo(tmp_path / "handbook")
    repo.commit("Start the handbook", "2026-03-10", **{
        "mkdocs.yml": CONFIG,
        "docs/index.md": "# Handbook\n",
        "docs/policies/online-safety.md": ONLINE,
        "docs/policies/intimate-care.md": FIXED_DATE,
        "docs/policies/visitors.md": DRAFT,
        "docs/policies/mobile-phones.md": PHONES_2023,
    })
    monkeypatch.chdir(repo.root)
    monkeypatch.delenv("HANDBOOK_TODAY", raising=False)
    return repo


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = handbook(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def front(text: str) -> list[str]:
    return text.split("---\n")[1].splitlines()


def head(repo: GitRepo) -> str:
    return repo.git("rev-parse", "HEAD").strip()


def history_of(capsys, doc_id: str) -> dict:
    code, out, _ = run(capsys, "history", "--format", "json")
    data = json.loads(out)
    data["exit_code"] = code
    return next(d for d in data["documents"] if d["id"] == doc_id) | {"all": data}


def test_approve_minor_edits_only_its_fields_and_commits_the_file_alone(repo, capsys):
    repo.write("docs/index.md", "# Handbook\n\nStaged, not approved.\n")
    repo.git("add", "docs/index.md")
    code, out, err = run(capsys, "approve", "online-safety", "--minor", "--summary",
                         "Corrected the DSL's phone number: it is 0161 000 0000.",
                         "--date", "2026-11-20")
    assert code == 0, out + err
    text = (repo.root / "docs/policies/online-safety.md").read_text(encoding="utf-8")
    before, after = front(ONLINE), front(text)
    changed = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    assert changed == [('version: "1.2"  # MAJOR.MINOR', 'version: "1.3"  # MAJOR.MINOR'),
                       ("approved: 2026-03-10", "approved: 2026-11-20"),
                       ("change_summary: >-", "change_summary: \"Corrected the DSL's phone "
                                              "number: it is 0161 000 0000.\"")]
    # The folded summary's lines went with it; every other line is as it was, in order.
    assert after == [dict(changed).get(line, line) for line in before
                     if line not in ("  Added tablets to the", "  list of devices.")]
    assert text.split("---\n", 2)[2] == ONLINE.split("---\n", 2)[2]
    assert "# The last approval, by the provider's board." in after
    assert "Committed" in out and "version 1.3" in out
    assert not [p for p in (repo.root / "docs/policies").iterdir() if p.name.startswith(".")]
    subject = repo.git("log", "-1", "--format=%s").strip()
    assert subject == ("Approve online-safety version 1.3: Corrected the DSL's phone number: "
                       "it is 0161 000 0000.")
    assert repo.git("show", "--name-only", "--format=", "HEAD").split() == [
        "docs/policies/online-safety.md"]
    # What the user had staged is still staged, and was not committed.
    assert repo.git("diff", "--cached", "--name-only").split() == ["docs/index.md"]
    assert run(capsys, "check")[0] == 0
    doc = history_of(capsys, "online-safety")
    assert doc["all"]["exit_code"] == 0
    assert [(v["version"], v["approved"]) for v in doc["versions"]][-2:] == [
        ("1.2", "2026-03-10"), ("1.3", "2026-11-20")]
    assert doc["versions"][-1]["change_summary"].startswith("Corrected the DSL's phone")


def test_approve_major_moves_a_fixed_review_date_on(repo, capsys):
    code, out, err = run(capsys, "approve", "intimate-care", "--major", "--summary",
                         "Two staff are present, not told.", "--by", "Board of trustees")
    assert code == 0, out + err
    text = (repo.root / "docs/policies/intimate-care.md").read_text(encoding="utf-8")
    # Today (as the config sets it), in the quotes the file used.
    assert "version: '2.0'\nstatus: approved\napproved: '2026-12-01'\n" in text
    assert "review_by: '2027-06-01'\n" in text  # the same six months on as before
    assert "approved_by: Board of trustees" in text
    assert "Two staff are present" in text
    assert run(capsys, "check")[0] == 0


def test_reviewed_makes_a_minor_version_with_a_new_review_date(repo, capsys):
    code, out, err = run(capsys, "reviewed", "online-safety", "--date", "2026-11-30")
    assert code == 0, out + err
    text = (repo.root / "docs/policies/online-safety.md").read_text(encoding="utf-8")
    assert 'version: "1.3"  # MAJOR.MINOR' in text
    assert "change_summary: Reviewed, no changes\n" in text
    assert "review by 30 November 2027" in out
    assert repo.git("log", "-1", "--format=%s").strip() == (
        "Review online-safety: version 1.3, reviewed, no changes")
    assert run(capsys, "check")[0] == 0


def test_approving_a_draft_keeps_its_version(repo, capsys):
    code, out, err = run(capsys, "approve", "visitors", "--date", "2026-11-01")
    assert code == 0, out + err
    text = (repo.root / "docs/policies/visitors.md").read_text(encoding="utf-8")
    assert "status: approved\napproved: 2026-11-01\n" in text
    assert "version: '1.0'" in text
    assert run(capsys, "history")[0] == 0  # a draft approved as it stands is no slip


@pytest.mark.parametrize(("args", "message"), [
    (("approve", "online-safty", "--minor", "--summary", "x"),
     "there is no document with the id 'online-safty' in docs; did you mean online-safety?"),
    (("approve", "online-safety", "--summary", "x"),
     "is already approved at version 1.2: give --major"),
    (("approve", "online-safety", "--minor"), "version 1.3 needs --summary"),
    (("approve", "online-safety", "--minor", "--summary", "x", "--date", "2026-12-25"),
     "2026-12-25 is in the future (today is 2026-12-01)"),
    (("approve", "online-safety", "--minor", "--summary", "x", "--date", "2026-01-01"),
     "2026-01-01 is before the current version's approval (2026-03-10)"),
    (("approve", "visitors", "--major", "--summary", "x"),
     "is a draft of version 1.0: approving it keeps that version"),
    (("reviewed", "visitors"), "is draft: only an approved document can be marked as reviewed"),
    (("supersede", "mobile-phones", "--by", "mobile-phones"),
     "mobile-phones cannot be superseded by itself"),
    (("supersede", "mobile-phones", "--by", "phones-2027"),
     "there is no document with the id 'phones-2027'"),
    (("retire", "mobile-phones", "--reason", "  "), "give --reason"),
])
def test_refusals_change_nothing(repo, capsys, args, message):
    before = head(repo)
    files = {p: p.read_bytes() for p in (repo.root / "docs").rglob("*.md")}
    code, _, err = run(capsys, *args)
    assert code == 1
    assert message in err
    assert head(repo) == before
    assert {p: p.read_bytes() for p in (repo.root / "docs").rglob("*.md")} == files


def test_both_major_and_minor_is_refused(repo, capsys):
    with pytest.raises(SystemExit) as stop:
        handbook(["approve", "online-safety", "--major", "--minor", "--summary", "x"])
    assert stop.value.code == 2
    assert "not allowed with argument --major" in capsys.readouterr().err


def test_a_document_with_placeholders_is_not_approved(repo, capsys):
    repo.commit("Start a new policy", "2026-11-01", **{"docs/policies/cctv.md": policy(
        "cctv", status="draft", approved=None, owner="[FILL IN: the role that owns it]")})
    before = repo.root.joinpath("docs/policies/cctv.md").read_bytes()
    code, _, err = run(capsys, "approve", "cctv")
    assert code == 1
    assert "docs/policies/cctv.md was not approved: it would have these errors" in err
    assert "owner: still has the placeholder [FILL IN: the role that owns it]" in err
    assert repo.root.joinpath("docs/policies/cctv.md").read_bytes() == before


def test_retire_and_supersede_leave_no_history_warning(repo, capsys):
    repo.commit("Add the new phones policy", "2026-11-01", **{
        "docs/policies/phones-2027.md": policy("phones-2027", approved="2026-11-01",
                                               body="## Phones\n\nPhones stay in the office.\n")})
    code, out, err = run(capsys, "supersede", "mobile-phones", "--by", "phones-2027")
    assert code == 0, out + err
    text = (repo.root / "docs/policies/mobile-phones.md").read_text(encoding="utf-8")
    assert "status: superseded\nsuperseded_by: phones-2027\n" in text
    assert repo.git("log", "-1", "--format=%s").strip() == (
        "Supersede mobile-phones version 1.0 by phones-2027")
    code, out, err = run(capsys, "retire", "intimate-care", "--reason",
                         "Children here no longer need intimate care.")
    assert code == 0, out + err
    assert "status: retired\n" in (repo.root / "docs/policies/intimate-care.md").read_text()
    assert repo.git("log", "-1", "--format=%s").strip() == (
        "Retire intimate-care version 1.0: Children here no longer need intimate care.")
    code, out, _ = run(capsys, "check")
    assert code == 0 and ", 0 warnings" in out
    code, out, _ = run(capsys, "history")
    assert code == 0 and "WARNING" not in out


# History that forgives a slip -------------------------------------------------------


def slip(repo: GitRepo) -> str:
    return repo.commit("Spelling corrected", "2026-04-02", **{
        "docs/policies/online-safety.md": ONLINE.replace("member of staff", "member of staf")})


def test_a_slip_fails_strict_and_check_reports_it(repo, capsys):
    commit = slip(repo)
    result = build(repo.root, strict=True, site_dir=repo.root / "strict")
    assert result.aborted
    code, out, _ = run(capsys, "check")
    assert code == 0  # a warning, as in a build that is not strict
    assert (f"WARNING: docs/policies/online-safety.md: version: the text changed but the "
            f"version stayed 1.2: raise MINOR for an editorial change, MAJOR for a substantive "
            f"one (commit {commit[:7]} on 2026-04-02: Spelling corrected)") in out
    assert ", 1 warnings" in out
    data = json.loads(run(capsys, "check", "--format", "json")[1])
    assert data["warnings"] == 1


def test_check_skips_git_when_history_is_off(repo, capsys):
    slip(repo)
    (repo.root / "mkdocs.yml").write_text(site_config(
        "Approvals test", handbook={"fail_on": "never", "history": False},
        hooks=("review_dates",)), encoding="utf-8")
    code, out, _ = run(capsys, "check")
    assert code == 0 and ", 0 warnings" in out


def test_history_accept_records_commits_and_shows_the_acceptance(repo, capsys):
    commit = slip(repo)
    code, out, err = run(capsys, "history", "accept", commit[:7], "online-safety", "--reason",
                         "A spelling slip in one word; nothing staff do changed")
    assert code == 0, out + err
    assert "Recorded in history-accepted.yml and committed" in out
    recorded = (repo.root / "history-accepted.yml").read_text(encoding="utf-8")
    assert f"commit: {commit}\n" in recorded and "accepted: 2026-12-01" in recorded
    assert repo.git("show", "--name-only", "--format=", "HEAD").split() == [
        "history-accepted.yml"]
    assert repo.git("log", "-1", "--format=%s").strip() == (
        f"Accept the history warning for online-safety in commit {commit[:7]}")
    code, out, _ = run(capsys, "history")
    assert code == 0 and "WARNING" not in out
    assert f"  accepted: Text changed in commit {commit[:7]} without a new version" in out
    doc = history_of(capsys, "online-safety")
    assert doc["accepted"] == [{"commit": commit, "what": f"Text changed in commit {commit[:7]} "
                                "without a new version", "accepted": "2026-12-01",
                                "reason": "A spelling slip in one word; nothing staff do "
                                          "changed"}]
    code, out, _ = run(capsys, "check")
    assert ", 0 warnings" in out
    result = build(repo.root, strict=True, site_dir=repo.root / "strict")
    assert not result.aborted, result.warnings()
    page = result.html("history/online-safety/index.html")
    accepted = page.select_one("[data-handbook-accepted]")
    assert accepted is not None
    assert " ".join(accepted.get_text().split()) == (
        f"Text changed in commit {commit[:7]} without a new version: Spelling corrected. "
        "Accepted on 1 December 2026: A spelling slip in one word; nothing staff do changed.")
    # Accepting it again says so, and changes nothing.
    before = head(repo)
    code, out, _ = run(capsys, "history", "accept", commit, "--reason", "again")
    assert code == 0 and "Already accepted on 1 December 2026" in out
    assert head(repo) == before


def test_history_accept_refuses_what_it_cannot_accept(repo, capsys):
    commit = slip(repo)
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    code, _, err = run(capsys, "history", "accept", "deadbeef", "--reason", "x")
    assert code == 1 and "there is no commit 'deadbeef'" in err
    code, _, err = run(capsys, "history", "accept", first, "--reason", "x")
    assert code == 1 and f"commit {first[:7]} left no history warning, so there is nothing" in err
    code, _, err = run(capsys, "history", "accept", commit, "visitors", "--reason", "x")
    assert code == 1 and "left no history warning for visitors" in err
    code, _, err = run(capsys, "history", "accept", commit, "nothing-here", "--reason", "x")
    assert code == 1 and "there is no valid document with the id 'nothing-here'" in err
    assert not (repo.root / "history-accepted.yml").exists()
    assert build(repo.root, strict=True, site_dir=repo.root / "strict").aborted


def test_a_starter_document_is_approved_once_its_placeholders_are_filled(tmp_path, capsys,
                                                                          monkeypatch):
    monkeypatch.delenv("HANDBOOK_TODAY", raising=False)
    assert handbook(["init", str(tmp_path / "mine")]) == 0
    monkeypatch.chdir(tmp_path / "mine")
    code, _, err = run(capsys, "approve", "online-safety", "--by", "Governing body")
    assert code == 1
    assert "docs/policies/online-safety.md was not approved: it would have these errors" in err
    assert "still has the placeholder [FILL IN" in err
    path = tmp_path / "mine/docs/policies/online-safety.md"
    path.write_text(re.sub(r"\[FILL IN[^\]]*\]", "Filled in", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    code, out, err = run(capsys, "approve", "online-safety", "--by", "Governing body")
    assert code == 0, out + err
    text = path.read_text(encoding="utf-8")
    assert f'version: "1.0"\nstatus: approved\napproved: {date.today().isoformat()}\n' in text
    assert 'approved_by: Governing body\n' in text
    repo = GitRepo.__new__(GitRepo)
    repo.root = tmp_path / "mine"
    assert repo.git("log", "-1", "--format=%s").strip() == (
        "Approve online-safety version 1.0: first approval")
    assert repo.git("status", "--porcelain").strip() == ""


def test_the_editor_keeps_line_endings_comments_and_quotes():
    text = ("\ufeff---\r\nid: x  # id\r\ntitle: 'It''s ours'\r\nversion: '1.9' # v\r\n"
            "status: draft\r\napproved:\r\nreview_by: ~  # later\r\n---\r\nBody: [a](b.md)\r\n")
    editor = FrontMatterEditor("x.md", text)
    editor.set_token("version", "1.10")
    editor.set_token("status", "approved")
    editor.set_token("approved", "2026-12-01")
    editor.set_token("review_by", "2027-12-01")
    editor.set_text("change_summary", "Rule: it's new", after=("status",))
    assert editor.text == (
        "\ufeff---\r\nid: x  # id\r\ntitle: 'It''s ours'\r\nversion: '1.10' # v\r\n"
        "status: approved\r\nchange_summary: \"Rule: it's new\"\r\napproved: 2026-12-01\r\n"
        "review_by: 2027-12-01  # later\r\n---\r\nBody: [a](b.md)\r\n")
    with pytest.raises(EditError, match=r"x\.md: has no front matter"):
        FrontMatterEditor("x.md", "# Just a page\n")
