"""Shared fixtures: real builds, a served example handbook, a real browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from gitrepo import GitRepo
from history_scenario import make_scenario
from sites import EXAMPLE_TODAY, REPO, Built, build

# Property-based tests explore new inputs on every developer's run; CI runs the same
# examples every time, so a submission's result does not depend on the draw.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Material prints an end-of-life banner for MkDocs 2 on every build; it is not
# ours to act on and it buries the output tests read.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
# Flags for a root user on a machine with no network beyond localhost: without
# the background-networking ones Chromium keeps trying to reach Google.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of a block (fixtures above function scope)."""
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Built:
    """The repository's own example handbook, built once, strict, as of EXAMPLE_TODAY."""
    site = tmp_path_factory.mktemp("example") / "site"
    with environment(HANDBOOK_TODAY=EXAMPLE_TODAY):
        built = build(REPO, strict=True, site_dir=site)
    assert not built.aborted, "\n".join(built.warnings())
    return built


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # Tests rebuild a site under a running server within the same second;
        # a cached or "not modified" answer would show the old build.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def example_url(example_build) -> Iterator[str]:
    with serve(example_build.site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def internal_example(tmp_path_factory) -> Built:
    """The example's internal edition: sign-off register and named sheets."""
    with environment(HANDBOOK_TODAY=EXAMPLE_TODAY, HANDBOOK_INTERNAL="1"):
        built = build(REPO, site_dir=tmp_path_factory.mktemp("internal") / "site")
    assert not built.aborted
    return built


@pytest.fixture(scope="session")
def internal_url(internal_example) -> Iterator[str]:
    with serve(internal_example.site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (the README's test "
                    "command does) or set HANDBOOK_CHROMIUM")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def history_repo(tmp_path_factory) -> GitRepo:
    """A handbook with a dated history: versions, a rename, a merge, integrity slips."""
    return make_scenario(tmp_path_factory.mktemp("history") / "handbook")


@pytest.fixture(scope="session")
def demo_module():
    """scripts/demo.py, the script behind `make demo`."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import demo
    finally:
        sys.path.remove(str(REPO / "scripts"))
    return demo


@pytest.fixture(scope="session")
def demo_repo(demo_module, tmp_path_factory) -> Path:
    """The example handbook with the scripted 2019-2026 history of `make demo`."""
    return demo_module.make_repo(tmp_path_factory.mktemp("demo") / "repo")


@pytest.fixture(scope="session")
def demo_build(demo_repo) -> Built:
    """The demo built once, strict, history on, as of EXAMPLE_TODAY."""
    with environment(HANDBOOK_TODAY=EXAMPLE_TODAY):
        built = build(demo_repo, strict=True, site_dir=demo_repo.parent / "site")
    assert not built.aborted, "\n".join(built.warnings())
    return built


@pytest.fixture(scope="session")
def demo_url(demo_build) -> Iterator[str]:
    with serve(demo_build.site_dir) as url:
        yield url
