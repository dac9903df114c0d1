"""The whole handbook as one print page, and the PDF Chromium prints from it.

`handbook pdf` builds the public site, then puts every document in force (in
the order of the navigation) on one page with a cover and a contents list, and
has Chromium print it. The contents list gets its page numbers from a first
print: each document starts on a new page in a section with its own id, found
again in the PDF (Chromium keeps each id as a named destination). Bookmarks
are added to the PDF afterwards.

Playwright and pypdf are imported only when printing: they are the `pdf` extra.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .dates import long_date
from .model import Document, Status
from .reviews import Review

ASSETS = Path(__file__).resolve().parent / "assets"
PRINT_CSS = "assets/handbook/print.css"
PRINT_PAGE = "handbook-print.html"
PLACEHOLDER = "000"


class PrintError(Exception):
    """The PDF cannot be made; the message says what to do."""


@dataclass
class Section:
    """One document's part of the print page."""

    doc: Document
    review: Review | None
    article: str  # the document's article from its built page, links rebased to the top


def in_print(doc: Document) -> bool:
    """Documents in force go in the PDF: approved controlled documents, and lessons."""
    return doc.status is Status.APPROVED if doc.controlled else doc.type.value == "lesson"


def nav_order(nav: object) -> list[str]:
    """The Markdown files named in mkdocs.yml's nav, in order."""
    found: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, str):
            if item.endswith(".md"):
                found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    return found


def page_path(src_uri: str) -> str:
    """Where a page is in a build without directory URLs: policies/x.md -> policies/x.html."""
    return src_uri[:-3] + ".html" if src_uri.endswith(".md") else src_uri


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_URL_ATTR = re.compile(r'\b(src|href)="([^"#?][^"]*)"')
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)


def article(page_html: str, page: str) -> str:
    """A built page's article, its relative links and images pointing from the top folder."""
    found = _ARTICLE.search(page_html)
    if found is None:
        raise PrintError(f"{page}: no article in the built page (is the theme Material?)")
    body = _SCRIPT.sub("", found.group(1))
    folder = posixpath.dirname(page)

    def rebase(match: re.Match[str]) -> str:
        url = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", url, re.I):
            return match.group(0)
        return f'{match.group(1)}="{posixpath.normpath(posixpath.join(folder, url))}"'

    body = _URL_ATTR.sub(rebase, body)
    # Folded parts (pymdownx.details) print open.
    return re.sub(r"<details(?![^>]*\bopen\b)", "<details open", body)


def stylesheets(index_html: str) -> list[str]:
    """The theme's stylesheets, as the built home page links them."""
    return [m.group(1) for m in re.finditer(
        r'<link rel="stylesheet" href="([^"]+)"', index_html)]


def footer(day: date) -> str:
    """Chromium's footer template: the same on every page."""
    return ('<div style="font-size:8px;font-family:sans-serif;width:100%;padding:0 15mm;'
            'display:flex;justify-content:space-between;color:#333">'
            f"<span>Uncontrolled when printed on {long_date(day)}: check the online handbook "
            "for the current version.</span>"
            '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span>'
            "</span></div>")


def print_page(*, site_name: str, edition: str, day: date, sheets: list[str],
               sections: list[Section], pages: list[int] | None = None) -> str:
    """The print page: cover, contents (with `pages`, once known), then every document."""
    esc = html.escape
    n = len(sections)
    numbers = [str(p) for p in pages] if pages else [PLACEHOLDER] * n
    contents = "\n".join(
        f'<li><a href="#doc-{esc(s.doc.id)}"><span class="handbook-toc__title">'
        f"{esc(s.doc.title)}</span>"
        + (f' <span class="handbook-toc__version">{esc(str(s.doc.version))}</span>'
           if s.doc.version else "")
        + f'</a><span class="handbook-toc__page">{number}</span></li>'
        for s, number in zip(sections, numbers, strict=True))
    parts = []
    for i, section in enumerate(sections, 1):
        doc = section.doc
        facts = [f"Document {i} of {n}", doc.type.label]
        if doc.controlled and doc.version:
            facts.append(f"Version {doc.version}")
            if doc.approved:
                facts.append(f"Approved {long_date(doc.approved)}"
                             + (f" by {doc.approved_by}" if doc.approved_by else ""))
            if section.review and section.review.review_by:
                facts.append(f"Next review by {long_date(section.review.review_by)}")
        parts.append(
            f'<section class="handbook-doc" id="doc-{esc(doc.id)}">'
            f'<p class="handbook-doc__facts">{esc(" · ".join(facts))}</p>\n'
            f"{section.article}</section>")
    links = "\n".join(f'<link rel="stylesheet" href="{esc(href)}">'
                      for href in [*sheets, PRINT_CSS])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'; \
style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'">
<title>{esc(site_name)}</title>
{links}
</head>
<body class="handbook-printed">
<div class="md-typeset">
<section class="handbook-cover">
<p class="handbook-cover__kind">Safeguarding handbook</p>
<h1>{esc(site_name)}</h1>
<p class="handbook-cover__edition">Edition: {esc(edition)}</p>
<p class="handbook-cover__date">Printed on {long_date(day)}</p>
<p class="handbook-cover__note">Uncontrolled when printed. The online handbook is the current
version: check it before relying on this copy.</p>
</section>
<nav class="handbook-toc" aria-label="Contents">
<h2>Contents</h2>
<ol>
{contents}
</ol>
</nav>
{"".join(parts)}
</div>
</body></html>
"""


def chromium_pdf(page_file: Path, day: date, executable: str) -> bytes:
    """Print the page with Chromium (Playwright), footer on every page; scripts off."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as error:
        raise PrintError("handbook pdf needs Playwright: pip install "
                         "'safeguarding-handbook[pdf]'") from error
    if not Path(executable).exists():
        raise PrintError(f"{executable}: Chromium not found. Install it (Debian: apt-get "
                         "install chromium) or set HANDBOOK_CHROMIUM to its path")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=[
                "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update"])
            try:
                context = browser.new_context(java_script_enabled=False)
                tab = context.new_page()
                tab.goto(page_file.as_uri(), wait_until="load")
                return tab.pdf(format="A4", print_background=True,
                               display_header_footer=True, header_template="<span></span>",
                               footer_template=footer(day),
                               margin={"top": "16mm", "bottom": "20mm",
                                       "left": "15mm", "right": "15mm"})
            finally:
                browser.close()
    except Error as error:
        raise PrintError(f"Chromium could not print the handbook: {error.message}") from error


def _reader(data: bytes):
    try:
        from pypdf import PdfReader
    except ImportError as error:
        raise PrintError("handbook pdf needs pypdf: pip install "
                         "'safeguarding-handbook[pdf]'") from error
    import io

    return PdfReader(io.BytesIO(data))


def start_pages(data: bytes, ids: list[str]) -> list[int]:
    """The page (1-based) each document starts on.

    Chromium keeps each element id as a named destination in the PDF, so the
    section `doc-ID` names the page its document starts on.
    """
    reader = _reader(data)
    named = reader.named_destinations
    starts = []
    for doc_id in ids:
        dest = named.get(f"/doc-{doc_id}")
        if dest is None:
            raise PrintError(f"could not find where {doc_id} starts in the printed PDF")
        starts.append(reader.get_destination_page_number(dest) + 1)
    return starts


def with_bookmarks(data: bytes, titles: list[str], starts: list[int], contents_page: int,
                   title: str) -> bytes:
    """The PDF with a bookmark for the contents and one for each document."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=_reader(data))
    writer.add_metadata({"/Title": title})
    writer.add_outline_item(title="Contents", page_number=contents_page - 1)
    for name, page in zip(titles, starts, strict=True):
        writer.add_outline_item(title=name, page_number=page - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
