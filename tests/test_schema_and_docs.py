"""The committed schema, the README's reference tables and the code stay in step."""

from __future__ import annotations

import json
import re
from datetime import date

import jsonschema
import pytest
import yaml

from handbook.cli.driver import main as handbook
from handbook.fields import FIELDS, markdown_reference
from handbook.plugin.config import HandbookConfig
from handbook.rules import CONTROLLED_RULES
from handbook.schema import build_schema

from sites import REPO, lesson, policy


def _front_matter(text: str) -> dict:
    data = yaml.safe_load(text.split("---\n")[1])
    # JSON has no dates: the YAML language server compares them as text too.
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def test_committed_schema_equals_generated(capsys):
    assert handbook(["schema"]) == 0
    assert (REPO / "schema" / "front-matter.json").read_text(encoding="utf-8") == \
        capsys.readouterr().out


def test_schema_accepts_every_example_document():
    validator = jsonschema.Draft7Validator(build_schema())
    checked = 0
    for path in sorted((REPO / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        errors = [e.message for e in validator.iter_errors(_front_matter(text))]
        assert not errors, f"{path}: {errors}"
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize(("text", "fragment"), [
    (policy("p", owner=None), "'owner' is a required property"),
    (policy("p", version="v2"), "does not match"),
    (policy("p", version="2.0"), "'change_summary' is a required property"),
    (policy("p", status="superseded"), "'superseded_by' is a required property"),
    (policy("p", review_by="2027-01-01"), "should not be valid"),
    (policy("p", approved=None), "'approved' is a required property"),
    (lesson("p", themes=None), "'themes' is a required property"),
    (policy("p", ownr="x"), "ownr"),
])
def test_schema_rejects_what_check_rejects(text, fragment):
    errors = [e.message for e in
              jsonschema.Draft7Validator(build_schema()).iter_errors(_front_matter(text))]
    assert any(fragment in e for e in errors), errors


def test_readme_field_table_is_generated_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- fields:start -->\n(.*)<!-- fields:end -->", readme, re.S)
    assert block and block.group(1) == markdown_reference()
    assert len(FIELDS) == block.group(1).count("\n| `")


def test_readme_lists_every_plugin_option():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    options = re.search(r"## Plugin options\n(.*?)\n## ", readme, re.S).group(1)
    config = HandbookConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    assert len(config) >= 5
    for name in config:
        assert f"| `{name}` |" in options, name


def test_schema_is_valid_draft7():
    jsonschema.Draft7Validator.check_schema(json.loads(
        (REPO / "schema" / "front-matter.json").read_text(encoding="utf-8")))


# One way to break each cross-field rule; a new rule needs a case here.
RULE_BREAKS = {
    "approved": {"approved": None},
    "review_every": {"review_by": "2027-01-01", "review_every": 12},
    "change_summary": {"version": "2.0"},
    "superseded_by": {"status": "superseded"},
}


@pytest.mark.parametrize("rule", CONTROLLED_RULES, ids=lambda rule: rule.field)
def test_each_cross_field_rule_is_checked_and_in_the_schema(rule):
    """The rules are written once (handbook.rules): check and schema both apply each."""
    from handbook.model import SourceFile
    from handbook.settings import Settings
    from handbook.validate import validate_file

    assert set(RULE_BREAKS) == {r.field for r in CONTROLLED_RULES}
    text = policy("p", **RULE_BREAKS[rule.field])
    checked = validate_file(SourceFile("p.md", "p.md", text), Settings())
    assert [p.field for p in checked.problems] == [rule.field]
    assert rule.schema() in [part.get("then") for part in build_schema()["allOf"]]
    assert list(jsonschema.Draft7Validator(build_schema()).iter_errors(_front_matter(text)))
    assert not list(jsonschema.Draft7Validator(build_schema()).iter_errors(
        _front_matter(policy("p", change_summary="Editorial."))))
