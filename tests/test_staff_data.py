"""Staff data stays out of git by default, and may live outside the repository altogether."""

from __future__ import annotations

import json

from test_signoff import DOCS, RECORDS, ROSTER, TODAY

from handbook.cli.driver import main as handbook

from gitrepo import GitRepo
from sites import BOTH_HOOKS, build, site_config


def config(roster: str, records: str, **options: object) -> str:
    return site_config("Staff data test", hooks=BOTH_HOOKS, handbook={
        "fail_on": "never", "history": False, "signoff_roster": roster,
        "signoff_records": records, **options})


def committed(root, **options: object) -> GitRepo:
    """A handbook whose roster and records are committed to git with it."""
    repo = GitRepo(root)
    repo.write("mkdocs.yml", config("staff/roster.csv", "staff/records", **options))
    for name, text in DOCS.items():
        repo.write(f"docs/{name}", text)
    repo.write("staff/roster.csv", ROSTER)
    repo.write("staff/records/2026.csv", RECORDS)
    repo.commit("Handbook with staff data", "2026-09-01")
    return repo


def test_starter_leaves_the_roster_and_records_out_of_git(tmp_path, capsys, monkeypatch):
    target = tmp_path / "handbook"
    assert handbook(["init", str(target)]) == 0
    assert (target / "records/roster.csv").exists()  # the sample is there to fill in
    repo = GitRepo(target)
    tracked = repo.git("ls-files").splitlines()
    assert "mkdocs.yml" in tracked
    assert [name for name in tracked if name.startswith("records/")] == []
    capsys.readouterr()
    monkeypatch.chdir(target)
    handbook(["check"])
    assert "tracked by git" not in capsys.readouterr().out


def test_check_warns_when_staff_data_is_tracked(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(committed(tmp_path / "handbook").root)
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    assert handbook(["check"]) == 0  # a warning, not a failure
    out = capsys.readouterr().out
    assert "WARNING: signoff_roster: staff/roster.csv is tracked by git (1 file), so staff " \
           "names go wherever the repository is pushed." in out
    assert "WARNING: signoff_records: staff/records is tracked by git (1 file)" in out
    assert "staff_data_in_git: true" in out
    handbook(["check", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert len(report["staff_data_in_git"]) == 2


def test_the_option_silences_it_for_a_private_repository(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(committed(tmp_path / "handbook", staff_data_in_git=True).root)
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    assert handbook(["check"]) == 0
    assert "tracked by git" not in capsys.readouterr().out


def test_untracked_staff_data_is_not_reported(tmp_path, capsys, monkeypatch):
    repo = committed(tmp_path / "handbook")
    repo.git("rm", "-r", "-q", "--cached", "staff")
    repo.write(".gitignore", "/staff/\n")
    repo.commit("Staff data out of git", "2026-09-02")
    monkeypatch.chdir(repo.root)
    handbook(["check"])
    assert "tracked by git" not in capsys.readouterr().out


def test_roster_and_records_outside_the_repository_by_absolute_path(tmp_path, capsys,
                                                                     monkeypatch):
    """As a synced OneDrive or SharePoint folder would be: read by absolute path."""
    synced = tmp_path / "OneDrive - Willowbrook" / "Handbook staff data"
    (synced / "records").mkdir(parents=True)
    (synced / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (synced / "records" / "2026.csv").write_text(RECORDS, encoding="utf-8")
    repo = GitRepo(tmp_path / "handbook")
    repo.write("mkdocs.yml", config(str(synced / "roster.csv"), str(synced / "records"),
                                    internal=True))
    for name, text in DOCS.items():
        repo.write(f"docs/{name}", text)
    repo.commit("Handbook", "2026-09-01")
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)

    built = build(repo.root, site_dir=tmp_path / "internal")
    assert not built.aborted, built.warnings()
    sheet = built.html("policies/child-protection/index.html").get_text()
    assert "Ben Carter" in sheet and "Cara Doyle" in sheet

    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    handbook(["signoff", "report", "--as-of", TODAY])
    assert "Child protection 3.1: 1 of 4 (25%) confirmed" in capsys.readouterr().out
    handbook(["check"])
    assert "tracked by git" not in capsys.readouterr().out


def test_check_warns_when_training_records_are_tracked(tmp_path, capsys, monkeypatch):
    repo = GitRepo(tmp_path / "handbook")
    repo.write("mkdocs.yml", config("staff/roster.csv", "staff/records",
                                    training_records="staff/training",
                                    training_courses=[{"id": "update", "title": "Update"}]))
    for name, text in DOCS.items():
        repo.write(f"docs/{name}", text)
    repo.write("staff/training/2026.csv", "name,course,completed_on\n"
                                          "Asha Mensah,update,2026-09-01\n")
    repo.commit("Handbook with training records", "2026-09-01")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    assert handbook(["check"]) == 0
    assert "WARNING: training_records: staff/training is tracked by git (1 file)" in \
        capsys.readouterr().out
