"""The documents every setting must have: in example and starter, valid, linked both ways."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
import yaml

from handbook.handbook import load, read_docs_dir
from handbook.model import Status
from handbook.scaffold import STARTER

from sites import REPO, build, policy, write_site

# Added for issue 14: what an inspector expects a nursery and club to have written down.
EXAMPLE_IDS = (
    "worried-about-a-child", "safeguarding-poster", "safer-eating", "safe-sleep",
    "child-on-child-abuse", "domestic-abuse", "private-fostering", "children-with-send",
    "training-and-supervision", "notifying-ofsted", "existing-injury-record", "complaints",
    "site-security-and-outings",
)
# Every new setting needs these from its first day, whatever kind of setting it is.
STARTER_IDS = ("worried-about-a-child", "safeguarding-poster", "complaints", "notifying-ofsted")


def nav_paths(items: list[object]) -> set[str]:
    found: set[str] = set()
    for item in items:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= nav_paths(value) if isinstance(value, list) else {value}
    return found


def test_example_has_each_document_approved_with_key_points_and_in_the_nav():
    example = load(read_docs_dir(REPO / "docs"))
    assert example.errors == []
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    in_nav = nav_paths(config["nav"])
    for doc_id in EXAMPLE_IDS:
        doc = example.get(doc_id)
        assert doc is not None, doc_id
        assert doc.status is Status.APPROVED and doc.approved and doc.sign_off, doc_id
        assert doc.statutory_basis and doc.related, doc_id
        assert doc.src_uri in in_nav, doc_id


def test_starter_has_what_every_new_setting_needs():
    """Starter documents are drafts with placeholders, so only their ids and paths are checked."""
    starter = load(read_docs_dir(STARTER / "docs"))
    example = load(read_docs_dir(REPO / "docs"))
    for doc_id in STARTER_IDS:
        assert doc_id in starter.declared, doc_id
        assert (STARTER / "docs" / example.get(doc_id).src_uri).exists(), doc_id
    text = (STARTER / "docs/guidance/safeguarding-poster.md").read_text()
    assert "[FILL IN: DSL phone number]" in text  # no setting's numbers are made up for it


@pytest.mark.parametrize("root", [REPO, STARTER], ids=["example", "starter"])
def test_ofsted_page_gives_the_allegation_deadline_as_a_duty(root):
    text = " ".join((root / "docs/procedures/notifying-ofsted.md").read_text().split())
    assert "within 14 days at the latest" in text
    assert "as soon as reasonably practicable" in text
    assert "not a decision for the LADO" in text


def test_each_new_document_and_what_it_names_link_to_each_other(example_build):
    """On the built site, not just in front matter: each page has a real link to the other."""
    example = load(read_docs_dir(REPO / "docs"))

    def url(doc) -> str:
        return "/" + doc.src_uri.removesuffix(".md").removesuffix("index") + "/"

    def links(doc) -> set[str]:
        page = example_build.html(url(doc).strip("/") + "/index.html")
        return {urljoin(url(doc), a["href"]).split("#")[0]
                for a in page.select("article a[href]")}

    for doc_id in EXAMPLE_IDS:
        doc = example.get(doc_id)
        for other in map(example.get, doc.related):
            assert url(other) in links(doc), (doc_id, other.id)
            assert url(doc) in links(other), (other.id, doc_id)


def test_related_documents_list_both_ways_once(tmp_path):
    docs = {
        "policies/a.md": policy("a", related=["b"]),
        "policies/b.md": policy("b", body="See [policy a](a.md).\n"),
        "policies/c.md": policy("c", related=["a"]),
        "policies/old.md": policy("old", status="retired", related=["a"]),
    }
    built = build(write_site(tmp_path, docs), strict=True)
    assert not built.aborted, built.warnings()

    def listed(name: str) -> list[str]:
        section = built.html(f"policies/{name}/index.html").select_one("#related-documents")
        return [a.get_text() for a in section.find_next("ul").select("a")] if section else []

    assert listed("a") == ["B", "C"]  # names b; c names it; a retired policy does not count
    assert listed("b") == []  # its text already links a
    assert listed("c") == ["A"]
    index = (built.site_dir / "search/search_index.json").read_text()
    assert "Related documents" not in index
