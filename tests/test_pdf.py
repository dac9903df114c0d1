"""`handbook pdf`: the example handbook printed by Chromium, read back with pypdf."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from datetime import date

import pytest
from pypdf import PdfReader

from handbook import printing
from handbook.cli.commands import load_site
from handbook.cli.driver import main as handbook
from handbook.cli.mkdocs_utils import find_site
from handbook.model import Status

from conftest import CHROMIUM
from sites import EXAMPLE_TODAY, REPO

pytestmark = pytest.mark.browser  # Chromium prints it

FOOTER = "Uncontrolled when printed on 1 December 2026"


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The command run as a manager runs it, in its own process (the browser tests' Playwright
    runs in this one)."""
    target = tmp_path_factory.mktemp("pdf") / "handbook.pdf"
    env = {**os.environ, "HANDBOOK_TODAY": EXAMPLE_TODAY, "HANDBOOK_CHROMIUM": CHROMIUM,
           "NO_MKDOCS_2_WARNING": "1"}
    env.pop("HANDBOOK_INTERNAL", None)
    done = subprocess.run([sys.executable, "-m", "handbook.cli.driver", "pdf", "--out",
                           str(target), "--edition", "November 2026", "-f",
                           str(REPO / "mkdocs.yml")], env=env, cwd=REPO, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Wrote {target}: " in done.stdout
    reader = PdfReader(target)
    texts = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    return reader, texts


@pytest.fixture(scope="module")
def example_documents():
    return load_site(find_site(None, str(REPO / "mkdocs.yml"))).documents


def test_cover_names_the_setting_the_edition_and_the_date(printed):
    _, texts = printed
    assert "Willowbrook safeguarding handbook" in texts[0]
    assert "Edition: November 2026" in texts[0]
    assert "Printed on 1 December 2026" in texts[0]


def test_footer_and_page_number_on_every_page(printed):
    _, texts = printed
    assert len(texts) > 30
    for number, text in enumerate(texts, 1):
        assert FOOTER in text, number
        assert f"Page {number} of {len(texts)}" in text, number


def test_a_bookmark_per_document_where_it_starts(printed, example_documents):
    reader, texts = printed
    marks = [(item.title, reader.get_destination_page_number(item) + 1)
             for item in reader.outline]
    assert marks[0] == ("Contents", 2)
    in_print = [d for d in example_documents if printing.in_print(d)]
    assert sorted(title for title, _ in marks[1:]) == sorted(d.title for d in in_print)
    for title, page in marks[1:]:
        assert title in texts[page - 1], title
    # Drafts and documents no longer in force stay out.
    left_out = {d.title for d in example_documents if d.controlled
                and d.status is not Status.APPROVED}
    assert left_out and not left_out & {title for title, _ in marks}


def test_every_approved_document_with_version_approval_and_next_review(printed,
                                                                       example_documents):
    reader, texts = printed
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    approved = [d for d in example_documents if d.controlled and d.status is Status.APPROVED]
    assert len(approved) > 20
    for doc in approved:
        first = texts[starts[doc.title]]
        assert doc.title in first, doc.id
        assert f"Version {doc.version}" in first, doc.id
        assert "Approved " in first and "Next review by " in first, doc.id


def test_contents_page_numbers_match_the_bookmarks(printed):
    reader, texts = printed
    documents = list(reader.outline)[1:]
    # The contents run from page 2 to the page before the first document (two pages or more).
    first = reader.get_destination_page_number(documents[0])
    assert first >= 2
    contents = " ".join(texts[1:first])
    for item in documents:
        page = reader.get_destination_page_number(item) + 1
        assert re.search(re.escape(item.title) + r" [\d.]* ?" + str(page) + r"\b", contents), \
            item.title


def test_no_staff_names_in_the_public_pdf(printed):
    _, texts = printed
    with (REPO / "records/roster.csv").open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert names
    whole = " ".join(texts)
    assert [name for name in names if name in whole] == []


def test_internal_builds_are_not_printed(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HANDBOOK_INTERNAL", "1")
    assert handbook(["pdf", "--out", str(tmp_path / "x.pdf"),
                     "-f", str(REPO / "mkdocs.yml")]) == 1
    assert "No PDF written: HANDBOOK_INTERNAL is set" in capsys.readouterr().out
    assert not (tmp_path / "x.pdf").exists()


def test_without_playwright_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    with pytest.raises(printing.PrintError, match=r"safeguarding-handbook\[pdf\]"):
        printing.chromium_pdf(page, date(2026, 12, 1), CHROMIUM)
