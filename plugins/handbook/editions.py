"""Published editions of the handbook: what mike has deployed, and how to deploy one.

An edition is a dated, frozen copy of the whole site, built by mike onto a
branch (gh-pages by default) beside the earlier ones. `versions.json` on that
branch lists them; we keep each edition's publication date in its properties.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .dates import parse_iso_date
from .outputs import MARKER_FILE, MARKER_META
from .settings import INTERNAL_ENV

EDITION_ENV = "HANDBOOK_EDITION"
TITLE_ENV = "HANDBOOK_EDITION_TITLE"
DATE_ENV = "HANDBOOK_EDITION_DATE"
MIKE_ENV = "MIKE_DOCS_VERSION"


@dataclass(frozen=True)
class Edition:
    name: str
    title: str
    aliases: list[str]
    published: date | None


@dataclass(frozen=True)
class BuildEdition:
    """The edition a build belongs to, from the environment `handbook publish` sets."""

    name: str
    title: str
    published: date | None

    @classmethod
    def from_env(cls) -> BuildEdition | None:
        name = os.environ.get(EDITION_ENV) or os.environ.get(MIKE_ENV)
        if not name:
            return None
        return cls(name, os.environ.get(TITLE_ENV) or name,
                   parse_iso_date(os.environ.get(DATE_ENV, "")))


def list_editions(folder: str | os.PathLike[str], branch: str = "gh-pages") -> list[Edition]:
    """Editions on the branch, newest first as mike lists them."""
    # Here, not at the top: every build imports this module for BuildEdition.
    from .history.git_repo import GitError, find_repo

    try:
        data = find_repo(folder).show(branch, "versions.json")
    except GitError:
        return []
    if data is None:
        return []
    editions = []
    for item in json.loads(data):
        props = item.get("properties") or {}
        published = props.get("published") if isinstance(props, dict) else None
        editions.append(Edition(item["version"], item.get("title") or item["version"],
                                list(item.get("aliases", [])),
                                parse_iso_date(published) if isinstance(published, str) else None))
    return editions


def deploy(config_file: Path, name: str, *, title: str, alias: str, published: date,
           branch: str, remote: str, push: bool) -> None:
    """Build and commit the edition with mike, move the alias and make it the default.

    The build never sees `HANDBOOK_INTERNAL`: an edition is public, without staff names.
    The plugin refuses an internal build as an edition; should the output still
    carry the internal marker (see `handbook.outputs`), the branch is put back as
    it was and `InternalOutput` is raised, before anything is pushed.
    """
    # mike runs `mkdocs` from PATH: make it the one installed beside this Python.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    public = {key: value for key, value in os.environ.items() if key != INTERNAL_ENV}
    env = {**public, EDITION_ENV: name, TITLE_ENV: title, DATE_ENV: published.isoformat(),
           "NO_MKDOCS_2_WARNING": os.environ.get("NO_MKDOCS_2_WARNING", "1"), "PATH": path}
    folder = config_file.parent
    common = ["-F", str(config_file), "-b", branch, "-r", remote]
    mike = [shutil.which("mike", path=path) or "mike"]
    before = _git(folder, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    try:
        _mike([*mike, "deploy", *common, "--update-aliases", "--alias-type", "copy",
               "--title", title, "--prop-set-string", f"published={published.isoformat()}",
               "-m", f"Publish edition {name} ({title})", name, alias], env, folder)
        marked = _internal_marker(folder, branch, name)
        if marked:
            raise InternalOutput(f"the built edition carries the internal marker ({marked}): it "
                                 f"would publish staff names. {branch} is left as it was.")
        _mike([*mike, "set-default", *common, "-m", f"Make {alias} the default edition", alias],
              env, folder)
        if push:
            _push(folder, remote, branch)
    except (InternalOutput, PublishFailed):
        _restore(folder, branch, before)
        raise


def delete(config_file: Path, name: str, *, branch: str, remote: str, push: bool) -> None:
    """Remove the edition `name` (and its aliases) from `branch` with mike; push if asked.

    A failed push puts `branch` back as it was, so the local copy never runs
    ahead of what readers see without the user being told.
    """
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path}
    folder = config_file.parent
    mike = [shutil.which("mike", path=path) or "mike"]
    before = _git(folder, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    try:
        _mike([*mike, "delete", "-F", str(config_file), "-b", branch, "-r", remote,
               "-m", f"Remove edition {name}", name], env, folder)
        if push:
            _push(folder, remote, branch)
    except PublishFailed:
        _restore(folder, branch, before)
        raise


# Letters, digits, dots and hyphens, starting with a letter or digit: safe as a
# folder name on every host, in a URL and on mike's command line.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")


def name_problem(name: str, what: str = "edition name") -> str | None:
    """Why `name` cannot name an edition or alias, or None when it can."""
    if NAME.fullmatch(name) and ".." not in name:
        return None
    return (f"the {what} {name!r} may use only letters, digits, dots and hyphens, starting "
            "with a letter or digit (for example 2026-11 or v1.2)")


def uncommitted(folder: Path, paths: list[str]) -> list[str]:
    """Files under `paths` with changes git has not committed (new files included)."""
    done = subprocess.run(["git", "status", "--porcelain", "-z", "--untracked-files=all",
                           "--no-renames", "--", *paths], cwd=folder, capture_output=True)
    return [os.fsdecode(entry[3:]) for entry in done.stdout.split(b"\0") if entry.strip()]


@dataclass(frozen=True)
class Source:
    """Where the text an edition was built from stands against the remote."""

    ref: str       # the branch name, or the short commit when HEAD is detached
    commit: str    # short hash
    pushed: bool
    branch: bool   # whether `ref` is a branch


def source(folder: Path, remote: str) -> Source | None:
    """The checked-out branch (or commit) and whether `remote` already has its commit."""
    commit = _git(folder, "rev-parse", "--short", "HEAD")
    if not commit:
        return None
    name = _git(folder, "symbolic-ref", "--quiet", "--short", "HEAD")
    _git(folder, "fetch", "--quiet", remote)
    pushed = subprocess.run(
        ["git", "branch", "-r", "--contains", "HEAD", "--list", f"{remote}/*"],
        cwd=folder, capture_output=True, text=True).stdout.strip() != ""
    return Source(name or commit, commit, pushed, bool(name))


def push_source(folder: Path, remote: str, src: Source) -> None:
    """Push the checked-out branch, and any tags on its commit, to `remote`."""
    if src.branch:
        _push(folder, remote, src.ref)
    for tag in _git(folder, "tag", "--points-at", "HEAD").splitlines():
        _push(folder, remote, f"refs/tags/{tag}")


class PublishFailed(Exception):
    """mike or git failed; the message says what happened and what to do."""


def _mike(command: list[str], env: dict[str, str], folder: Path) -> None:
    """Run mike, passing its messages on without git's "nothing changed in commit" noise."""
    done = subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True)
    sys.stdout.write(done.stdout)
    kept = [line for line in done.stderr.splitlines()
            if "nothing changed in commit" not in line
            and "To create a commit anyway, retry with" not in line]
    if kept:
        sys.stderr.write("\n".join(kept) + "\n")
    if done.returncode != 0:
        last = kept[-1] if kept else f"mike exited with {done.returncode}"
        raise PublishFailed(f"mike {command[1]} failed: {last}")


def _push(folder: Path, remote: str, ref: str) -> None:
    done = subprocess.run(["git", "push", "--quiet", "--", remote, ref], cwd=folder,
                          capture_output=True, text=True,
                          env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    if done.returncode != 0:
        why = " ".join(line.strip() for line in done.stderr.splitlines() if line.strip())
        raise PublishFailed(f"pushing {ref} to {remote} failed: {why or 'no reason given'}")


def _restore(folder: Path, branch: str, before: str) -> None:
    if before:
        _git(folder, "update-ref", f"refs/heads/{branch}", before)
    else:
        _git(folder, "update-ref", "-d", f"refs/heads/{branch}")


class InternalOutput(Exception):
    """A build about to be published carries the internal marker; the message says where."""


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def _internal_marker(folder: Path, branch: str, name: str) -> str | None:
    """Where the edition just committed to `branch` is marked internal, if it is."""
    files = _git(folder, "ls-tree", "-r", "--name-only", branch, "--", f"{name}/").splitlines()
    marker = next((f for f in files if f.rsplit("/", 1)[-1] == MARKER_FILE), None)
    if marker:
        return marker
    pages = [f for f in files if f.endswith(".html")]
    if pages:
        shown = subprocess.run(["git", "cat-file", "--batch"], cwd=folder, capture_output=True,
                               input="".join(f"{branch}:{p}\n" for p in pages).encode())
        if MARKER_META.encode() in shown.stdout:
            return f"a page under {name}/ is marked internal"
    return None
