"""Opening a Word file, or saying in plain words why it cannot be opened.

The extension is not trusted: a renamed text file, an empty file, a pre-2007
.doc and a password-protected .docx (which Word saves as an OLE compound file,
not a zip) are each told apart by their first bytes, so the message says what
to do about that file.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import olefile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_PART = "word/document.xml"
# Word documents in other forms; in a folder these are reported, other files ignored.
WORD_LIKE = frozenset({".docx", ".docm", ".dotx", ".dotm", ".doc", ".dot", ".rtf", ".odt"})
_SAVE_AS = ("open it in Word and save it as a Word Document (.docx) with File > Save As, "
            "then import the .docx")


class UnreadableFile(Exception):
    """The file cannot be imported; the message names it and says what to do."""


def read_docx(path: Path) -> bytes:
    """The bytes of a .docx, or UnreadableFile naming the file and the fix."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"{path}: cannot be read ({error.strerror or error})") from error
    if not data:
        raise UnreadableFile(f"{path}: is empty (0 bytes), not a Word document")
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(f"{path}: {_ole_kind(data)}")
    if data.lstrip().startswith(b"{\\rtf"):
        raise UnreadableFile(f"{path}: is a Rich Text (RTF) file, not a .docx: {_SAVE_AS}")
    if not data.startswith(b"PK"):
        kind = "a text file" if _looks_like_text(data) else "not a Word document"
        raise UnreadableFile(f"{path}: is {kind}, not a .docx (whatever its name says)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if DOCX_PART not in names:
                what = "an OpenDocument file" if "content.xml" in names else "a zip file"
                raise UnreadableFile(f"{path}: is {what}, not a Word document (no "
                                     f"{DOCX_PART} inside): {_SAVE_AS}")
            broken = archive.testzip()
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"{path}: is damaged (not a complete .docx: {error}); open it in "
                             "Word, save a new copy and import that") from error
    if broken:
        raise UnreadableFile(f"{path}: is damaged ({broken} inside it cannot be read); open it "
                             "in Word, save a new copy and import that")
    return data


def _ole_kind(data: bytes) -> str:
    try:
        with olefile.OleFileIO(data) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                return ("is password-protected, so it cannot be read: open it in Word, remove "
                        "the password (File > Info > Protect Document > Encrypt with Password, "
                        "then clear it), save, and import it again")
            if ole.exists("WordDocument"):
                return ("is a Word 97-2003 document (.doc), which the import cannot read: "
                        + _SAVE_AS)
    except (OSError, ValueError) as error:  # olefile reports damage as either
        return f"is a damaged Office file ({error}): {_SAVE_AS}"
    return "is an older Office file, not a Word document (.docx)"


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


@dataclass
class Artefacts:
    """What Word holds that the Markdown will not: counted so the summary can say so."""

    insertions: int = 0
    deletions: int = 0
    comments: list[str] = field(default_factory=list)
    page_breaks: int = 0
    empty_paragraphs: int = 0
    contents: bool = False
    header_footer: list[str] = field(default_factory=list)


def artefacts(data: bytes) -> Artefacts:
    """Count tracked changes, comments, breaks, empty paragraphs, the contents and headers."""
    found = Artefacts()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        body = _xml(archive, DOCX_PART)
        if body is not None:
            found.insertions = sum(1 for e in body.iter(f"{W}ins") if len(e))
            found.deletions = sum(1 for e in body.iter(f"{W}del") if len(e))
            found.page_breaks = sum(1 for e in body.iter(f"{W}br")
                                    if e.get(f"{W}type") == "page")
            top = body.find(f"{W}body")
            found.empty_paragraphs = sum(1 for p in (top if top is not None else [])
                                         if p.tag == f"{W}p" and _is_empty(p))
            found.contents = _has_contents(body)
        comments = _xml(archive, "word/comments.xml")
        if comments is not None:
            found.comments = [_text(c) for c in comments.iter(f"{W}comment")]
        for name in sorted(names):
            if re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                part = _xml(archive, name)
                text = _text(part) if part is not None else ""
                if text and text not in found.header_footer:
                    found.header_footer.append(text)
    return found


def _xml(archive: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        return ET.fromstring(archive.read(name))
    except (KeyError, ET.ParseError):
        return None


def _text(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(t.text or "" for t in element.iter(f"{W}t"))).strip()


def _is_empty(paragraph: ET.Element) -> bool:
    if _text(paragraph):
        return False
    return not any(child.tag.endswith(("}drawing", "}pict", "}object", "}tab"))
                   for child in paragraph.iter())


def _has_contents(body: ET.Element) -> bool:
    for element in body.iter():
        if element.tag == f"{W}instrText" and (element.text or "").strip().startswith("TOC"):
            return True
        if element.tag == f"{W}fldSimple" and element.get(f"{W}instr", "").strip().startswith(
                "TOC"):
            return True
        if element.tag == f"{W}docPartGallery" and "contents" in element.get(f"{W}val",
                                                                           "").lower():
            return True
        if element.tag == f"{W}pStyle" and element.get(f"{W}val", "").upper().startswith("TOC"):
            return True
    return False
