"""Starting a handbook, and starting a document in one.

`init` copies the starter handbook shipped in the package (its `mkdocs.yml`,
hooks, theme overrides, the documents every setting needs and a sample roster)
and puts it in git, since policy history comes from git. `new_document` writes
one document with valid front matter. Both leave `[FILL IN: ...]` placeholders
that `handbook check` and the strict build report until they are filled.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .history.git_repo import GitError, commit_folder
from .model import DocType

STARTER = Path(__file__).resolve().parent / "starter"
FOLDERS = {
    DocType.POLICY: "policies", DocType.PROCEDURE: "procedures", DocType.GUIDANCE: "guidance",
    DocType.FORM: "forms", DocType.LESSON: "lessons",
}


class ScaffoldError(Exception):
    """Nothing was written; the message says why."""


@dataclass
class Started:
    files: list[Path]
    committed: bool
    note: str


SETTING_NAME = "[FILL IN: name of the setting]"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#])")


def setting_name_text(name: str) -> str:
    """The setting's name as Markdown text: one line, its special characters escaped, so a
    name such as `St Mary's <Tiny Tots>` reads as written and never becomes markup."""
    words = " ".join(name.split())
    if not words:
        raise ScaffoldError("--setting-name is empty: give the setting's name, such as "
                            "\"Little Acorns Nursery\"")
    if "[FILL IN" in words.upper():
        raise ScaffoldError("--setting-name still holds a [FILL IN ...] marker: give the "
                            "setting's own name")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(words, quote=False))


def init(target: Path, setting_name: str | None = None) -> Started:
    """Copy the starter handbook into `target` (new or empty) and commit it to git.

    With `setting_name`, every `[FILL IN: name of the setting]` is filled in first: the
    home page is not in the web editor's forms, so without this its name could only be
    typed into the Markdown file.
    """
    if target.exists() and any(p.name != ".git" for p in target.iterdir()):
        raise ScaffoldError(f"{target} is not empty: choose a new or empty folder")
    name = setting_name_text(setting_name) if setting_name is not None else None
    target.mkdir(parents=True, exist_ok=True)
    files = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(STARTER)
        if relative.name == "gitignore":
            relative = relative.with_name(".gitignore")
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if name is not None and source.suffix == ".md":
            text = source.read_text(encoding="utf-8").replace(SETTING_NAME, name)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        files.append(destination)
    committed, note = _commit(target)
    return Started(files, committed, note)


def _commit(target: Path) -> tuple[bool, str]:
    """Start the history; a handbook without commits has no policy history to show.

    Only the new folder is committed, even inside an existing repository.
    """
    try:
        stand_in = commit_folder(target, "Start the safeguarding handbook from the starter set")
    except GitError as error:
        return False, f"not committed to git: {error}; then commit the handbook yourself"
    who = " (as 'Handbook': set your name with git config user.name)" if stand_in else ""
    return True, f"committed the starter handbook to git{who}"


def slug(title: str) -> str:
    """An id from a title: 'Use of CCTV & Cameras' becomes 'use-of-cctv-cameras'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"


def new_document(docs_dir: Path, doc_type: DocType, title: str, taken: set[str]) -> tuple[
        Path, str]:
    """Write a new draft document; returns its path and id (unique among `taken`)."""
    base = slug(title)
    doc_id, number = base, 2
    folder = docs_dir / FOLDERS[doc_type]
    while doc_id in taken or (folder / f"{doc_id}.md").exists():
        doc_id, number = f"{base}-{number}", number + 1
    path = folder / f"{doc_id}.md"
    fields: dict[str, object] = {"id": doc_id, "title": title, "type": doc_type.value}
    if doc_type is DocType.LESSON:
        fields.update(case="[FILL IN: who the case is about]",
                      year="[FILL IN: year of the events, such as 2012]",
                      review="[FILL IN: the review or inquiry]",
                      review_year="[FILL IN: year the review was published]",
                      themes=["[FILL IN: a theme, such as information sharing]"],
                      learning=["[FILL IN: one point of learning, in a sentence]"],
                      sources=[{"title": "[FILL IN: the review's title]",
                                "url": "https://learning.nspcc.org.uk/case-reviews/"
                                       "national-case-review-repository"}])
        body = ("## What happened\n\n[FILL IN: what happened, in a few plain sentences]\n\n"
                "## What it means for us\n\n[FILL IN: what staff here do differently because "
                "of it]\n")
    else:
        fields.update(owner="[FILL IN: the role that owns it, such as Designated Safeguarding "
                            "Lead]",
                      approved_by="[FILL IN: who approves it, such as the registered provider]",
                      version="1.0", status="draft", review_every=12,
                      sign_off=["[FILL IN: a key point staff confirm, such as 'I know who the "
                                "DSL is']"])
        body = ('!!! abstract "In short"\n    - [FILL IN: the one thing staff must remember]\n\n'
                "## What this covers\n\n[FILL IN: who and what it applies to]\n\n"
                "## What you must do\n\n1. [FILL IN: the first step]\n\n"
                "## Who to tell\n\n[FILL IN: who, and how quickly]\n")
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return path, doc_id
