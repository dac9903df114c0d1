"""Real Word files for the import tests, built with python-docx.

python-docx has no API for tracked changes, hyperlinks, alt text or a table of
contents, so those are written as the WordprocessingML elements Word itself
writes. The broken inputs are real too: an encrypted .docx from msoffcrypto-tool
and a minimal OLE compound file holding a `WordDocument` stream, as a .doc does.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
import msoffcrypto
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def png(red: int = 200) -> bytes:
    """A 2x2 PNG, written by hand so the tests need no imaging library."""
    rows = b"".join(b"\x00" + bytes((red, 40, 40)) * 2 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _run(text: str, tag: str = "w:t") -> OxmlElement:
    run = OxmlElement("w:r")
    element = OxmlElement(tag)
    element.text = text
    element.set(qn("xml:space"), "preserve")
    run.append(element)
    return run


def hyperlink(paragraph, text: str, url: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK,
                                                  is_external=True))
    link.append(_run(text))
    paragraph._p.append(link)


def tracked(paragraph, inserted: str, deleted: str) -> None:
    """An insertion and a deletion, as Word records them with Track Changes on."""
    for tag, text, number in (("w:ins", inserted, "101"), ("w:del", deleted, "102")):
        change = OxmlElement(tag)
        change.set(qn("w:id"), number)
        change.set(qn("w:author"), "Reviewer")
        change.set(qn("w:date"), "2025-08-01T09:00:00Z")
        change.append(_run(text, "w:delText" if tag == "w:del" else "w:t"))
        paragraph._p.append(change)


def list_level(paragraph, level: int, num_id: int) -> None:
    """Indent a list item the way Word does when you press Tab: a numbering level."""
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = num_id


def bullet_numbering(document) -> int:
    """A multi-level bullet list definition, as Word writes one; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for level, symbol in enumerate("•o▪"):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", "bullet"), ("w:lvlText", symbol)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
    numbering.insert(numbering.index(numbering.find(qn("w:num"))), abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), "90")
    num.append(reference)
    numbering.append(num)
    return 90


def picture(document, data: bytes, alt: str | None) -> None:
    document.add_picture(io.BytesIO(data))
    if alt is not None:
        properties = document.inline_shapes[-1]._inline.docPr
        properties.set("descr", alt)


def contents(document, entries: list[str]) -> None:
    """A table of contents as Word inserts it: a content control holding a TOC field."""
    for name in ("toc 1",):
        if name not in [s.name for s in document.styles]:
            document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    block = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    part = OxmlElement("w:docPartObj")
    gallery = OxmlElement("w:docPartGallery")
    gallery.set(qn("w:val"), "Table of Contents")
    part.append(gallery)
    properties.append(part)
    block.append(properties)
    content = OxmlElement("w:sdtContent")
    heading = document.add_paragraph("Contents", style="TOC Heading")
    content.append(heading._p)
    for number, entry in enumerate(entries):
        line = document.add_paragraph(style="toc 1")
        if number == 0:
            begin = OxmlElement("w:r")
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), "begin")
            begin.append(char)
            line._p.append(begin)
            line._p.append(_run(' TOC \\o "1-3" \\h \\z \\u ', "w:instrText"))
            separate = OxmlElement("w:r")
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), "separate")
            separate.append(char)
            line._p.append(separate)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), f"_Toc{number}")
        link.append(_run(f"{entry}\t{number + 2}"))
        line._p.append(link)
        content.append(line._p)
    end = document.add_paragraph()
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    run.append(char)
    end._p.append(run)
    content.append(end._p)
    block.append(content)
    document.element.body.insert(len(document.element.body) - 1, block)


def details_table(document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def full_policy(path: Path) -> Path:
    """A policy as settings have them: title, details table, contents, and every feature."""
    document = docx.Document()
    document.core_properties.title = "Old title in the properties"
    document.sections[0].header.paragraphs[0].text = "Little Acorns Nursery: confidential"
    document.sections[0].footer.paragraphs[0].text = "Page 1 of 3"
    document.add_heading("Safeguarding and Child Protection Policy", 0)
    details_table(document, [
        ("Policy owner", "Designated Safeguarding Lead"),
        ("Date adopted", "1st September 2025"),
        ("Review date", "01/09/2026"),
        ("Version", "3"),
        ("Signed by", "Board of trustees"),
        ("Setting", "Little Acorns Nursery"),
    ])
    document.add_paragraph("")
    contents(document, ["Purpose", "Procedures"])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Purpose", 1)
    intro = document.add_paragraph("Everyone here keeps ")
    intro.add_run("children").bold = True
    intro.add_run(" safe and ")
    intro.add_run("listens").italic = True
    intro.add_run(". Read ")
    hyperlink(intro, "Keeping children safe in education",
              "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2")
    intro.add_run(".")
    document.add_comment(intro.runs[0], text="Check this with the DSL", author="Manager")
    document.add_paragraph("")
    document.add_heading("Signs of abuse", 2)
    bullets = bullet_numbering(document)
    for text, level in (("Changes in behaviour", 0), ("Becoming withdrawn", 1),
                        ("Not wanting to go home", 2), ("Unexplained injuries", 0)):
        list_level(document.add_paragraph(text, style="List Paragraph"), level, bullets)
    document.add_heading("Procedures", 1)
    document.add_paragraph("Listen to the child", style="List Number")
    document.add_paragraph("Do not promise to keep a secret", style="List Bullet 2")
    document.add_paragraph("Tell the DSL the same day", style="List Number")
    change = document.add_paragraph("Record the concern ")
    tracked(change, "on the concern form", "in the diary")
    document.add_paragraph("Who to contact:")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("Role", "Name", "Phone"),
                             ("DSL", "The manager", "01632 960 001"),
                             ("Children's services", "Front door | duty", "01632 960 002")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("")
    picture(document, png(), "Poster showing who the DSL is")
    picture(document, png(90), None)
    document.add_paragraph("")
    document.save(path)
    return path


def lined_policy(path: Path) -> Path:
    """A plainer template: no headings, details as "Label: value" lines."""
    document = docx.Document()
    document.core_properties.title = "Lost Child Procedure"
    document.add_paragraph("Policy owner: Nursery manager")
    document.add_paragraph("Approved: September 2025")
    document.add_paragraph("Review date: 15th Sept 2026")
    document.add_paragraph("If a child is missing, search the setting at once.")
    document.add_heading("What to do", 1)
    merged = document.add_table(rows=2, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Call 999 after ten minutes"
    merged.cell(1, 0).text = "Then"
    merged.cell(1, 1).text = "Tell the parents"
    document.save(path)
    return path


def encrypted(source: Path, path: Path, password: str = "secret") -> Path:
    """The .docx as Word saves it with a password: an encrypted OLE compound file."""
    with source.open("rb") as stream:
        office = msoffcrypto.OfficeFile(stream)
        with path.open("wb") as out:
            office.encrypt(password, out)
    return path


def legacy_doc(path: Path) -> Path:
    """A minimal Word 97-2003 file: an OLE compound file with a WordDocument stream."""
    sector, free, end, fat_sector, no_stream = 512, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    stream = b"\xec\xa5" + b"\x00" * 4094  # the Word binary format's magic number, then nothing
    data_sectors = len(stream) // sector
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    fat = [fat_sector, end] + [3 + i for i in range(data_sectors - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", no_stream, no_stream, child) + b"\x00" * 16
                + struct.pack("<I", 0) + b"\x00" * 16 + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("WordDocument", 2, no_stream, 2,
                                                            len(stream))
                 + entry("", 0, no_stream, 0, 0) * 2)
    path.write_bytes(header + struct.pack(f"<{sector // 4}I", *fat) + directory + stream)
    return path


def hostile_policy(path: Path, nasty: str) -> Path:
    """Every place Word text lands, holding markup; and links that must not stay links."""
    document = docx.Document()
    document.add_heading(f"Policy {nasty}", 0)
    details_table(document, [("Policy owner", f"Owner {nasty}"), ("Version", "1")])
    document.add_paragraph(f"Text {nasty}")
    document.add_paragraph("#1 priority, not a heading")
    document.add_paragraph("1. not a list")
    links = document.add_paragraph("Links: ")
    hyperlink(links, "run me", "javascript:window.__pwned=3")
    links.add_run(" and ")
    hyperlink(links, "the old file", "file:///C:/Policies/old.docx")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Cell", f"Simple {nasty}"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = f"Merged {nasty}"
    picture(document, png(), f"Alt [with] brackets {nasty}")
    document.save(path)
    return path
