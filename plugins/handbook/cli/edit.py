"""`handbook edit`: the web editor on this computer.

Starts Decap CMS's local back end (`decap-server`, in git mode: each save is a
commit on the branch checked out) and `mkdocs serve` with the editor switched on,
prints the two addresses, and stops both on Ctrl+C. `decap-server` comes from npm
(`npm install` in the handbook folder, from the package.json `handbook init` wrote);
nothing is downloaded here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

from ..editor import LOCAL_PORT
from ..plugin.editor_files import LOCAL_ENV, PORT_ENV
from .mkdocs_utils import ConfigError, Site


def decap_server(root: Path) -> Path:
    """The local back end installed in the handbook folder."""
    name = "decap-server.cmd" if os.name == "nt" else "decap-server"
    found = root / "node_modules" / ".bin" / name
    if not found.exists():
        raise ConfigError(
            f"{found}: not installed. The web editor's local server comes from npm: "
            f"run `npm install` in {root} once (it needs Node.js, https://nodejs.org)")
    return found


def _git_repository(root: Path) -> None:
    inside = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True, check=False)
    if inside.stdout.strip() != "true":
        raise ConfigError(f"{root}: not a git repository; the editor saves each change as a "
                          "commit, so run `git init` and commit the handbook first")


def _wait_for(process: subprocess.Popen[bytes], name: str, seconds: float = 1.5) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(f"{name} stopped at once (exit {process.returncode}); "
                              "is its port already in use?")
        time.sleep(0.1)


def edit(site: Site, out: TextIO, *, address: str = "127.0.0.1:8000",
         backend_port: int = LOCAL_PORT) -> int:
    root = site.root.resolve()
    server = decap_server(root)
    _git_repository(root)
    backend_env = {**os.environ, "MODE": "git", "PORT": str(backend_port),
                   "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(root)}
    serve_env = {**os.environ, LOCAL_ENV: "local", PORT_ENV: str(backend_port)}
    config = str(site.config_file or root / "mkdocs.yml")
    mkdocs = shutil.which("mkdocs") or sys.executable
    serve_cmd = ([mkdocs] if mkdocs != sys.executable else [sys.executable, "-m", "mkdocs"])
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(subprocess.Popen([str(server)], cwd=root, env=backend_env))
        _wait_for(processes[-1], "decap-server")
        processes.append(subprocess.Popen(
            [*serve_cmd, "serve", "-f", config, "-a", address], cwd=root, env=serve_env))
        _wait_for(processes[-1], "mkdocs serve")
        print(f"The handbook: http://{address}/\n"
              f"The editor:   http://{address}/admin/\n"
              f"(The editor's local server listens on http://localhost:{backend_port}; each "
              "save is a git commit.) Press Ctrl+C to stop.", file=out, flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        return 1  # one of them stopped on its own
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
