"""The hosting guide's files: the staff-only Static Web App configuration, and the guide itself."""

from __future__ import annotations

import json
import re

from handbook.cli.driver import main as handbook
from handbook.hosting import CLIENT_ID_SETTING, CLIENT_SECRET_SETTING, LOGIN
from handbook.scaffold import STARTER

from sites import REPO

TENANT = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"


def first_route(config: dict, path: str) -> dict | None:
    """The rule Azure Static Web Apps applies to `path`: the first route that matches.

    Routes match the whole path; `*` at the end matches anything after it (and
    `/*` matches `/` too).
    """
    for rule in config["routes"]:
        pattern = rule["route"]
        if pattern.endswith("*"):
            if path.startswith(pattern[:-1]) or path + "/" == pattern[:-1]:
                return rule
        elif path == pattern:
            return rule
    return None


def urls(site_dir) -> list[str]:
    """Every address the built site answers: each file, and each folder with an index."""
    found = ["/"]
    for path in site_dir.rglob("*"):
        if path.is_file():
            relative = path.relative_to(site_dir).as_posix()
            found.append("/" + relative)
            if path.name == "index.html":
                found.append("/" + relative[: -len("index.html")])
    return found


def test_swa_config_parses_and_needs_a_sign_in_for_every_route(tmp_path, capsys,
                                                               internal_example):
    target = tmp_path / "site-internal" / "staticwebapp.config.json"
    assert handbook(["export", "swa-config", "--tenant", TENANT, "--out", str(target)]) == 0
    assert f"Wrote {target}" in capsys.readouterr().out
    config = json.loads(target.read_text(encoding="utf-8"))
    registration = config["auth"]["identityProviders"]["azureActiveDirectory"]["registration"]
    # Only the setting's own tenant signs in; the secret is an app setting, not in the file.
    assert registration["openIdIssuer"] == f"https://login.microsoftonline.com/{TENANT}/v2.0"
    assert registration["clientIdSettingName"] == CLIENT_ID_SETTING
    assert registration["clientSecretSettingName"] == CLIENT_SECRET_SETTING
    # Every page and file of the internal build needs a signed-in user.
    addresses = urls(internal_example.site_dir)
    assert len(addresses) > 100
    for address in addresses:
        rule = first_route(config, address)
        assert rule is not None and rule.get("allowedRoles") == ["authenticated"], address
    # Other providers answer "not found"; Entra ID's sign-in is reachable.
    assert first_route(config, "/.auth/login/github")["statusCode"] == 404
    assert all(r["route"] != LOGIN for r in config["routes"])
    redirect = config["responseOverrides"]["401"]
    assert redirect["statusCode"] == 302 and redirect["redirect"].startswith(LOGIN)
    assert config["globalHeaders"]["X-Robots-Tag"] == "noindex, nofollow"


def test_swa_config_printed_is_the_same(capsys):
    assert handbook(["export", "swa-config", "--tenant", TENANT.upper()]) == 0
    assert TENANT in json.loads(capsys.readouterr().out)["auth"]["identityProviders"][
        "azureActiveDirectory"]["registration"]["openIdIssuer"]


def test_swa_config_needs_a_tenant_id(capsys):
    assert handbook(["export", "swa-config", "--tenant", "willowbrook"]) == 2
    assert "--tenant: expected the Directory (tenant) ID" in capsys.readouterr().err


def test_guides_show_every_output_and_its_command():
    guide = (REPO / "docs/managers/hosting.md").read_text(encoding="utf-8")
    starter = (STARTER / "docs/managers.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for text in (guide, starter, readme):
        for command in ("handbook publish", "HANDBOOK_INTERNAL=1 mkdocs build",
                        "handbook export offline", "handbook pdf",
                        "handbook export swa-config"):
            assert command in text, command
    assert "Internal: contains staff names. Do not publish." in guide
    assert re.search(r"^      - managers/hosting\.md$", (REPO / "mkdocs.yml").read_text(), re.M)
