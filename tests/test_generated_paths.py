"""The list of what the plugin generates (`generated_paths`) is what a real build adds.

`handbook check` reports the author's files that clash with that list; if the
plugin added a page the list did not have (or the list a page the plugin no
longer adds), check and the build would disagree. A build with the plugin and
one without it tell what the plugin adds, for the options that change it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mkdocs.structure.files import File

from handbook.cli.clashes import conditions
from handbook.cli.commands import load_site, read_history
from handbook.cli.mkdocs_utils import find_site
from handbook.generated_paths import generated
from handbook.outputs import MARKER_FILE

from history_scenario import make_two_versions
from sites import build, site_config

ROSTER = "name,role,started,active\nAnn Example,Cook,2020-01-01,yes\n"

CASES = {
    "public, with history, lessons and the editor": (
        {"fail_on": "never", "editor": True}, ()),
    "internal, with a roster, training and the offline plugin": (
        {"fail_on": "never", "history": False, "internal": True,
         "signoff_roster": "staff/roster.csv",
         "training_courses": [{"id": "update", "title": "Update"}]}, ("offline",)),
}


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_the_list_is_exactly_what_a_build_adds(tmp_path, case):
    options, plugins = CASES[case]
    config = yaml.safe_load(site_config(handbook=options))
    config["plugins"] += list(plugins)
    repo = make_two_versions(tmp_path / "handbook", yaml.safe_dump(config, sort_keys=False),
                             {"staff/roster.csv": ROSTER})
    built = build(repo.root, site_dir=repo.root / "out")
    assert not built.aborted, built.warnings()
    # Internal builds mark their folder (handbook.outputs).
    added = files_in(repo.root / "out") - {MARKER_FILE}

    plain = dict(config, plugins=[*plugins, "search", {"handbook": {"enabled": False}}])
    (repo.root / "plain.yml").write_text(yaml.safe_dump(plain, sort_keys=False))
    without = build(repo.root, site_dir=repo.root / "plain", config_file="plain.yml")
    assert not without.aborted, without.warnings()
    added -= files_in(repo.root / "plain")

    site = find_site(None, str(repo.root / "mkdocs.yml"))
    assert site.config is not None
    handbook = load_site(site)
    history = read_history(site, handbook) if site.plugin_options.get("history") else None
    listed = generated(conditions(site, handbook, history))
    expected = {ours.path if ours.output else
                File(ours.path, None, "", site.config.use_directory_urls).dest_uri
                for ours in listed}
    assert added == expected
    if options.get("internal"):
        assert {"sign-off/matrix.csv", "training/index.html"} <= added
    else:
        assert {"history/q/index.html", "amendments.xml", "admin/config.yml",
                "lessons/traceability/index.html"} <= added
