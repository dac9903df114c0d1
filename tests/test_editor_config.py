"""The web editor's form says what the field table says: every field, its widget,
its required flag, its pattern and its help text."""

from __future__ import annotations

import re

from ruamel.yaml import YAML

from handbook.editor import EditorSettings, config_yaml
from handbook.fields import FIELDS, Kind
from handbook.model import VERSION_PATTERN, DocType
from handbook.scaffold import FOLDERS
from handbook.validate import SLUG_RE

WIDGETS = {
    Kind.TEXT: "string", Kind.SLUG: "string", Kind.CHOICE: "select", Kind.DATE: "datetime",
    Kind.VERSION: "string", Kind.MONTHS: "number", Kind.YEAR: "number",
    Kind.TEXT_LIST: "list", Kind.ID_LIST: "relation", Kind.SOURCES: "list",
    Kind.CHECK: "list",
}
RELATIONS = {"related", "lessons", "superseded_by"}


def _config(**settings: object) -> dict:
    # Read back the YAML Decap reads, not the dict it came from.
    return YAML(typ="safe", pure=True).load(config_yaml(EditorSettings(**settings)))


def test_a_collection_per_document_type_in_its_folder() -> None:
    config = _config(docs_folder="docs")
    folders = {c["name"]: c["folder"] for c in config["collections"]}
    assert folders == {folder: f"docs/{folder}" for folder in FOLDERS.values()}
    for c in config["collections"]:
        assert c["format"] == "frontmatter" and c["extension"] == "md"
        assert c["slug"] == "{{fields.id}}"


def test_each_list_holds_only_its_own_type_not_the_section_page() -> None:
    # docs/policies/index.md (type: page) shares the folder; Decap 3.16's filter is one
    # field equal to one value, and a new entry gets its type from the type box's default.
    config = _config()
    for c in config["collections"]:
        doc_type = next(t for t, folder in FOLDERS.items() if folder == c["name"])
        assert c["filter"] == {"field": "type", "value": doc_type.value}
        assert c["create"] is True
        type_box = next(w for w in c["fields"] if w["name"] == "type")
        assert type_box["default"] == doc_type.value


def test_every_field_has_the_widget_flags_pattern_and_help_the_table_gives() -> None:
    config = _config()
    by_name = {c["name"]: c for c in config["collections"]}
    for doc_type, folder in FOLDERS.items():
        widgets = {w["name"]: w for w in by_name[folder]["fields"]}
        allowed = [f.name for f in FIELDS if doc_type in f.allowed]
        assert list(widgets) == [*allowed, "body"], doc_type
        for spec in FIELDS:
            if doc_type not in spec.allowed:
                continue
            w = widgets[spec.name]
            expected = "relation" if spec.name in RELATIONS else WIDGETS[spec.kind]
            assert w["widget"] == expected, (doc_type, spec.name)
            assert w["required"] is (doc_type in spec.required), (doc_type, spec.name)
            assert w["hint"] == spec.summary
            if spec.kind is Kind.CHOICE:
                assert w["options"] == [str(c) for c in spec.choices]
            if spec.kind is Kind.SLUG and spec.name not in RELATIONS:
                assert w["pattern"][0] == SLUG_RE.pattern
            if spec.kind is Kind.VERSION:
                assert w["pattern"][0] == VERSION_PATTERN
            if spec.kind is Kind.DATE:
                assert w["format"] == "YYYY-MM-DD" and w["time_format"] is False
            if spec.kind is Kind.TEXT_LIST:
                assert w["field"]["widget"] == "string"
            if spec.kind is Kind.CHECK:  # a knowledge check keeps its structure
                assert [f["name"] for f in w["fields"]] == [
                    "question", "options", "answer", "why", "see"]
                assert (w["fields"][1]["min"], w["fields"][1]["max"]) == (2, 4)
            if spec.name in RELATIONS:
                assert w["value_field"] == "id"
                assert w.get("multiple", False) is (spec.kind is Kind.ID_LIST)
        assert widgets["type"]["default"] == doc_type.value


def test_patterns_accept_and_refuse_what_the_rules_do() -> None:
    config = _config()
    policy = {w["name"]: w for w in config["collections"][0]["fields"]}
    version = re.compile(policy["version"]["pattern"][0])
    assert version.search("2.10") and not version.search("2.1.1")
    slug = re.compile(policy["id"]["pattern"][0])
    assert slug.search("child-protection") and not slug.search("Child Protection")


def test_local_mode_commits_directly_and_github_uses_the_editorial_workflow() -> None:
    local = _config(local=True, branch="trunk")
    assert local["local_backend"] == {"url": "http://localhost:8081/api/v1"}
    assert local["publish_mode"] == "simple"
    assert local["backend"]["branch"] == "trunk"
    hosted = _config(repo="setting/handbook")
    assert "local_backend" not in hosted
    assert hosted["publish_mode"] == "editorial_workflow"
    assert hosted["backend"] == {**hosted["backend"], "name": "github",
                                 "repo": "setting/handbook"}
    assert "site_domain" not in hosted["backend"]
    signed = _config(repo="setting/handbook", auth_domain="handbook-auth.netlify.app")
    assert signed["backend"]["site_domain"] == "handbook-auth.netlify.app"


def test_lessons_have_the_lesson_fields_and_controlled_types_do_not() -> None:
    config = _config()
    by_name = {c["name"]: {w["name"] for w in c["fields"]} for c in config["collections"]}
    assert {"learning", "sources", "case"} <= by_name[FOLDERS[DocType.LESSON]]
    assert "learning" not in by_name[FOLDERS[DocType.POLICY]]
    assert "sign_off" in by_name[FOLDERS[DocType.POLICY]]


def test_section_pages_that_exist_have_their_own_title_and_text_form() -> None:
    assert "sections" not in {c["name"] for c in _config()["collections"]}
    config = _config(docs_folder="docs", sections=("policies", "guidance"))
    sections = config["collections"][-1]
    assert sections["name"] == "sections" and "folder" not in sections
    assert "create" not in sections  # the files are listed: none are added or named here
    assert [(f["name"], f["label"], f["file"]) for f in sections["files"]] == [
        ("policies", "Policies", "docs/policies/index.md"),
        ("guidance", "Guidance", "docs/guidance/index.md")]
    for page in sections["files"]:
        widgets = {w["name"]: w for w in page["fields"]}
        assert list(widgets) == ["id", "title", "type", "body"]  # the file's own order
        # Only the title and the text are shown; the id and type are saved as they were.
        assert widgets["id"]["widget"] == widgets["type"]["widget"] == "hidden"
        assert widgets["type"]["default"] == DocType.PAGE.value
        assert widgets["title"]["widget"] == "string" and widgets["title"]["required"]
