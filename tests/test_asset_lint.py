"""The site's own CSS and JavaScript pass stylelint and eslint, and the linters catch the
kind of slip that once dropped a whole rule (a stray brace in handbook.css)."""

from __future__ import annotations

import subprocess

from sites import REPO

ASSETS = REPO / "plugins" / "handbook" / "assets"
BIN = REPO / "node_modules" / ".bin"


def lint(tool: str, *args: str, text: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = BIN / tool
    assert exe.exists(), f"{exe} missing: `make test` installs the linters with npm ci"
    return subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True,
                          input=text, timeout=120)


def test_assets_pass_both_linters():
    css = lint("stylelint", "plugins/handbook/assets/**/*.css")
    assert css.returncode == 0, css.stdout + css.stderr
    js = lint("eslint", "plugins/handbook/assets")
    assert js.returncode == 0, js.stdout + js.stderr


def test_a_stray_brace_or_an_undefined_name_fails():
    """Each file is linted from standard input under a name in the assets folder."""
    css = (ASSETS / "handbook.css").read_text() + "\n}\n"
    result = lint("stylelint", "--stdin-filename", str(ASSETS / "stray.css"), text=css)
    assert result.returncode != 0 and "Unexpected }" in result.stdout + result.stderr
    js = '(function () { "use strict"; documnet.title = "x"; })();\n'
    result = lint("eslint", "--stdin", "--stdin-filename", str(ASSETS / "typo.js"), text=js)
    assert result.returncode != 0 and "documnet" in result.stdout
