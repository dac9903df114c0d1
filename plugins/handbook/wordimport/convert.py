"""From .docx to Markdown: mammoth reads Word, markdownify writes Markdown.

mammoth turns the document's meaning (headings by style, lists by numbering,
bold, links, tables, images with their alt text) into plain HTML and ignores
Word's look. Between the two steps we work on that HTML: take out the title and
the policy details, drop the table of contents, set heading levels under the
title, and write tables ourselves, as Markdown where a table can be one and as
HTML where it cannot (merged cells, lists or several paragraphs in a cell).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import mammoth
from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter

from .details import Details, label_field, split_line

IMAGE_PLACEHOLDER = "[FILL IN: describe this image]"
_IMAGE_TOKEN = "handbook-image-{}-here"  # the end keeps image 1 from matching image 10

# Word's Title style is the document's title; the contents (TOC styles) is dropped, since
# the site builds its own (mammoth matches style names ignoring case); "List Bullet 2"
# and the like are nested lists in many templates.
STYLE_MAP = """
p[style-name='Title'] => h1.word-title:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name^='TOC'] => !
p[style-name^='Contents'] => !
p[style-name='List Bullet 2'] => ul|ol > li > ul > li:fresh
p[style-name='List Bullet 3'] => ul|ol > li > ul|ol > li > ul > li:fresh
p[style-name='List Number 2'] => ul|ol > li > ol > li:fresh
p[style-name='List Number 3'] => ul|ol > li > ul|ol > li > ol > li:fresh
"""

_WEB_IMAGES = frozenset({"png", "jpg", "gif", "svg", "webp", "avif"})
_BRACKETS = str.maketrans("[]", "()")
_WEB_LINK = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)
_IGNORED_MESSAGES = re.compile(r"style|was referenced but not defined", re.IGNORECASE)


@dataclass
class Image:
    """One picture from the document, to be written beside the Markdown."""

    number: int
    extension: str
    data: bytes
    alt: str


@dataclass
class Converted:
    """The document as Markdown, with what was read from it and what Word lost on the way."""

    title: str | None
    title_from: str
    markdown: str
    details: Details
    images: list[Image] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped_contents_heading: bool = False

    def with_image_folder(self, folder: str) -> str:
        """The Markdown with each picture linked from `folder` (beside the document)."""
        text = self.markdown
        for image in self.images:
            text = text.replace(_IMAGE_TOKEN.format(image.number),
                                f"{folder}/{image_name(image)}")
        return text


def image_name(image: Image) -> str:
    return f"image-{image.number}.{image.extension}"


def convert(data: bytes, core_title: str | None) -> Converted:
    """Convert a .docx (already checked by `reading.read_docx`) to Markdown."""
    images: list[Image] = []

    def keep_image(image) -> dict[str, str]:
        number = len(images) + 1
        extension = (image.content_type or "image/png").split("/")[-1].split("+")[0]
        extension = {"jpeg": "jpg", "x-emf": "emf", "x-wmf": "wmf"}.get(extension, extension)
        with image.open() as stream:
            payload = stream.read()
        # Square brackets would end the Markdown image's alt text early.
        alt = re.sub(r"\s+", " ", image.alt_text or "").strip().translate(_BRACKETS)
        images.append(Image(number, re.sub(r"[^a-z0-9]", "", extension) or "bin", payload, alt))
        return {"src": _IMAGE_TOKEN.format(number), "alt": alt or IMAGE_PLACEHOLDER}

    result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP,
                                     convert_image=mammoth.images.img_element(keep_image))
    soup = BeautifulSoup(result.value, "html.parser")
    notes = [f"Word converter: {m.message}" for m in result.messages
             if not _IGNORED_MESSAGES.search(m.message)]
    details = _take_details(soup)
    title, title_from = _take_title(soup, core_title)
    dropped_heading = _drop_contents_heading(soup)
    notes += _unlink(soup)
    _set_heading_levels(soup)
    tables = _take_tables(soup)
    markdown = _Markdown(heading_style="ATX", bullets="-", escape_underscores=False,
                         ).convert_soup(soup)
    for token, text in tables.items():
        markdown = markdown.replace(token, text)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    for image in images:
        if not image.alt:
            notes.append(f"image {image.number} has no alt text in Word")
        if image.extension not in _WEB_IMAGES:
            notes.append(f"image {image.number} is a .{image.extension} file, which web "
                         "browsers do not show: replace it with a PNG or JPEG and change "
                         "its link")
    return Converted(title, title_from, markdown, details, images, notes, dropped_heading)


def _take_title(soup: BeautifulSoup, core_title: str | None) -> tuple[str | None, str]:
    """The title, in the order Word makes it plain.

    The Title style; else a heading with no text before it; else the title in the
    document's properties; else the first heading. A heading that comes after text is
    often "1. Introduction" under a title typed in bold, so the properties come first.
    """
    heading = soup.find("h1", class_="word-title") or _leading_heading(soup)
    if heading is None and core_title and core_title.strip():
        return re.sub(r"\s+", " ", core_title).strip(), "the document's properties"
    heading = heading or soup.find(re.compile(r"^h[1-6]$"))
    if heading is not None and heading.get_text(" ", strip=True):
        title = re.sub(r"\s+", " ", heading.get_text(" ", strip=True))
        heading.decompose()
        return title, "the first heading"
    return None, ""


def _leading_heading(soup: BeautifulSoup) -> Tag | None:
    for element in soup.find_all(True, recursive=False):
        if re.match(r"^h[1-6]$", element.name):
            return element if element.get_text(strip=True) else None
        if element.name != "table" and element.get_text(strip=True):
            return None
    return None


def _cell_text(cell: Tag) -> str:
    return re.sub(r"\s+", " ", cell.get_text(" ", strip=True))


def _take_details(soup: BeautifulSoup) -> Details:
    """Read and take out the policy details table and "Label: value" lines.

    A table is one of details when at least two of its label cells name a field; its
    rows that name none stay in the document, as a smaller table. Lines are taken
    only when every line of the paragraph is a known label and its value.
    """
    details = Details()
    for table in soup.find_all("table"):
        if table.find_parent("table") is not None:
            continue
        rows = [[c for c in row.find_all(["td", "th"], recursive=False)]
                for row in _rows(table)]
        taken = _take_label_rows(rows, details) or _take_label_columns(rows, details, table)
        if taken and not _rows(table):
            table.decompose()
    for paragraph in soup.find_all("p"):
        if paragraph.find_parent(["table", "li"]) is not None:
            continue
        lines = _lines(paragraph)
        pairs = [pair for pair in map(split_line, lines) if pair is not None]
        if lines and len(pairs) == len(lines):  # every line is a detail
            for name, value in pairs:
                details.offer(name, value)
            paragraph.decompose()
    details.settle()
    return details


def _rows(table: Tag) -> list[Tag]:
    return [row for row in table.find_all("tr") if row.find_parent("table") is table]


def _take_label_rows(rows: list[list[Tag]], details: Details) -> bool:
    """Rows of `label | value` (or `label | value | label | value`)."""
    labelled = [row for row in rows if len(row) in (2, 4)
                and any(label_field(_cell_text(row[i])) for i in range(0, len(row), 2))]
    if sum(1 for row in labelled for i in range(0, len(row), 2)
           if label_field(_cell_text(row[i]))) < 2:
        return False
    for row in labelled:
        pairs = [(row[i], row[i + 1]) for i in range(0, len(row), 2)]
        if not all(label_field(_cell_text(label)) for label, _ in pairs):
            continue  # a row that mixes details with other text stays, whole
        for label, value in pairs:
            details.offer(label_field(_cell_text(label)) or "", _cell_text(value))
        # Each cell was found as a child of its row, so the row is there.
        if (parent := row[0].find_parent("tr")) is not None:
            parent.decompose()
    return True


def _take_label_columns(rows: list[list[Tag]], details: Details, table: Tag) -> bool:
    """A row of labels over a row of values."""
    if len(rows) != 2 or len(rows[0]) != len(rows[1]):
        return False
    names = [label_field(_cell_text(cell)) for cell in rows[0]]
    if sum(1 for n in names if n) < 2 or not all(names):
        return False
    for name, value in zip(names, rows[1], strict=True):
        details.offer(name or "", _cell_text(value))
    for row in _rows(table):
        row.decompose()
    return True


def _lines(paragraph: Tag) -> list[str]:
    """The paragraph's lines (split at line breaks), if each is short enough to be a detail."""
    text = "".join("\n" if getattr(node, "name", None) == "br" else
                   (str(node) if isinstance(node, NavigableString) else "")
                   for node in paragraph.descendants)
    lines = [line for line in text.split("\n") if line.strip()]
    return lines if all(len(line) <= 160 for line in lines) else []


def _drop_contents_heading(soup: BeautifulSoup) -> bool:
    """A "Contents" heading left with nothing under it once the contents are dropped."""
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        if heading.get_text(" ", strip=True).lower().rstrip(":") in (
                "contents", "table of contents", "index"):
            following = heading.find_next_sibling()
            if following is None or re.match(r"^h[1-6]$", following.name or ""):
                heading.decompose()
                return True
    return False


def _unlink(soup: BeautifulSoup) -> list[str]:
    """Keep links to web pages, email and phone; unlink the rest, saying which.

    Links within the document point at Word bookmarks the site does not have, and
    links to files on someone's computer or other schemes cannot work on the site.
    """
    notes = []
    for link in soup.find_all("a"):
        href = str(link.get("href", ""))
        if href and not href.startswith("#") and not _WEB_LINK.match(href):
            notes.append(f"link {link.get_text(' ', strip=True)!r} to {href[:80]!r} kept as "
                         "plain text: it does not point at a web page")
        if not _WEB_LINK.match(href):
            link.unwrap()
    return notes


def _set_heading_levels(soup: BeautifulSoup) -> None:
    """The title is the page's only level-1 heading; the top level under it becomes `##`."""
    headings = soup.find_all(re.compile(r"^h[1-6]$"))
    if not headings:
        return
    shift = 2 - min(int(h.name[1]) for h in headings)
    for heading in headings:
        heading.name = f"h{min(6, int(heading.name[1]) + shift)}"
        heading.attrs = {}


def _take_tables(soup: BeautifulSoup) -> dict[str, str]:
    """Replace each table by a token; returns each token's Markdown (or HTML) table."""
    tables = {}
    for number, table in enumerate(soup.find_all("table")):
        if table.find_parent("table") is not None or table.parent is None:
            continue
        token = f"HANDBOOKTABLE{number}X"
        rows = _rows(table)
        if rows:
            tables[token] = _markdown_table(rows) or _html_table(table)
            table.replace_with(_block(soup, token))
        else:
            table.decompose()
    return tables


def _block(soup: BeautifulSoup, text: str) -> Tag:
    paragraph = soup.new_tag("p")
    paragraph.append(NavigableString(text))
    return paragraph


def _markdown_table(rows: list[Tag]) -> str | None:
    """A Markdown table, or None when the table cannot be one without losing something."""
    grid = []
    for row in rows:
        cells = row.find_all(["td", "th"], recursive=False)
        if any(c.get("colspan") not in (None, "1") or c.get("rowspan") not in (None, "1")
               for c in cells):
            return None
        line = []
        for cell in cells:
            if cell.find(["ul", "ol", "table", "img", "h1", "h2", "h3", "h4", "h5", "h6"]) \
                    or len(cell.find_all("p")) > 1 or cell.find("br"):
                return None
            text = _Markdown(escape_underscores=False).convert(cell.decode_contents())
            line.append(re.sub(r"\s+", " ", text).strip().replace("|", "\\|"))
        grid.append(line)
    width = max(len(line) for line in grid)
    if width == 0 or any(len(line) != width for line in grid):
        return None
    head, *body = grid
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(line) + " |" for line in body]
    return "\n".join(lines)


def _html_table(table: Tag) -> str:
    """The table as one line of HTML, so Markdown keeps it as a block."""
    for element in table.find_all(True):
        element.attrs = {k: v for k, v in element.attrs.items()
                         if k in ("colspan", "rowspan", "href", "src", "alt")}
    return re.sub(r"\s*\n\s*", " ", str(table))


_BLOCK_START = re.compile(r"^(\s*)(#|>|!!!|\?\?\?|[-+*=](?=\s|$))", re.MULTILINE)
_NUMBER_START = re.compile(r"^(\s*\d+)([.)])(?=\s|$)", re.MULTILINE)


class _Markdown(MarkdownConverter):
    """markdownify, made safe and right for Python-Markdown.

    Word's text is text: `<` and `&` are escaped so nothing in a document becomes HTML
    (or script), and a paragraph starting "#1" or "1." stays a paragraph. Lists are
    indented by four spaces, as Python-Markdown needs to nest them.
    """

    def escape(self, text, parent_tags):
        # markdownify's stub lists only a few of MarkdownConverter's methods.
        text = super().escape(text, parent_tags)  # type: ignore[misc]
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("`", "\\`")

    def convert_p(self, el, text, parent_tags):
        if "_inline" not in parent_tags:
            text = _NUMBER_START.sub(r"\1\\\2", _BLOCK_START.sub(r"\1\\\2", text.strip()))
        return super().convert_p(el, text, parent_tags)  # type: ignore[misc]  # as above

    def convert_li(self, el, text, parent_tags):
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = int(parent["start"]) if str(parent.get("start", "")).isdigit() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        lines = text.split("\n")
        indented = [lines[0]] + [("    " + line) if line.strip() else "" for line in lines[1:]]
        return f"{bullet} " + "\n".join(indented) + "\n"
