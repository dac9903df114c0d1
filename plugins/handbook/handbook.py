"""The whole handbook: every document, and the checks that need all of them.

Loading never stops at the first bad file: each file is validated on its own,
then ids and references are checked across the set, and every problem is kept.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .frontmatter import decode
from .model import DocType, Document, SourceFile, Status
from .problems import Problem, Severity
from .settings import Settings
from .validate import Checked, validate_file

if TYPE_CHECKING:
    from .memo import Memo


@dataclass
class Handbook:
    """Valid documents in source order, plus every problem found on the way.

    `declared` holds every id a file declares, valid or not: a new document must
    not take one of them.
    """

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    declared: set[str] = field(default_factory=set)
    # src_uri -> the text the build should read instead of the file (see `Checked`).
    substitutes: dict[str, str] = field(default_factory=dict)
    # Every Markdown file read, and how many of them have errors: the summary counts
    # the broken ones too, or a check of nine files would say "8 documents" and pass over one.
    files: int = 0
    files_with_errors: int = 0

    def __post_init__(self) -> None:
        self.by_id: dict[str, Document] = {d.id: d for d in self.documents}
        self.by_src_uri: dict[str, Document] = {d.src_uri: d for d in self.documents}
        # Who names each id in `related`: only documents in force point back.
        self._named_by: dict[str, list[Document]] = {}
        for doc in self.documents:
            if doc.status in (None, Status.APPROVED):
                for ref in doc.related:
                    self._named_by.setdefault(ref, []).append(doc)

    def get(self, doc_id: str) -> Document | None:
        return self.by_id.get(doc_id)

    def related_to(self, doc: Document) -> list[Document]:
        """Documents linked with `doc` through `related`, in either direction.

        An author names what a new document rests on; the documents named link
        back without anyone editing them, so a link is never one-way.
        """
        found = {ref: self.by_id[ref] for ref in doc.related if ref in self.by_id}
        found.update((other.id, other) for other in self._named_by.get(doc.id, ()))
        found.pop(doc.id, None)
        return sorted(found.values(), key=lambda d: d.title.lower())

    @property
    def controlled(self) -> list[Document]:
        return [d for d in self.documents if d.controlled]

    @property
    def lessons(self) -> list[Document]:
        return [d for d in self.documents if d.type is DocType.LESSON]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def load(sources: Iterable[SourceFile], settings: Settings | None = None,
         memo: Memo[Hashable, Any] | None = None) -> Handbook:
    """Validate every file, then the links between them.

    With `memo` (kept by `mkdocs serve` between rebuilds, see `cache`), a file
    whose text is unchanged is not validated again: its result depends on
    nothing but its text, path and the settings. The checks across files run
    every time, on the whole set.
    """
    settings = settings or Settings()
    if memo is None:
        checked = [validate_file(source, settings) for source in sources]
    else:
        checked = [memo.get((source, settings), partial(validate_file, source, settings))
                   for source in sources]
    problems = [p for c in checked for p in c.problems]
    documents = _unique(checked, problems)
    declared = {c.declared_id for c in checked if c.declared_id}
    substitutes = {c.source.src_uri: c.substitute for c in checked if c.substitute is not None}
    handbook = Handbook(documents, problems, declared, substitutes, files=len(checked))
    for result in checked:
        _check_references(result, handbook, problems)
    handbook.files_with_errors = len({p.path for p in problems if p.severity is Severity.ERROR})
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return handbook


def _unique(checked: list[Checked], problems: list[Problem]) -> list[Document]:
    """Keep the first document of each id; every other file with that id is an error."""
    first: dict[str, str] = {}
    documents = []
    for result in checked:
        doc_id = result.declared_id
        if doc_id is None:
            continue
        if doc_id in first:
            problems.append(Problem(
                result.source.path, "id",
                f"'{doc_id}' is already the id of {first[doc_id]}; "
                "each document needs its own id", line=result.lines.get("id"),
            ))
            continue
        first[doc_id] = result.source.path
        if result.document is not None:
            documents.append(result.document)
    return documents


def _check_references(result: Checked, handbook: Handbook, problems: list[Problem]) -> None:
    """Every id a file points at must exist, and be the right kind of document.

    Checked on the file's well-formed values, so a file with other errors still
    has its references reported in the same run.
    """
    values, path = result.values, result.source.path
    wanted: list[tuple[str, str, bool]] = [
        (ref, "related", False) for ref in values.get("related", [])]
    wanted += [(ref, "lessons", True) for ref in values.get("lessons", [])]
    if values.get("superseded_by"):
        wanted.append((values["superseded_by"], "superseded_by", False))
    for ref, name, must_be_lesson in wanted:
        line = result.lines.get(name)
        if ref not in handbook.declared:
            pool = [d.id for d in (handbook.lessons if must_be_lesson else handbook.documents)]
            hint = difflib.get_close_matches(ref, pool, n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
            problems.append(Problem(
                path, name, f"no document has the id '{ref}'{suggestion}", line=line,
            ))
            continue
        target = handbook.get(ref)
        if must_be_lesson and target is not None and target.type is not DocType.LESSON:
            problems.append(Problem(
                path, name,
                f"expected the id of a lesson, got '{ref}' (a {target.type})", line=line,
            ))
        if ref == result.declared_id:
            problems.append(Problem(path, name, "a document cannot point at itself",
                                    line=line))


def read_docs_dir(docs_dir: str | os.PathLike[str]) -> list[SourceFile]:
    """Read every Markdown file below `docs_dir`, skipping what MkDocs skips.

    MkDocs leaves out dot-files and the top `templates/` folder by default; so do we,
    so `handbook check` sees the same files as the build.
    """
    root = Path(docs_dir)
    sources = []
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or (
                len(relative.parts) > 1 and relative.parts[0] == "templates"):
            continue
        text, undecodable = decode(path.read_bytes())
        sources.append(SourceFile(str(root / relative), relative.as_posix(), text, undecodable))
    return sources


def within(path: str, folder: str) -> bool:
    """`path` is `folder` or inside it (both real, absolute paths)."""
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


def outside_links(docs_dir: str | os.PathLike[str], shown: str | None = None) -> list[Problem]:
    """Every link in the docs folder that leads out of it, as an error naming the link.

    MkDocs follows links, so one pointing at the records folder would publish the
    roster and sign-off records; a link inside docs/ to docs/ is fine.
    """
    root = os.path.realpath(docs_dir)
    shown = shown if shown is not None else str(docs_dir)
    problems = []
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted([*dirs, *(n for n in names if not n.startswith("."))]):
            path = os.path.join(folder, name)
            if os.path.islink(path) and not within(os.path.realpath(path), root):
                relative = os.path.join(shown, os.path.relpath(path, docs_dir))
                problems.append(Problem(
                    relative, None,
                    f"is a link to {os.readlink(path)}, outside the docs folder; links out "
                    "of docs/ are refused, as they could publish private files such as the "
                    "staff roster: copy what you need into docs/ instead"))
    return problems
