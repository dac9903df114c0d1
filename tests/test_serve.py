"""`mkdocs serve` rebuilds: what the plugin keeps between them changes nothing in the output.

Each test serves a real site as `mkdocs serve` does (mkdocs/commands/serve.py:
the configuration loaded afresh for each build, `on_startup` once, the plugin
instance kept by MkDocs' plugin cache), edits it, rebuilds, and compares every
file of the rebuilt site with a fresh serve build of the same files in a new
session (new plugin instances, empty caches).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import _serve_url

from gitrepo import GitRepo
from sites import lesson, policy, site_config

TODAY = "2026-12-01"
CONFIG = site_config(handbook={"fail_on": "never"},
                     extensions=("admonition", "attr_list", "md_in_html", "toc", "tables"))


@contextmanager
def own_plugins(cache: dict[str, object]) -> Iterator[None]:
    """MkDocs keeps plugin instances in one cache per process; a session gets its own.

    So each `Session` is what a separate `mkdocs serve` process would be, and
    tests elsewhere in this process neither see nor disturb its plugin.
    """
    option = MkDocsConfig.plugins
    saved = option.plugin_cache
    option.plugin_cache = cache
    try:
        yield
    finally:
        option.plugin_cache = saved


class Session:
    """One `mkdocs serve` session, without the web server: build, then rebuild on demand."""

    def __init__(self, root: Path, site_dir: Path) -> None:
        self.root, self.site_dir = root, site_dir
        self.plugins: dict[str, object] = {}
        with own_plugins(self.plugins):
            config = self._config()
            config.plugins.on_startup(command="serve", dirty=False)
            host, port = config.dev_addr
            self.serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
            config.site_url = self.serve_url
            self._build(config)

    def _config(self) -> MkDocsConfig:
        return load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site_dir))

    def _build(self, config: MkDocsConfig) -> None:
        build(config, serve_url=self.serve_url, dirty=False)

    def rebuild(self) -> None:
        """What serve's builder does when a watched file changes."""
        with own_plugins(self.plugins):
            config = self._config()
            config.site_url = self.serve_url
            self._build(config)

    @property
    def plugin(self):
        return self.plugins["handbook"]

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.site_dir / path).read_text(encoding="utf-8"), "lxml")


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_same_as_fresh(session: Session, tmp_path: Path, name: str) -> None:
    """Every file of the rebuilt site is byte for byte what a new session builds."""
    fresh = Session(session.root, tmp_path / f"fresh-{name}")
    ours, theirs = files_of(session.site_dir), files_of(fresh.site_dir)
    assert sorted(ours) == sorted(theirs)
    differ = [path for path in ours if ours[path] != theirs[path]]
    assert differ == [], f"{name}: rebuilt files differ from a fresh build: {differ[:10]}"


BODY = ("## Scope\n\nThis applies to every member of staff.\n\n"
        "See [lone working](lone-working.md).\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    repo = GitRepo(tmp_path / "handbook")
    repo.write("mkdocs.yml", CONFIG)
    repo.commit("First versions", "2026-01-15", **{
        "docs/index.md": "# Handbook\n\n<!-- handbook/review-summary -->\n",
        "docs/policies/conduct.md": policy("conduct", BODY, related=["lone-working"]),
        "docs/policies/lone-working.md": policy("lone-working", "## Scope\n\nAlone.\n"),
        "docs/lessons/case.md": lesson("case"),
    })
    repo.commit("Conduct 1.1: scope for volunteers", "2026-03-01", **{
        "docs/policies/conduct.md": policy(
            "conduct", BODY.replace("staff.", "staff and volunteer."), version="1.1",
            approved="2026-03-01", related=["lone-working"], change_summary="Volunteers."),
    })
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    yield repo
    logging.getLogger("mkdocs").setLevel(logging.NOTSET)


def test_a_body_edit_rebuilds_from_the_caches_and_matches_a_fresh_build(repo, tmp_path):
    session = Session(repo.root, tmp_path / "served")
    reads = session.plugin.cache.history.reads
    conduct = repo.root / "docs/policies/conduct.md"
    conduct.write_text(conduct.read_text(encoding="utf-8").replace(
        "every member", "each member"), encoding="utf-8")
    session.rebuild()
    cache = session.plugin.cache
    assert cache.history.reads == reads  # HEAD and the documents' identities are unchanged
    assert cache.checked.computed == 1  # the edited file alone is validated again
    assert cache.markdown.computed == 0  # old versions are not rendered again
    assert cache.diffs.computed == 0
    assert cache.pages.computed == 1  # the edited document's history page
    assert cache.exports.computed == 1  # the JSON register; the calendar is unchanged
    page = session.html("policies/conduct/index.html")
    assert "each member" in page.get_text()
    assert_same_as_fresh(session, tmp_path, "body")


def overdue(session: Session) -> str:
    """The home page's count of documents overdue for review."""
    return session.html("index.html").select_one("[data-summary-count=overdue]").get_text()


def test_a_review_date_edit_changes_the_status_everywhere(repo, tmp_path):
    session = Session(repo.root, tmp_path / "served")
    assert overdue(session) == "0 documents"
    path = repo.root / "docs/policies/lone-working.md"
    path.write_text(policy("lone-working", "## Scope\n\nAlone.\n", approved="2025-06-01"),
                    encoding="utf-8")
    session.rebuild()
    assert session.plugin.cache.checked.computed == 1
    assert overdue(session) == "1 document"
    row = session.html("reviews/index.html").select_one('tr[data-review-by="2026-06-01"]')
    assert row["data-review-status"] == "overdue"
    assert_same_as_fresh(session, tmp_path, "review")


def test_adding_and_removing_a_document(repo, tmp_path):
    session = Session(repo.root, tmp_path / "served")
    added = repo.root / "docs/policies/visitors.md"
    added.write_text(policy("visitors", "## Scope\n\nVisitors sign in.\n",
                            related=["conduct"]), encoding="utf-8")
    session.rebuild()
    assert (session.site_dir / "policies/visitors/index.html").exists()
    assert "Visitors" in session.html("reviews/index.html").get_text()
    # The document it names links back, without anyone editing it.
    assert session.html("policies/conduct/index.html").select_one(
        'a[href="../visitors/"]') is not None
    assert_same_as_fresh(session, tmp_path, "added")
    (repo.root / "docs/policies/lone-working.md").unlink()
    session.rebuild()
    assert not (session.site_dir / "policies/lone-working/index.html").exists()
    assert not (session.site_dir / "history/lone-working/index.html").exists()
    assert_same_as_fresh(session, tmp_path, "removed")


def test_a_new_commit_reads_the_history_again(repo, tmp_path):
    session = Session(repo.root, tmp_path / "served")
    reads = session.plugin.cache.history.reads
    repo.commit("Conduct 2.0", "2026-06-01", **{
        "docs/policies/conduct.md": policy(
            "conduct", BODY.replace("every member of staff", "everyone who works here"),
            version="2.0", approved="2026-06-01", related=["lone-working"],
            change_summary="Everyone who works here."),
    })
    session.rebuild()
    assert session.plugin.cache.history.reads == reads + 1
    assert (session.site_dir / "history/conduct/diff/1.1-2.0/index.html").exists()
    assert "2.0" in session.html("history/conduct/index.html").get_text()
    assert_same_as_fresh(session, tmp_path, "commit")


def test_a_status_change_without_a_commit_reads_the_history_again(repo, tmp_path):
    """A superseded document's last version ends when its replacement starts: the
    history depends on statuses in the working tree, not only on git."""
    session = Session(repo.root, tmp_path / "served")
    reads = session.plugin.cache.history.reads
    path = repo.root / "docs/policies/lone-working.md"
    path.write_text(policy("lone-working", "## Scope\n\nAlone.\n", status="superseded",
                           superseded_by="conduct"), encoding="utf-8")
    session.rebuild()
    assert session.plugin.cache.history.reads == reads + 1
    assert_same_as_fresh(session, tmp_path, "status")


def test_an_edited_snippet_reaches_old_versions(repo, tmp_path):
    """pymdownx.snippets appends a file to every text, old versions' too: rendered
    old versions are kept only while that file is unchanged."""
    config = yaml.safe_load(CONFIG)
    config["markdown_extensions"] += ["abbr", {"pymdownx.snippets": {
        "base_path": [str(repo.root)], "auto_append": ["includes/abbreviations.md"]}}]
    repo.write("mkdocs.yml", yaml.safe_dump(config, sort_keys=False))
    repo.write("includes/abbreviations.md", "*[staff]: People who work here\n")
    session = Session(repo.root, tmp_path / "served")
    snapshot = "history/conduct/1.0/index.html"
    assert session.html(snapshot).select_one('abbr[title="People who work here"]')
    repo.write("includes/abbreviations.md", "*[staff]: Everyone on the payroll or rota\n")
    session.rebuild()
    assert session.html(snapshot).select_one('abbr[title="Everyone on the payroll or rota"]')
    assert_same_as_fresh(session, tmp_path, "snippet")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}")


def test_mkdocs_serve_itself_rebuilds_with_the_plugin_kept(repo, tmp_path):
    """The real command, web server threads and all: MkDocs keeps our plugin between
    rebuilds, and pages change when their files do."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=repo.root, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + "policies/conduct/", "every member")
        conduct = repo.root / "docs/policies/conduct.md"
        conduct.write_text(conduct.read_text(encoding="utf-8").replace(
            "every member", "each member"), encoding="utf-8")
        wait_for(base + "policies/conduct/", "each member")
        assert "1.1" in wait_for(base + "history/conduct/", "History")
        (repo.root / "docs/policies/visitors.md").write_text(
            policy("visitors", "## Scope\n\nVisitors sign in.\n"), encoding="utf-8")
        wait_for(base + "reviews/", "Visitors")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
