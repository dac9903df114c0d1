"""The example builds under ProperDocs, the maintained MkDocs 1.x fork, with the plugin and
both hooks at work: if MkDocs 1.6 stops working for us, settings have somewhere to go."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sites import EXAMPLE_TODAY, REPO

pytestmark = pytest.mark.properdocs


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("properdocs") / "site"
    cli = Path(sys.executable).with_name("properdocs")
    env = dict(os.environ, HANDBOOK_TODAY=EXAMPLE_TODAY, NO_MKDOCS_2_WARNING="1")
    # A process of its own: ProperDocs redirects `mkdocs.*` imports, which this one has made.
    result = subprocess.run([str(cli), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def test_built_by_properdocs(properdocs_site):
    generator = soup(properdocs_site, "index.html").find("meta", attrs={"name": "generator"})
    assert "ProperDocs" in generator["content"]


def test_hooks_add_the_review_panel_and_sign_off(properdocs_site):
    page = soup(properdocs_site, "policies/child-protection/index.html")
    panel = page.select_one(".handbook-review[data-review-status]")
    assert panel is not None and panel["data-review-by"]
    assert page.select(".handbook-signoff input[type=checkbox]")


def test_plugin_pages_and_files(properdocs_site):
    register = soup(properdocs_site, "reviews/index.html")
    assert register.select("table[data-handbook-register] tr[data-review-status]")
    history = soup(properdocs_site, "history/child-protection/index.html")
    assert history.find("h1") is not None
    for name in ("reviews.ics", "reviews.json", "amendments.xml"):
        assert (properdocs_site / name).stat().st_size > 0
