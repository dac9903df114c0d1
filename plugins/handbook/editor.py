"""The web editor's configuration (Decap CMS), generated from `handbook.fields.FIELDS`.

The same table drives validation, the JSON Schema and this form, so the editor asks
for exactly the fields `handbook check` knows, with the same required sets, patterns
and help text. What a form cannot state (a review date after the approval date,
`approved` once the status is not draft) is left to `handbook check`, which runs on
every build and in CI on every pull request the editor opens.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .fields import FIELDS, Field, Kind
from .generated_paths import EDITOR_PROGRAM, EDITOR_VENDORED
from .model import VERSION_PATTERN, DocType
from .scaffold import FOLDERS
from .validate import SLUG_RE

# Where the local back end (`decap-server`, started by `handbook edit`) listens.
LOCAL_PORT = 8081


def local_backend_url(port: int = LOCAL_PORT) -> str:
    return f"http://localhost:{port}/api/v1"

COLLECTION_LABELS = {
    DocType.POLICY: ("Policies", "Policy"), DocType.PROCEDURE: ("Procedures", "Procedure"),
    DocType.GUIDANCE: ("Guidance", "Guidance"), DocType.FORM: ("Forms", "Form"),
    DocType.LESSON: ("Lessons from case reviews", "Lesson"),
}

SLUG_MESSAGE = "Use lowercase words joined by hyphens, such as child-protection."
VERSION_MESSAGE = "Write the version as MAJOR.MINOR, such as 2.1."
URL_MESSAGE = "Give the full address, starting https://"
DATE_FORMAT = "YYYY-MM-DD"


@dataclass(frozen=True)
class EditorSettings:
    """Where the handbook lives, as the editor needs to know it."""

    docs_folder: str = "docs"  # relative to the repository root
    repo: str | None = None  # owner/name on GitHub; None when only used locally
    branch: str = "main"
    local: bool = False  # `handbook edit`: the local back end, saving commits directly
    local_port: int = LOCAL_PORT
    site_url: str | None = None
    auth_domain: str | None = None  # the Netlify site that signs editors in to GitHub
    # The folders (of FOLDERS) that have a section page, `index.md`, to list under
    # "Section pages": only those that exist, as Decap cannot open a listed file that is not there.
    sections: tuple[str, ...] = ()


def label(name: str) -> str:
    """`approved_by` -> `Approved by`."""
    return name.replace("_", " ").capitalize()


def widget(spec: Field, doc_type: DocType) -> dict[str, Any]:
    """The Decap widget for one field, on one type of document."""
    base: dict[str, Any] = {"label": label(spec.name), "name": spec.name,
                            "required": doc_type in spec.required, "hint": spec.summary}
    kind = spec.kind
    if spec.name == "superseded_by":
        # The replacement is a document of the same kind.
        return {**base, "widget": "relation", "collection": FOLDERS[doc_type],
                "value_field": "id", "search_fields": ["id", "title"],
                "display_fields": ["title"]}
    if spec.name == "lessons":
        return {**base, "widget": "relation", "collection": FOLDERS[DocType.LESSON],
                "value_field": "id", "search_fields": ["id", "title"],
                "display_fields": ["title"], "multiple": True}
    if spec.name == "related":
        return {**base, "widget": "relation", "collection": FOLDERS[doc_type],
                "value_field": "id", "search_fields": ["id", "title"],
                "display_fields": ["title"], "multiple": True}
    if kind is Kind.CHOICE:
        extra: dict[str, Any] = {"widget": "select", "options": [str(c) for c in spec.choices]}
        if spec.name == "type":
            extra["default"] = doc_type.value
        return {**base, **extra}
    if kind is Kind.DATE:
        return {**base, "widget": "datetime", "format": DATE_FORMAT,
                "date_format": DATE_FORMAT, "time_format": False, "picker_utc": True}
    if kind is Kind.SLUG:
        return {**base, "widget": "string", "pattern": [SLUG_RE.pattern, SLUG_MESSAGE]}
    if kind is Kind.VERSION:
        return {**base, "widget": "string", "pattern": [VERSION_PATTERN, VERSION_MESSAGE]}
    if kind is Kind.MONTHS:
        return {**base, "widget": "number", "value_type": "int", "min": 1, "max": 60}
    if kind is Kind.YEAR:
        return {**base, "widget": "number", "value_type": "int", "min": 1800, "max": 2200}
    if kind is Kind.TEXT_LIST:
        return {**base, "widget": "list", "collapsed": False,
                "field": {"label": label(spec.name), "name": "item", "widget": "string"}}
    if kind is Kind.SOURCES:
        return {**base, "widget": "list", "min": 1, "collapsed": False, "fields": [
            {"label": "Title", "name": "title", "widget": "string", "required": True},
            {"label": "Address", "name": "url", "widget": "string", "required": True,
             "pattern": ["^https?://", URL_MESSAGE]},
        ]}
    if kind is Kind.CHECK:
        # Each question as validate reads it; saving must keep the structure, not a string.
        return {**base, "widget": "list", "collapsed": False, "fields": [
            {"label": "Question", "name": "question", "widget": "text", "required": True},
            {"label": "Options", "name": "options", "widget": "list", "min": 2, "max": 4,
             "required": True, "field": {"label": "Option", "name": "option",
                                         "widget": "string"}},
            {"label": "Answer", "name": "answer", "widget": "string", "required": True,
             "hint": "The right option's text, exactly as written above."},
            {"label": "Why", "name": "why", "widget": "text", "required": True},
            {"label": "See", "name": "see", "widget": "string", "required": False,
             "hint": "The id of the heading on this page that covers it (optional)."},
        ]}
    if kind is Kind.TEXT:
        return {**base, "widget": "string"}
    # A kind with no widget would be saved back as a string and lose its structure.
    raise ValueError(f"the web editor has no widget for {spec.name} ({kind.value})")


def collection(doc_type: DocType, settings: EditorSettings) -> dict[str, Any]:
    """One document type's list and form, over the folder `handbook new` writes it to.

    The folder also holds its section page (`index.md`, `type: page`), which has none
    of this form's fields: opened here it would show empty required boxes, and saving
    would write this type's fields into it. So the list holds only documents whose
    `type` is this one. Decap's `filter` (3.16) compares one field with one value, for
    the list, search and the relation widgets alike; it does not set the value on a new
    entry, which the type box's default does.
    """
    plural, singular = COLLECTION_LABELS[doc_type]
    fields = [widget(spec, doc_type) for spec in FIELDS if doc_type in spec.allowed]
    fields.append({"label": "Text", "name": "body", "widget": "markdown",
                   "hint": "The text staff read."})
    return {
        "name": FOLDERS[doc_type], "label": plural, "label_singular": singular,
        "folder": f"{settings.docs_folder}/{FOLDERS[doc_type]}".lstrip("/"),
        "filter": {"field": "type", "value": doc_type.value},
        "create": True, "extension": "md", "format": "frontmatter",
        "slug": "{{fields.id}}", "identifier_field": "title",
        "summary": "{{title}} ({{id}})",
        "fields": fields,
    }


def section_pages(settings: EditorSettings) -> dict[str, Any]:
    """The section pages (`docs/<folder>/index.md`, `type: page`): their title and text.

    They are not documents of their folder's type, so the type's lists leave them out
    (see `collection`); here the form has only what a page has. The id and type are
    kept as they are in the file (hidden fields are saved, not shown): the menu and
    links name the page by its id, and a page stays a page.
    """
    labels = {folder: COLLECTION_LABELS[t][0] for t, folder in FOLDERS.items()}
    by_name = {spec.name: spec for spec in FIELDS}
    fields = [
        {"label": "Id", "name": "id", "widget": "hidden"},
        widget(by_name["title"], DocType.PAGE),
        {"label": "Type", "name": "type", "widget": "hidden", "default": DocType.PAGE.value},
        {"label": "Text", "name": "body", "widget": "markdown",
         "hint": "The introduction at the top of the section."},
    ]
    return {
        "name": "sections", "label": "Section pages", "label_singular": "Section page",
        "format": "frontmatter", "identifier_field": "title",
        "files": [{"name": folder, "label": labels[folder],
                   "file": f"{settings.docs_folder}/{folder}/index.md".lstrip("/"),
                   "fields": fields} for folder in settings.sections],
    }


def build_config(settings: EditorSettings) -> dict[str, Any]:
    """Decap CMS's config.yml, as a dict."""
    backend: dict[str, Any] = {"name": "github", "branch": settings.branch,
                               "repo": settings.repo or "OWNER/REPOSITORY",
                               "commit_messages": {
                                   "create": "Web editor: add {{collection}} {{slug}}",
                                   "update": "Web editor: update {{collection}} {{slug}}",
                                   "delete": "Web editor: delete {{collection}} {{slug}}",
                               }}
    if settings.auth_domain and not settings.local:
        # Decap's GitHub sign-in goes through Netlify's OAuth service (its default
        # base_url); a site hosted elsewhere names the Netlify site that holds the app.
        backend["site_domain"] = settings.auth_domain
    config: dict[str, Any] = {"backend": backend}
    if settings.local:
        # Saving commits straight to the branch checked out on this computer.
        config["local_backend"] = {"url": local_backend_url(settings.local_port)}
        config["publish_mode"] = "simple"
    else:
        # Draft, in review, ready: each change is a pull request that CI checks.
        config["publish_mode"] = "editorial_workflow"
    if settings.site_url:
        config["site_url"] = settings.site_url
    config["media_folder"] = f"{settings.docs_folder}/images".lstrip("/")
    config["public_folder"] = "/images"
    config["collections"] = [collection(t, settings) for t in FOLDERS]
    if settings.sections:
        config["collections"].append(section_pages(settings))
    return config


def config_yaml(settings: EditorSettings) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    # ruamel.yaml starts this at None ("sort"), so mypy infers the type None: a bool is right.
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out = io.StringIO()
    out.write("# Generated by the handbook plugin from its field table; edits are lost.\n")
    yaml.dump(build_config(settings), out)
    return out.getvalue()


ADMIN = Path(__file__).parent / "admin"
PROGRAM = EDITOR_PROGRAM
VENDORED_FILES = EDITOR_VENDORED  # served next to the program, as its licence asks


def admin_policy(settings: EditorSettings) -> str:
    """The Content-Security-Policy of /admin/ alone (see docs/managers/web-editor.md).

    The rest of the site allows only its own files and hashed scripts; the editor
    also needs `unsafe-eval` (it compiles the checks of its configuration into
    functions when it starts), inline styles (its components inject them), `blob:` and `data:`
    images (previews of what is being edited) and, to save, one other address:
    the local back end on this computer, or GitHub's API when published.
    """
    if settings.local:
        connect = f"'self' http://localhost:{settings.local_port}"
        images = "'self' data: blob:"
    else:
        connect = "'self' https://api.github.com"
        images = "'self' data: blob: https://avatars.githubusercontent.com"
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; "
            "style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; font-src 'self' data:; connect-src {connect}; "
            "worker-src 'self' blob:; frame-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'")


def admin_page(settings: EditorSettings) -> str:
    """/admin/index.html: loads the vendored program, which reads config.yml beside it."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{admin_policy(settings)}">
<meta name="robots" content="noindex, nofollow">
<title>Handbook editor</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="{PROGRAM}"></script>
</body>
</html>
"""
