"""Review panels, the register, its exports and the gate, in real builds."""

from __future__ import annotations

import json

import icalendar
import pytest

from handbook.cli.driver import main as handbook

from sites import build, policy, site_config, write_site

TODAY = "2026-12-01"

DOCS = {
    "index.md": "---\nid: home\ntitle: Home\ntype: page\n---\n# Home\n\n"
                "<!-- handbook/review-summary -->\n",
    "policies/current.md": policy("current", title="Current <b>policy</b> & co",
                                  approved="2026-06-01", review_every=12),
    "policies/due-today.md": policy("due-today", approved="2025-12-01", review_every=12),
    "policies/soon.md": policy("soon", approved="2026-01-30", review_every=None,
                               review_by="2027-01-30"),  # exactly 60 days ahead
    "policies/overdue.md": policy("overdue", owner="Nursery Manager", approved="2025-09-01",
                                  review_every=None, review_by="2026-09-01"),
    "policies/one-day-late.md": policy("one-day-late", approved="2025-11-30",
                                       review_every=12),
    "policies/old.md": policy("old", status="superseded", superseded_by="current",
                              approved="2023-01-01"),
    "policies/gone.md": policy("gone", status="retired", approved="2021-01-01"),
    "guidance/new.md": policy("new", type="guidance", status="draft", approved=None),
    "lessons/plain.md": "# Plain page\n",
}
EXPECTED = {
    "current": ("current", "success", "Next review by 1 June 2027."),
    "due-today": ("due-soon", "warning", "Review due today (1 December 2026)."),
    "soon": ("due-soon", "warning", "Review due in 60 days (30 January 2027)."),
    "overdue": ("overdue", "danger", "Review overdue by 3 months (was due 1 September 2026)."),
    "one-day-late": ("overdue", "danger",
                     "Review overdue by 1 day (was due 30 November 2026)."),
    "old": ("superseded", "failure", "Superseded: replaced by a newer document."),
    "gone": ("retired", "info", "Retired: no longer in use."),
    "new": ("draft", "note", "Draft: not yet approved. Do not follow it yet."),
}
PATHS = {"new": "guidance/new"}


def site(tmp_path, fail_on="never"):
    config = site_config("Review test", site_url="https://handbook.example.org/",
                         hooks=("review_dates",), extensions=("admonition",),
                         handbook={"fail_on": fail_on, "history": False})
    return write_site(tmp_path, DOCS, config)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("HANDBOOK_TODAY", TODAY)
    try:
        result = build(site(tmp_path_factory.mktemp("reviews")), strict=True)
    finally:
        mp.undo()
    assert not result.aborted, result.warnings()
    return result


@pytest.mark.parametrize("doc_id", list(EXPECTED))
def test_each_status_panel(built, doc_id):
    status, kind, sentence = EXPECTED[doc_id]
    page = built.html(f"{PATHS.get(doc_id, 'policies/' + doc_id)}/index.html")
    panel = page.select_one("[data-review-status]")
    assert panel["data-review-status"] == status
    assert kind in panel["class"]
    assert panel.select_one("[data-review-sentence]").get_text() == sentence
    # The panel sits right under the title, and says who owns the document.
    assert panel.find_previous_sibling("h1") is not None
    assert "Owner: " in panel.get_text()


def test_panel_carries_dates_for_the_browser(built):
    panel = built.html("policies/overdue/index.html").select_one("[data-review-status]")
    assert panel["data-review-by"] == "2026-09-01"
    assert panel["data-due-soon-days"] == "60"
    assert ("Owner: Nursery Manager · Reference: overdue · Version 1.0 · Approved "
            "1 September 2025 by Registered provider") in panel.get_text()


def test_superseded_links_to_its_replacement(built):
    panel = built.html("policies/old/index.html").select_one("[data-review-status]")
    link = panel.find("a")
    assert link["href"] == "../current/"
    assert link.get_text() == "Current <b>policy</b> & co"


def test_plain_pages_get_no_panel(built):
    assert built.html("lessons/plain/index.html").select_one("[data-review-status]") is None


def test_register_groups_what_needs_action_first(built):
    page = built.html("reviews/index.html")
    groups = {body["data-review-group"]: [a.get_text() for a in body.select("td a")]
              for body in page.select("tbody[data-review-group]")}
    assert groups["overdue"][0] == "Overdue"  # 1 September before 30 November
    assert len(groups["overdue"]) == 2
    assert len(groups["due-soon"]) == 2
    assert groups["current"] == ["Current <b>policy</b> & co"]
    assert len(groups["other"]) == 3
    order = [row["data-review-status"] for row in page.select("tr[data-review-status]")]
    assert order == ["overdue", "overdue", "due-soon", "due-soon", "current",
                     "draft", "superseded", "retired"]
    owners = [o.get_text() for o in page.select("#handbook-filter-owner option")]
    assert owners == ["All owners", "Designated Safeguarding Lead", "Nursery Manager"]
    # The register is not in the search index: it would shadow every document.
    index = json.loads((built.site_dir / "search/search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("reviews/")]


def test_calendar_feed_parses_with_one_event_per_document_under_review(built):
    calendar = icalendar.Calendar.from_ical((built.site_dir / "reviews.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    under_review = [k for k, v in EXPECTED.items() if v[0] in ("current", "due-soon", "overdue")]
    assert len(events) == len(under_review) == 5
    by_uid = {str(e["UID"]): e for e in events}
    event = by_uid["review-overdue-2026-09-01@handbook.example.org"]
    assert event.decoded("DTSTART").isoformat() == "2026-09-01"
    assert str(event["URL"]) == "https://handbook.example.org/policies/overdue/"
    assert str(event["SUMMARY"]) == "Review due: Overdue (version 1.0)"


def test_json_matches_the_register(built):
    data = json.loads((built.site_dir / "reviews.json").read_text(encoding="utf-8"))
    page = built.html("reviews/index.html")
    rows = page.select("tr[data-review-status]")
    assert [d["review_status"] for d in data["documents"]] == \
        [r["data-review-status"] for r in rows]
    assert [d["title"] for d in data["documents"]] == [r.find("a").get_text() for r in rows]
    assert [d["review_by"] or "" for d in data["documents"]] == \
        [r["data-review-by"] for r in rows]
    assert data["as_of"] == TODAY and data["due_soon_days"] == 60
    overdue = data["documents"][0]
    assert overdue["days_left"] == -91
    assert overdue["url"] == "https://handbook.example.org/policies/overdue/"


def test_home_page_counts_link_to_the_register(built):
    summary = built.html("index.html").select_one("[data-review-dates]")
    assert summary.select_one("[data-summary-count=overdue]").get_text() == "2 documents"
    assert summary.select_one("[data-summary-count=due-soon]").get_text() == "2 documents"
    assert summary.find("a")["href"] == "reviews/"
    assert sorted(summary["data-review-dates"].split()) == [
        "2026-09-01", "2026-11-30", "2026-12-01", "2027-01-30", "2027-06-01"]


@pytest.mark.parametrize(("fail_on", "aborts", "late"), [
    ("overdue", True, ["overdue", "one-day-late"]),
    ("due_soon", True, ["overdue", "one-day-late", "due-today", "soon"]),
    ("never", False, []),
])
def test_gate_fails_strict_build_and_check(tmp_path, monkeypatch, capsys, fail_on, aborts, late):
    root = site(tmp_path, fail_on)
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    result = build(root, strict=True)
    assert result.aborted is aborts
    gate_warnings = [m for m in result.warnings() if "review_by:" in m]
    assert sorted(gate_warnings) == sorted(
        m for m in gate_warnings if any(f"policies/{d}.md" in m for d in late))
    assert len(gate_warnings) == len(late)
    monkeypatch.chdir(root)
    assert handbook(["check"]) == (1 if late else 0)
    out = capsys.readouterr().out
    for doc_id in late:
        assert f"docs/policies/{doc_id}.md" in out.splitlines()[-1]


def test_check_looks_ahead_with_as_of(tmp_path, monkeypatch, capsys):
    root = site(tmp_path, "overdue")
    monkeypatch.chdir(root)
    assert handbook(["check", "--as-of", "2026-06-01", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["late"] == []
    assert handbook(["check", "--as-of", "2027-07-01", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["as_of"] == "2027-07-01"
    assert set(report["late"]) == {"overdue", "one-day-late", "due-today", "soon", "current"}
    with pytest.raises(SystemExit) as stopped:
        handbook(["check", "--as-of", "01/07/2027"])
    assert stopped.value.code == 2
    assert "expected a date like 2026-09-01, got '01/07/2027'" in capsys.readouterr().err


def test_today_from_config_and_bad_environment(tmp_path, monkeypatch):
    root = site(tmp_path)
    config = (root / "mkdocs.yml").read_text().replace("fail_on: never",
                                                       "fail_on: never\n    today: 2026-01-01")
    (root / "mkdocs.yml").write_text(config)
    monkeypatch.delenv("HANDBOOK_TODAY", raising=False)
    result = build(root, strict=True)
    panel = result.html("policies/overdue/index.html").select_one("[data-review-status]")
    assert panel["data-review-status"] == "current"
    monkeypatch.setenv("HANDBOOK_TODAY", "1 Dec 2026")
    result = build(root)
    assert result.aborted
    assert any("HANDBOOK_TODAY: expected a date like 2026-09-01, got '1 Dec 2026'" in m
               for m in result.messages)


def test_json_says_its_day_when_nothing_is_under_review(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    config = site_config("Empty", handbook={"fail_on": "never", "history": False})
    result = build(write_site(tmp_path, {"index.md": "# Home\n"}, config), strict=True)
    assert not result.aborted, result.warnings()
    data = json.loads((result.site_dir / "reviews.json").read_text(encoding="utf-8"))
    assert data["as_of"] == TODAY and data["documents"] == []
