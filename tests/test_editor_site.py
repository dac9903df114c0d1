"""The web editor's files: at /admin/ only with `editor: true`, never on other pages or
in the search index, never over the author's own files, and the vendored program is
the one its record names."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ruamel.yaml import YAML

from handbook.editor import ADMIN, PROGRAM, VENDORED_FILES
from handbook.plugin.editor_files import LOCAL_ENV
from tests.conftest import environment
from tests.sites import build, policy, site_config, write_site

REPO = Path(__file__).resolve().parent.parent
SECTION = "---\nid: policies\ntitle: Policies\ntype: page\n---\n\n# Policies\n"


def _site(tmp_path: Path, *, editor: bool, docs: dict[str, str] | None = None,
          repo_url: str | None = None) -> Path:
    config = site_config(handbook={"history": False, "editor": editor})
    if repo_url:
        config += f"repo_url: {repo_url}\n"
    return write_site(tmp_path, {"index.md": "# Home\n",
                                 "policies/safe.md": policy("safe"), **(docs or {})}, config)


def test_the_vendored_program_matches_its_record() -> None:
    record = json.loads((ADMIN / "VENDORED.json").read_text(encoding="utf-8"))
    assert record["package"] == "decap-cms"
    assert record["source"].endswith(f"decap-cms-{record['version']}.tgz")
    for name, entry in record["files"].items():
        digest = hashlib.sha256((ADMIN / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} differs from VENDORED.json: run " \
                                          "scripts/refresh-cms.sh"
    assert set(VENDORED_FILES) <= {*record["files"], f"{PROGRAM}.LICENSE.txt"}
    assert (REPO / "scripts" / "refresh-cms.sh").stat().st_mode & 0o111


def test_no_editor_unless_asked(tmp_path: Path) -> None:
    built = build(_site(tmp_path, editor=False), strict=True)
    assert not built.aborted
    assert not built.exists("admin")


def test_editor_only_at_admin_and_not_searched(tmp_path: Path) -> None:
    built = build(_site(tmp_path, editor=True, repo_url="https://github.com/setting/handbook"),
                  strict=True)
    assert not built.aborted, built.warnings()
    admin = built.html("admin/index.html")
    assert [s["src"] for s in admin.find_all("script")] == [PROGRAM]
    policy_csp = admin.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "connect-src 'self' https://api.github.com" in policy_csp
    assert "localhost" not in policy_csp
    assert "'unsafe-inline'" not in policy_csp.split("style-src")[0]  # no inline scripts
    assert (built.site_dir / "admin" / PROGRAM).read_bytes() == (ADMIN / PROGRAM).read_bytes()
    config = YAML(typ="safe", pure=True).load(
        (built.site_dir / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "setting/handbook"
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    for page in ("index.html", "policies/safe/index.html"):
        html = (built.site_dir / page).read_text(encoding="utf-8")
        assert PROGRAM not in html and "admin/" not in html
    index = json.loads((built.site_dir / "search" / "search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("admin")]


def test_github_back_end_from_the_plugin_options(tmp_path: Path) -> None:
    """What docs/managers/web-editor.md promises for a handbook on GitHub: the GitHub back
    end on the named branch, the editorial workflow, sign-in through the Netlify site."""
    config = site_config(handbook={"history": False, "editor": True, "editor_branch": "trunk",
                                   "editor_auth_domain": "handbook-auth.netlify.app"})
    config += "repo_url: https://github.com/little-acorns/handbook.git\n"
    root = write_site(tmp_path, {"index.md": "# Home\n", "policies/safe.md": policy("safe"),
                                 "policies/index.md": SECTION}, config)
    built = build(root, strict=True)
    assert not built.aborted, built.warnings()
    config = YAML(typ="safe", pure=True).load(
        (built.site_dir / "admin" / "config.yml").read_text(encoding="utf-8"))
    backend = config["backend"]
    assert (backend["name"], backend["repo"], backend["branch"]) == (
        "github", "little-acorns/handbook", "trunk")
    assert backend["site_domain"] == "handbook-auth.netlify.app"
    assert "base_url" not in backend  # Netlify's own OAuth service, Decap's default
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    assert config["collections"][0]["folder"] == "docs/policies"
    # The one section page there is, under "Section pages"; not in the policies' list.
    assert config["collections"][0]["filter"] == {"field": "type", "value": "policy"}
    assert [f["file"] for f in config["collections"][-1]["files"]] == ["docs/policies/index.md"]


def test_local_mode_points_at_the_local_back_end(tmp_path: Path) -> None:
    with environment(**{LOCAL_ENV: "local"}):
        built = build(_site(tmp_path, editor=True), strict=True)
    assert not built.aborted
    config = YAML(typ="safe", pure=True).load(
        (built.site_dir / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["local_backend"]["url"].startswith("http://localhost:")
    csp = built.html("admin/index.html").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "connect-src 'self' http://localhost:8081;" in csp
    assert "github" not in csp


def test_the_authors_admin_page_is_kept(tmp_path: Path) -> None:
    root = _site(tmp_path, editor=True,
                 docs={"admin/index.md": "---\ntitle: Admin\n---\n# Our admin notes\n"})
    built = build(root)
    assert "Our admin notes" in (built.site_dir / "admin" / "index.html").read_text()
    assert any("admin/index.html" in w and "rename or move" in w for w in built.warnings())
    assert build(root, strict=True, site_dir=tmp_path / "strict").aborted


def test_handbook_edit_says_how_to_install_the_local_server(tmp_path: Path, capsys,
                                                             monkeypatch) -> None:
    from handbook.cli.driver import main

    monkeypatch.chdir(_site(tmp_path, editor=False))
    assert main(["edit"]) == 2
    err = capsys.readouterr().err
    assert "node_modules/.bin/decap-server: not installed" in err
    assert "run `npm install` in" in err


def test_the_starter_pins_the_local_server_and_keeps_it_out_of_git() -> None:
    starter = REPO / "plugins" / "handbook" / "starter"
    pinned = json.loads((starter / "package.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned["devDependencies"]["decap-server"])
    root = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert root["devDependencies"]["decap-server"] == pinned["devDependencies"]["decap-server"]
    assert "/node_modules" in (starter / "gitignore").read_text(encoding="utf-8").split("\n")
