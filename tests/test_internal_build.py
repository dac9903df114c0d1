"""Internal builds cannot be mistaken for public ones: their own folder, a marker, a banner,
and nothing that publishes will take them."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from test_editions import CONFIG, make_repo

from handbook import editions
from handbook.cli.driver import main as handbook
from handbook.outputs import INTERNAL_BANNER, MARKER_FILE, MARKER_META, find_internal

from sites import BASE_CONFIG, build, policy, site_config, write_site

DOCS = {"index.md": "# Home\n", "policies/p.md": policy("p", title="Policy P")}


def internal_config(**options: object) -> str:
    return site_config("Internal test", handbook={"history": False, "internal": True,
                                                  **options})


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory):
    """A handbook built twice in its own folder: public (default site/), then internal."""
    root = write_site(tmp_path_factory.mktemp("internal") / "handbook", DOCS)
    public = build(root)
    assert not public.aborted
    (root / "mkdocs.yml").write_text(internal_config(), encoding="utf-8")
    internal = build(root)  # the default site_dir, as `mkdocs build` would use
    assert not internal.aborted
    return root, public, internal


def test_internal_build_writes_to_site_internal_not_site(internal_site):
    root, _, _ = internal_site
    assert (root / "site-internal" / "index.html").exists()
    assert (root / "site-internal" / MARKER_FILE).exists()
    # The public folder is as the public build left it: no marker, no banner.
    assert not (root / "site" / MARKER_FILE).exists()
    assert find_internal(root / "site") is None
    assert INTERNAL_BANNER not in (root / "site" / "index.html").read_text()


def test_every_internal_page_carries_the_banner_and_the_marker(internal_site):
    root, _, _ = internal_site
    pages = list((root / "site-internal").rglob("*.html"))
    pages = [p for p in pages if p.name != "404.html"]  # a theme template, not a page
    assert len(pages) >= 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert MARKER_META in text, page
        assert INTERNAL_BANNER in text, page
    assert find_internal(root / "site-internal")


def test_marker_in_a_page_alone_is_found(internal_site, tmp_path):
    """A page copied out of an internal build, without the marker file, still tells."""
    root, _, _ = internal_site
    (tmp_path / "index.html").write_text((root / "site-internal" / "index.html").read_text())
    assert "is marked internal" in find_internal(tmp_path)


def test_an_explicit_output_folder_is_kept(tmp_path):
    root = write_site(tmp_path / "handbook", DOCS, internal_config())
    built = build(root, site_dir=tmp_path / "for-the-office")
    assert not built.aborted
    assert (tmp_path / "for-the-office" / MARKER_FILE).exists()
    assert not (root / "site-internal").exists()


def test_handbook_internal_variable_does_the_same(tmp_path, monkeypatch):
    root = write_site(tmp_path / "handbook", DOCS, BASE_CONFIG)
    monkeypatch.setenv("HANDBOOK_INTERNAL", "1")
    assert not build(root).aborted
    assert (root / "site-internal" / MARKER_FILE).exists()
    assert not (root / "site").exists()


# Publishing refuses internal output ------------------------------------------

def test_an_internal_configuration_cannot_be_built_as_an_edition(tmp_path, monkeypatch):
    """Even past `handbook publish`'s own check (mike called through deploy directly)."""
    repo = make_repo(tmp_path / "handbook")
    config = yaml.safe_load(CONFIG)
    config["plugins"] = ["search", {"handbook": {"internal": True}}]
    repo.commit("Internal", "2026-09-02", **{"mkdocs.yml": yaml.safe_dump(config)})
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-09-10")
    with pytest.raises(editions.PublishFailed, match="mike deploy failed"):
        editions.deploy((repo.root / "mkdocs.yml").resolve(), "2026-09", title="September",
                        alias="latest", published=date(2026, 9, 10), branch="gh-pages",
                        remote="origin", push=False)
    assert repo.git("branch", "--list", "gh-pages") == ""


def test_publish_refuses_output_carrying_the_marker(tmp_path, capsys, monkeypatch):
    """Someone copied an internal build into docs/: the edition would carry it. The branch
    stays as the last good edition left it."""
    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-09-10")
    assert handbook(["publish", "2026-09"]) == 0
    good = repo.git("rev-parse", "gh-pages").strip()
    repo.commit("Copy of the office build", "2026-09-20",
                **{f"docs/office/{MARKER_FILE}": "internal\n"})
    assert handbook(["publish", "2026-10"]) == 1
    out = capsys.readouterr().out
    assert "Not published: the built edition carries the internal marker" in out
    assert repo.git("rev-parse", "gh-pages").strip() == good
