"""Quality gates: escaping, well-formed output, content security, links, weight."""

from __future__ import annotations

import csv
import io
import json
import re

import icalendar
import pytest
from lxml import etree
from test_trust_render import sha

from hostile import NASTY, make_hostile
from sites import REPO, build
from wellformed import problems


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    repo = make_hostile(tmp_path_factory.mktemp("hostile") / "handbook")
    mp = pytest.MonkeyPatch()
    mp.setenv("HANDBOOK_TODAY", "2026-11-01")
    try:
        # An internal build (the hostile roster has names): it writes to site-internal/.
        built = build(repo.root, site_dir=repo.root / "site-internal")
    finally:
        mp.undo()
    assert not built.aborted
    return built


def test_every_html_file_is_well_formed_with_nothing_unescaped(hostile):
    pages = list(hostile.site_dir.rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert problems(text) == [], path
        assert "<script>window.__pwned" not in text, path
        assert not re.search(r"<img[^>]*onerror", text), path


def test_hostile_values_arrive_as_text(hostile):
    page = hostile.html("policies/hostile/index.html")
    assert page.find("h1").get_text() == f"Policy {NASTY}"
    panel = page.select_one(".handbook-review").get_text()
    assert f"Owner: Owner {NASTY}" in panel and f"by Board {NASTY}" in panel
    labels = [label.get_text(strip=True) for label in page.select("[data-signoff-policy] label")]
    assert labels[0] == f"I read {NASTY}".strip()
    box = page.select_one("[data-signoff-policy]")
    assert box["data-signoff-title"] == f"Policy {NASTY}"
    register = hostile.html("sign-off/index.html")
    assert f"{NASTY} Person" in register.select_one(".handbook-matrix tbody th").get_text()
    lesson = hostile.html("lessons/case/index.html")
    tags = [t.get_text(strip=True) for t in lesson.select(".md-tag")]
    assert f"Theme {NASTY}" in tags


def test_data_files_parse_and_keep_the_values(hostile):
    register = json.loads((hostile.site_dir / "reviews.json").read_text(encoding="utf-8"))
    assert register["documents"][0]["title"] == f"Policy {NASTY}"
    json.loads((hostile.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    calendar = icalendar.Calendar.from_ical((hostile.site_dir / "reviews.ics").read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == f"Review due: Policy {NASTY} (version 2.0)"
    feed = etree.parse(str(hostile.site_dir / "amendments.xml"))
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert f"Changed {NASTY}" in titles
    etree.parse(str(hostile.site_dir / "sitemap.xml"))
    rows = list(csv.DictReader(io.StringIO(
        (hostile.site_dir / "sign-off/matrix.csv").read_text(encoding="utf-8"))))
    assert rows[0]["name"] == f"{NASTY} Person" and rows[0]["title"] == f"Policy {NASTY}"


def test_every_page_sends_a_content_security_policy(hostile, example_build):
    for site in (hostile, example_build):
        for path in site.site_dir.rglob("*.html"):
            head = path.read_text(encoding="utf-8").split("</head>")[0]
            policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"',
                               head)
            assert policy, path
            rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
            assert rules["default-src"] == "'self'"
            assert rules["script-src"].startswith("'self'")
            assert "unsafe-inline" not in policy.group(1)
            assert rules["style-src"] == "'self'" and rules["object-src"] == "'none'"
            # Only the theme's own inline scripts, never one from content.
            assert sha("window.__pwned=1") not in rules["script-src"], path
            assert rules["frame-src"] == "'none'"


def test_link_validation_is_on_in_the_example():
    config = (REPO / "mkdocs.yml").read_text()
    for rule in ("not_found: warn", "anchors: warn", "unrecognized_links: warn"):
        assert rule in config


def test_strict_build_catches_a_broken_link(tmp_path):
    from sites import policy, write_site

    root = write_site(tmp_path, {"index.md": "# Home\n\n[gone](policies/nowhere.md)\n",
                                 "policies/p.md": policy("p")},
                      "site_name: T\ntheme: {name: material, font: false}\nplugins:\n"
                      "  - handbook:\n      history: false\nvalidation:\n  links:\n"
                      "    not_found: warn\n    anchors: warn\n")
    result = build(root, strict=True)
    assert result.aborted
    assert any("nowhere.md" in m for m in result.warnings())


def test_assets_stay_small():
    from handbook.plugin.plugin import ASSETS, SCRIPTS, STYLESHEETS

    for name in (*SCRIPTS, *STYLESHEETS):
        assert (ASSETS / name).stat().st_size < 10_000, name
