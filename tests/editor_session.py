"""Driving `handbook edit` and Decap CMS's form from tests, shared by the browser tests.

`handbook edit` runs as a manager runs it (decap-server in git mode and `mkdocs serve`)
on a temporary handbook; the helpers fill Decap's form the way a person does, and wait
for the git commit that each save makes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sites import REPO

HANDBOOK = Path(sys.executable).with_name("handbook")
MANAGER = {"GIT_AUTHOR_NAME": "Manager", "GIT_AUTHOR_EMAIL": "manager@example.org",
           "GIT_COMMITTER_NAME": "Manager", "GIT_COMMITTER_EMAIL": "manager@example.org"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True).stdout


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def init(root: Path, *options: str) -> None:
    """`handbook init`, as a manager runs it, with the local server npm would install."""
    if not (REPO / "node_modules" / ".bin" / "decap-server").exists():
        pytest.fail("decap-server is not installed: run `make node_modules/.installed`")
    subprocess.run([str(HANDBOOK), "init", str(root), *options], check=True,
                   capture_output=True)
    (root / "node_modules").symlink_to(REPO / "node_modules")


@contextlib.contextmanager
def handbook_edit(root: Path) -> Iterator[str]:
    """`handbook edit` running on `root`; yields the site's address (the editor is at admin/)."""
    site, backend = free_port(), free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **MANAGER,
           "PATH": f"{HANDBOOK.parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("HANDBOOK_TODAY", None)
    process = subprocess.Popen(
        [str(HANDBOOK), "edit", "-a", f"127.0.0.1:{site}", "--backend-port", str(backend)],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{site}/admin/config.yml")
        yield f"http://127.0.0.1:{site}/"
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            output = process.communicate(timeout=20)[0].decode()
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output = process.communicate()[0].decode()
        assert f"The editor:   http://127.0.0.1:{site}/admin/" in output, output


def check(root: Path) -> subprocess.CompletedProcess[str]:
    """`handbook check`, as of the real today."""
    env = {k: v for k, v in os.environ.items() if k != "HANDBOOK_TODAY"}
    return subprocess.run([str(HANDBOOK), "check"], cwd=root, capture_output=True, text=True,
                          env=env)


def log_in(page, url: str) -> None:
    """Open the editor and press Login (in local mode nothing is sent anywhere)."""
    page.goto(url + "admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Lessons from case reviews").first.wait_for()
    # The first collection's list, loaded (a picture taken sooner shows a spinner).
    page.locator("a[href*='/entries/']").first.wait_for()


def field(page, name: str):
    return page.locator(f"[id^='{name}-field-']").first


def select(page, name: str, value: str) -> None:
    box = field(page, name)
    box.click()
    box.fill(value)
    page.keyboard.press("Enter")


def publish(page, picture: Path | None = None) -> None:
    """Publish, then Publish now; the menu is pressed again if it did not open at first
    (Decap may still be settling the form when the first click arrives). With `picture`,
    the open menu is photographed for the managers' page."""
    now = page.get_by_text("Publish now")
    for _ in range(3):
        page.get_by_role("button", name="Publish").first.click()
        try:
            now.wait_for(timeout=5000)
            break
        except PlaywrightTimeout:
            continue
    if picture:
        page.screenshot(path=str(picture))
    now.click()


def saved(root: Path, before: str) -> str:
    """The subject of the commit the save made (waiting for it)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        head = git(root, "rev-parse", "HEAD").strip()
        if head != before:
            return git(root, "log", "-1", "--format=%s").strip()
        time.sleep(0.2)
    raise AssertionError("saving made no commit")


def save(page, root: Path, picture: Path | None = None) -> str:
    """Publish the entry on screen and wait for its commit; returns the commit's subject."""
    before = git(root, "rev-parse", "HEAD").strip()
    publish(page, picture)
    return saved(root, before)
