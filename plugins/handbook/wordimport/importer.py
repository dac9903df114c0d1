"""Import Word files into a handbook's docs folder, one at a time, losing nothing quietly.

One file that cannot be read never stops the others: each gets an outcome, and
the caller prints them all. An existing Markdown file is never overwritten
unless `replace` is given, and then only the file an earlier import wrote from a
Word file of the same name, keeping its id.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .. import frontmatter
from ..handbook import read_docs_dir
from ..model import DocType
from ..scaffold import slug
from .convert import convert
from .reading import WORD_LIKE, Artefacts, UnreadableFile, artefacts, read_docx
from .writer import (
    MARKER_RE,
    describe,
    document_text,
    front_matter,
    marker_name,
    write_document,
)


class State(StrEnum):
    IMPORTED = "imported"
    REPLACED = "replaced"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass
class Outcome:
    """What happened to one Word file, for the summary."""

    source: Path
    state: State
    message: str = ""
    path: Path | None = None
    doc_id: str | None = None
    found: list[str] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.state is State.FAILED]


def expand(paths: list[Path]) -> tuple[list[Path], list[Path], list[Outcome]]:
    """The Word files named or inside the folders named; other files; missing paths.

    In a folder, files that are Word documents by their extension are all tried
    (a .doc then gets its own message); other files are listed as ignored.
    Word's lock files (`~$name.docx`) are not documents and are left out.
    """
    files: list[Path] = []
    ignored: list[Path] = []
    missing: list[Outcome] = []
    for path in paths:
        if path.is_dir():
            for inner in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = inner.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or \
                        inner.name.startswith("~$"):
                    continue
                (files if inner.suffix.lower() in WORD_LIKE else ignored).append(inner)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Outcome(path, State.FAILED, f"{path}: no such file or folder"))
    return files, ignored, missing


@dataclass
class _Existing:
    """What the docs folder already holds: ids, and the files earlier imports wrote."""

    ids: set[str]
    imported: dict[str, tuple[Path, str | None]]

    @classmethod
    def read(cls, docs_dir: Path) -> _Existing:
        ids: set[str] = set()
        imported: dict[str, tuple[Path, str | None]] = {}
        for source in read_docs_dir(docs_dir) if docs_dir.is_dir() else []:
            parsed = frontmatter.parse(source.path, source.text)
            doc_id = (parsed.data or {}).get("id")
            doc_id = doc_id if isinstance(doc_id, str) else None
            if doc_id:
                ids.add(doc_id)
            ids.add(Path(source.path).stem)
            if match := MARKER_RE.search(parsed.body):
                imported.setdefault(match.group(1), (Path(source.path), doc_id))
        return cls(ids, imported)


def import_paths(paths: list[Path], docs_dir: Path, folder: Path, kind: DocType, *,
                 replace: bool = False) -> Report:
    """Import every Word file in `paths` into `folder` (inside `docs_dir`) as drafts."""
    files, ignored, missing = expand(paths)
    report = Report(list(missing), ignored)
    existing = _Existing.read(docs_dir)
    this_run: dict[str, Path] = {}
    for source in files:
        name = marker_name(source.name)
        if name in this_run:
            report.outcomes.append(Outcome(source, State.FAILED, (
                f"{source}: not imported: {this_run[name]} has the same file name and was "
                "imported in this run; rename one of them and import it again")))
            continue
        this_run[name] = source
        report.outcomes.append(_import_one(source, docs_dir, folder, kind, existing, replace))
    return report


def _import_one(source: Path, docs_dir: Path, folder: Path, kind: DocType,
                existing: _Existing, replace: bool) -> Outcome:
    earlier = existing.imported.get(marker_name(source.name))
    if earlier and not replace:
        return Outcome(source, State.SKIPPED, (
            f"{source}: already imported as {earlier[0]}; skipped (--replace imports it "
            "again over that file)"), path=earlier[0], doc_id=earlier[1])
    try:
        data = read_docx(source)
        converted = convert(data, _core_title(data))
        found_artefacts = artefacts(data)
    except UnreadableFile as error:
        return Outcome(source, State.FAILED, str(error))
    except Exception as error:
        return Outcome(source, State.FAILED, (
            f"{source}: could not be read as a Word document ({type(error).__name__}: "
            f"{error}); open it in Word, save a new copy as .docx and import that"))
    title = converted.title or source.stem.replace("_", " ").strip() or "Untitled"
    title_from = converted.title_from or "the file name"
    if earlier and earlier[1]:
        path, doc_id = earlier[0], earlier[1]
    else:
        doc_id = _unique_id(slug(title), existing.ids, folder)
        path = folder / f"{doc_id}.md"
    fields, to_fill = front_matter(doc_id, title, kind, converted.details)
    image_folder = path.with_name(f"{path.stem}-images")
    body = converted.with_image_folder(image_folder.name)
    text = document_text(source.name, fields, body)
    try:
        write_document(path, text, converted, image_folder)
    except OSError as error:
        return Outcome(source, State.FAILED, f"{source}: could not write {path} ({error})")
    existing.ids.add(doc_id)
    existing.imported[marker_name(source.name)] = (path, doc_id)
    outcome = Outcome(source, State.REPLACED if earlier else State.IMPORTED, path=path,
                      doc_id=doc_id, to_fill=to_fill, notes=converted.notes)
    outcome.found = [f"title ({title_from})"] + [
        f"{name} {describe(converted.details.values[name])}"
        for name in ("owner", "approved_by", "approved", "review_by", "version")
        if name in converted.details.values]
    for number, image in enumerate(converted.images, start=1):
        if not image.alt:
            outcome.to_fill.append(f"text: image {number} has no description")
    outcome.dropped = _dropped(found_artefacts, converted.dropped_contents_heading)
    for name, said in converted.details.unusable.items():
        outcome.notes.append(f"{name}: Word said {said!r}, which is not usable as it is")
    return outcome


def _unique_id(base: str, taken: set[str], folder: Path) -> str:
    doc_id, number = base, 2
    while doc_id in taken or (folder / f"{doc_id}.md").exists() or \
            (folder / f"{doc_id}-images").exists():
        doc_id, number = f"{base}-{number}", number + 1
    return doc_id


def _core_title(data: bytes) -> str | None:
    """The title in the document's properties (File > Info), if it has one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ET.fromstring(archive.read("docProps/core.xml"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile):
        return None
    element = root.find("{http://purl.org/dc/elements/1.1/}title")
    return element.text if element is not None and element.text else None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _dropped(found: Artefacts, contents_heading: bool) -> list[str]:
    dropped = []
    if found.insertions or found.deletions:
        dropped.append(f"tracked changes accepted: {_plural(found.insertions, 'insertion')} "
                       f"kept, {_plural(found.deletions, 'deletion')} taken out")
    if found.comments:
        quoted = "; ".join(f'"{c[:60]}"' for c in found.comments[:3])
        more = f" and {len(found.comments) - 3} more" if len(found.comments) > 3 else ""
        dropped.append(f"{_plural(len(found.comments), 'comment')} ({quoted}{more}): "
                       "read them in Word before you delete the Word file")
    if found.contents or contents_heading:
        dropped.append("the table of contents (the site makes its own)")
    if found.header_footer:
        quoted = "; ".join(f'"{t[:60]}"' for t in found.header_footer)
        dropped.append(f"headers and footers ({quoted})")
    if found.page_breaks:
        dropped.append(_plural(found.page_breaks, "page break"))
    if found.empty_paragraphs:
        dropped.append(_plural(found.empty_paragraphs, "empty paragraph"))
    return dropped
