"""Bad input is an error naming the file, never a traceback: in the build and in `handbook check`.

Each broken file sits next to valid ones; a non-strict build still renders
every page, a strict build stops, and `handbook check` exits 1 with one message
per broken file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hostile import BILLION_LAUGHS
from sites import build, policy, site_config, write_site

HANDBOOK = str(Path(sys.executable).parent / "handbook")
CONFIG = site_config(handbook={"history": False, "fail_on": "never"})

BROKEN = {
    "policies/latin1.md": ("is not saved as UTF-8 text (byte 0xE9 is not UTF-8",
                           "save it again with the encoding UTF-8"),
    "policies/long-id.md": ("id: expected at most 80 characters, got 120",),
    "policies/bell.md": ("change_summary: contains the control character U+0007",),
    "policies/far-future.md": ("approved: expected a date between 1900-01-01 and 2199-12-31, "
                               "got 9999-12-31",),
    "policies/empty.md": ("front matter: is empty: write the fields between the two '---' "
                          "lines",),
    "policies/laughs.md": ("front matter: uses a YAML anchor or alias",),
    "policies/nul.md": ("title: contains the control character U+0000",),
}


def make(root: Path) -> Path:
    docs = {
        "index.md": "# Home\n",
        "policies/good.md": policy("good", title="Good policy"),
        "policies/latin1.md": policy("latin1", title="Café policy"),
        "policies/long-id.md": policy("x" * 120),
        "policies/bell.md": policy("bell", version="2.0", change_summary="Rang \x07 twice."),
        "policies/far-future.md": policy("far-future", approved="9999-12-31"),
        "policies/empty.md": "---\n---\n# Empty front matter\n",
        "policies/laughs.md": BILLION_LAUGHS,
        "policies/nul.md": policy("nul").replace("title: Nul", 'title: "Nul \\0 byte"'),
    }
    write_site(root, docs, CONFIG)
    latin1 = root / "docs/policies/latin1.md"
    latin1.write_bytes(latin1.read_text(encoding="utf-8").encode("cp1252"))
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return make(tmp_path_factory.mktemp("bad-input"))


def test_build_renders_every_page_and_names_every_broken_file(site, tmp_path):
    built = build(site, site_dir=tmp_path / "site")
    assert not built.aborted
    errors = built.warnings()
    for name, parts in BROKEN.items():
        assert any(f"docs/{name}" in m and all(p in m for p in parts) for m in errors), name
    assert not [m for m in built.messages if "Traceback" in m]
    assert "Good policy" in built.html("policies/good/index.html").get_text()
    for name in BROKEN:  # still published, as a plain page, for staff to read
        assert built.exists(name.replace(".md", "/index.html")), name
    assert "Caf\ufffd policy" in built.html("policies/latin1/index.html").get_text()
    # The refused aliases never reached the theme: the page is only its body.
    laughs = (tmp_path / "site/policies/laughs/index.html").read_text(encoding="utf-8")
    assert "lol" not in laughs.replace("laughs", "")


def test_strict_build_stops(site, tmp_path):
    assert build(site, strict=True, site_dir=tmp_path / "site").aborted


def test_check_names_every_broken_file_and_exits_1(site):
    result = subprocess.run([HANDBOOK, "check"], cwd=site, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    for name, parts in BROKEN.items():
        assert any(line.startswith(f"ERROR: docs/{name}: ") and all(p in line for p in parts)
                   for line in result.stdout.splitlines()), name
    assert "codec" not in result.stdout


def test_control_characters_no_longer_abort_the_atom_feed(tmp_path):
    """A bell in a change summary used to stop the build in the Atom feed ("All strings
    must be XML compatible"); now it is an error on that file, and the feed is written."""
    from lxml import etree

    from gitrepo import GitRepo

    repo = GitRepo(tmp_path / "handbook")
    repo.write("mkdocs.yml", site_config(site_url="https://handbook.example.org/",
                                         handbook={"fail_on": "never"}))
    repo.write("docs/index.md", "# Home\n")
    repo.commit("First versions", "2026-01-10", **{
        "docs/policies/bell.md": policy("bell", approved="2026-01-10"),
        "docs/policies/good.md": policy("good", approved="2026-01-10")})
    repo.commit("Second versions", "2026-03-01", **{
        "docs/policies/bell.md": policy("bell", version="2.0", approved="2026-03-01",
                                        change_summary="Rang \x07 twice.\x0c"),
        "docs/policies/good.md": policy("good", version="2.0", approved="2026-03-01",
                                        change_summary="Rewritten.")})
    built = build(repo.root, site_dir=tmp_path / "site")
    assert not built.aborted
    assert any("docs/policies/bell.md: change_summary: contains the control character U+0007"
               in m for m in built.warnings())
    feed = etree.fromstring((tmp_path / "site/amendments.xml").read_bytes())
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("Good" in (t or "") for t in titles)
    assert built.exists("policies/bell/index.html")
    # Fixed in version 3.0, the bell is still in 2.0's summary in git: the feed leaves it out.
    repo.commit("Third version", "2026-04-01", **{
        "docs/policies/bell.md": policy("bell", version="3.0", approved="2026-04-01",
                                        change_summary="Quiet now.")})
    built = build(repo.root, site_dir=tmp_path / "site")
    assert not built.aborted, built.warnings()
    feed = (tmp_path / "site/amendments.xml").read_text(encoding="utf-8")
    assert "Rang  twice." in feed and "Quiet now." in feed


@pytest.mark.parametrize("option", ["review_every", "due_soon_days", "signoff_grace_days"])
def test_numeric_options_out_of_range_are_named_not_a_crash(tmp_path, option):
    """`review_every: 100000` (months) used to overflow the calendar in the build."""
    config = site_config(handbook={"history": False, "fail_on": "never", "internal": True,
                                   "signoff_roster": "staff/roster.csv", option: 10**9})
    root = write_site(tmp_path, {"policies/p.md": policy("p", sign_off=["A point."])}, config,
                      extra_files={"staff/roster.csv": "name,role,started,active\n"
                                                       "Asha Mensah,Manager,2020-01-01,yes\n"})
    built = build(root)
    assert built.aborted
    assert any(f"option '{option}': expected a whole number from" in m
               for m in built.messages), built.messages
    result = subprocess.run([HANDBOOK, "check"], cwd=root, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert f"option '{option}': expected a whole number from" in result.stderr
    assert "Traceback" not in result.stderr
