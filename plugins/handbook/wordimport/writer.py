"""Writing an imported document: front matter with placeholders, the body, its images.

Every file is written atomically (a temporary file in the same folder, then a
rename), so an import stopped half-way never leaves half a policy behind.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from .. import atomic
from ..model import DocType, Version
from .convert import Converted, image_name
from .details import Details

# The line that ties a Markdown file to the Word file it came from, so a second
# import of the same file is recognised. HTML comments are not shown on the site.
MARKER = '<!-- handbook import: from "{}" -->'


def marker_name(name: str) -> str:
    """The file name as the marker holds it: nothing in it may end the HTML comment."""
    return name.replace("--", "- -").replace('"', "'")


MARKER_RE = re.compile(r'^<!-- handbook import: from "(.+)" -->$', re.MULTILINE)

FILL_IN = {
    "owner": "the role that owns it, such as Designated Safeguarding Lead",
    "approved_by": "who approves it, such as the registered provider",
    "version": "the version, such as 1.0",
    "approved": "the date it was approved, such as 2025-09-01",
    "review_by": "the next review date, such as 2027-09-01",
    "change_summary": "what changed in this version, in a sentence",
    "sign_off": "a key point staff confirm, such as: I know who the DSL is",
}


def placeholder(name: str, word_said: str | None = None) -> str:
    """`[FILL IN: ...]`, with what Word said when it could not be used (no brackets in it)."""
    said = f" (Word said: {re.sub(r'[][]', '', word_said)[:80]})" if word_said else ""
    return f"[FILL IN: {FILL_IN[name]}{said}]"


def front_matter(doc_id: str, title: str, kind: DocType, details: Details
                 ) -> tuple[dict[str, object], list[str]]:
    """The front matter, and the fields left as placeholders, in order.

    The status is always draft: a Word file saying "approved" is not an approval
    of this version in the handbook, which a person gives by changing it.
    """
    values, unusable = details.values, details.unusable
    fields: dict[str, object] = {"id": doc_id, "title": title, "type": kind.value}
    to_fill: list[str] = []

    def put(name: str, required: bool = True) -> None:
        if name in values:
            fields[name] = values[name]
        elif required or name in unusable:
            fields[name] = placeholder(name, unusable.get(name))
            to_fill.append(name)

    put("owner")
    put("approved_by")
    put("version")
    fields["status"] = "draft"
    put("approved", required=False)
    put("review_by")
    version = Version.parse(str(values.get("version", "")))
    if version and version > Version(1, 0):
        fields["change_summary"] = placeholder("change_summary")
        to_fill.append("change_summary")
    fields["sign_off"] = [placeholder("sign_off")]
    to_fill.append("sign_off")
    return fields, to_fill


def document_text(source_name: str, fields: dict[str, object], body: str) -> str:
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n\n{MARKER.format(marker_name(source_name))}\n\n{body}"


def write_document(path: Path, text: str, converted: Converted, image_folder: Path) -> None:
    """Write the images, then the Markdown that links them; stale images of ours go."""
    ours = re.compile(r"^image-\d+\.[a-z0-9]+$")
    written = set()
    if converted.images:
        image_folder.mkdir(parents=True, exist_ok=True)
        for image in converted.images:
            atomic.write_bytes(image_folder / image_name(image), image.data)
            written.add(image_name(image))
    if image_folder.is_dir():
        for old in image_folder.iterdir():
            if ours.match(old.name) and old.name not in written:
                old.unlink()
        if not any(image_folder.iterdir()):
            image_folder.rmdir()
    atomic.write_bytes(path, text.encode("utf-8"))


def describe(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
