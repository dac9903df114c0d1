"""The example handbook as a whole: strict build, privacy, the internal edition."""

from __future__ import annotations

import csv
import json

from sites import REPO


def staff_names() -> list[str]:
    with (REPO / "records/roster.csv").open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert len(names) >= 10
    return names


def test_public_example_has_no_staff_names(example_build):
    names = [n.lower().encode() for n in staff_names()]
    leaked = [(path, name) for path in example_build.site_dir.rglob("*") if path.is_file()
              for name in names if name in path.read_bytes().lower()]
    assert leaked == []
    assert not example_build.exists("sign-off/index.html")


def test_public_example_builds_every_part(example_build):
    for path in ("index.html", "reviews/index.html", "reviews.ics", "reviews.json",
                 "history/index.html", "history/online-safety/index.html",
                 "history/online-safety/diff/2.2-3.0/index.html", "amendments/index.html",
                 "amendments.xml", "inspection/index.html"):
        assert example_build.exists(path), path
    policy = example_build.html("policies/child-protection/index.html")
    assert policy.select_one("#sign-off-sheet table.handbook-sheet__table")
    home = example_build.html("index.html").select_one("[data-review-dates]")
    assert home.select_one("[data-summary-count=overdue]").get_text() == "1 document"


def test_internal_example_register_shows_a_realistic_mix(internal_example):
    page = internal_example.html("sign-off/index.html")
    cells = [td["data-state"] for td in page.select(".handbook-matrix td[data-state]")]
    assert {"signed", "redo", "missing"} <= set(cells)
    assert cells.count("signed") > cells.count("missing")
    names = [th.get_text() for th in page.select(".handbook-matrix tbody th")]
    assert "Noah Clarke" in names and "Karen Doyle" not in names  # left: not shown
    online = next(r for r in page.select("#by-document + table tbody tr")
                  if "Online safety" in r.get_text())
    assert int(online.select("td")[4].get_text()) > 5  # most signed 2.x: must redo 3.0
    pack = internal_example.html("inspection/index.html")
    assert "Signed" in [th.get_text() for th in pack.select("thead th")]
    matrix = (internal_example.site_dir / "sign-off/matrix.csv").read_text().splitlines()
    assert len(matrix) > 200
    index = json.loads((internal_example.site_dir / "search/search_index.json").read_text())
    assert not [d for d in index["docs"] if "Noah Clarke" in d["text"]]


def test_public_example_has_no_training_register_or_records(example_build):
    assert not example_build.exists("training/index.html")
    pack = example_build.html("inspection/index.html")
    assert pack.select_one("[data-handbook-training]") is None
    index = json.loads((example_build.site_dir / "search/search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("training/")]
    # Amara Okafor's DSL training and Prevent awareness records, in the register's words.
    for record in ("Completed 14 October 2025", "Completed 20 May 2019"):
        assert not [path for path in example_build.site_dir.rglob("*")
                    if path.is_file() and record.encode() in path.read_bytes()]


def test_internal_example_training_register_shows_a_realistic_mix(internal_example):
    page = internal_example.html("training/index.html")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    rows = {row.th.contents[0].strip(): row for row in page.select("table tbody tr")}
    assert "Noah Clarke" in rows and "Karen Doyle" not in rows  # left: not shown
    live = [td["data-review-status"] for td in page.select("td.handbook-review")]
    assert {"current", "due-soon", "overdue"} <= set(live)
    assert page.select('[data-training-status="missing"]')
    tom = rows["Tom Reilly"].select("td")
    assert tom[0]["data-review-status"] == "overdue"
    assert tom[0].select_one("[data-review-sentence]").get_text() == \
        "Review overdue by 27 days (was due 4 November 2026)."
    pack = internal_example.html("inspection/index.html")
    lines = [li.get_text() for li in pack.select("[data-handbook-training] li")]
    assert "Paediatric first aid: 4 of 6 staff current" in lines
    assert len(lines) == 5
    assert not [name for name in staff_names() if name in " ".join(lines)]  # counts, no names
    index = json.loads((internal_example.site_dir / "search/search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("training/")]
