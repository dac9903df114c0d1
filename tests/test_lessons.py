"""Lessons linked both ways, themes as tags, the matrix, and what search can find."""

from __future__ import annotations

import json

import pytest

from handbook.handbook import load, read_docs_dir
from handbook.lessons import LessonLinks

from sites import BOTH_HOOKS, REPO, build, lesson, policy, site_config, write_site

CONFIG = site_config("Lessons test", tags=True, hooks=BOTH_HOOKS,
                     handbook={"fail_on": "never", "history": False})
DOCS = {
    "index.md": "# Home\n",
    "tags.md": "---\nid: tags\ntitle: Themes\ntype: page\n---\n# Themes\n\n"
               "<!-- material/tags -->\n",
    "lessons/first.md": lesson("first", case="First case", themes=["voice of the child",
                                                                   "escalation"],
                               learning=["Listen.", "Escalate."],
                               national_change="A new law."),
    "lessons/second.md": lesson("second", case="Second case", themes=["information sharing"]),
    "lessons/orphan.md": lesson("orphan", case="Unapplied case", themes=["record keeping"]),
    "policies/p.md": policy("p", title="Policy P", lessons=["first", "second"],
                            sign_off=["I listen to children."]),
    "procedures/q.md": policy("q", type="procedure", title="Procedure Q", lessons=["first"]),
    # A draft cites lessons, but applies none of them until it is approved.
    "policies/d.md": policy("d", title="Draft D", status="draft", approved=None,
                            lessons=["first", "orphan"]),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = build(write_site(tmp_path_factory.mktemp("lessons"), DOCS, CONFIG), strict=True)
    assert not result.aborted, result.warnings()
    return result


def test_lesson_page_shows_case_learning_backlinks_and_sources(built):
    page = built.html("lessons/first/index.html")
    top = page.select_one(".handbook-lesson")
    assert top.select_one(".admonition-title").get_text() == \
        "First case (2012). Serious case review, 2013"
    assert [li.get_text() for li in top.select("li")] == ["Listen.", "Escalate."]
    applied = page.find(id="where-this-learning-is-applied").find_next("ul")
    assert [(a.get_text(), a["href"]) for a in applied.select("a")] == [
        ("Policy P", "../../policies/p/"), ("Procedure Q", "../../procedures/q/")]
    assert "(procedure, version 1.0)" in applied.get_text()
    assert page.find(id="what-changed-nationally").find_next("p").get_text() == "A new law."
    assert page.find(id="sources").find_next("a")["href"] == "https://example.org/review"


def test_document_page_says_why(built):
    page = built.html("policies/p/index.html")
    section = page.find(id="why-this-document-says-what-it-says")
    assert section.get_text() == "Why this policy says what it says"
    links = section.find_next("ul").select("a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("First", "../../lessons/first/"), ("Second", "../../lessons/second/")]
    assert "(voice of the child, escalation)" in section.find_next("ul").get_text()
    toc = [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary a")]
    assert toc[-2:] == ["Why this policy says what it says", "Staff sign-off"]


def test_themes_are_tags_with_an_index(built):
    page = built.html("lessons/first/index.html")
    tags = [a.get_text(strip=True) for a in page.select(".md-tags .md-tag")]
    assert sorted(tags) == ["Escalation", "Lesson", "Voice of the child"]
    policy_tags = [a.get_text(strip=True) for a in
                   built.html("policies/p/index.html").select(".md-tags .md-tag")]
    assert sorted(policy_tags) == ["Escalation", "Information sharing", "Policy",
                                   "Voice of the child"]
    index = built.html("tags/index.html").get_text()
    for tag in ("Voice of the child", "Information sharing", "Record keeping", "Procedure"):
        assert tag in index


def test_lessons_index_and_traceability_matrix(built):
    index = built.html("lessons/index.html")
    themes = [h.get_text() for h in index.select("article h3")]
    assert themes == ["Escalation", "Information sharing", "Record keeping",
                      "Voice of the child"]
    matrix = built.html("lessons/traceability/index.html")
    warning = matrix.select_one(".admonition.warning").get_text(" ", strip=True)
    assert "No document applies: Orphan" in warning
    heads = [th.get_text() for th in matrix.select("thead th")]
    assert heads == ["Document", "First case", "Unapplied case", "Second case"]
    rows = {tr.th.get_text(): [td.get_text() for td in tr.select("td")]
            for tr in matrix.select("tbody tr")}
    assert rows["Policy P"] == ["Yes", "", "Yes"]
    assert rows["Procedure Q"] == ["Yes", "", ""]
    assert rows["Documents applying it"] == ["2", "0", "1"]
    assert "Draft D" not in rows


def test_a_draft_links_to_its_lessons_without_applying_them(built):
    page = built.html("policies/d/index.html")
    links = page.find(id="why-this-document-says-what-it-says").find_next("ul").select("a")
    assert [a.get_text() for a in links] == ["First", "Orphan"]
    applied = built.html("lessons/orphan/index.html").find(id="where-this-learning-is-applied")
    assert applied.find_next("p").get_text() == "No document applies this learning yet."


def test_search_index_has_ids_owners_and_key_points(built):
    index = json.loads((built.site_dir / "search/search_index.json").read_text())
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("policies/p/"))
    assert "Reference: p" in text and "Designated Safeguarding Lead" in text
    assert "I listen to children." in text
    # The status is worked out again in the page; in the index it would go stale.
    assert "Review" not in text.split("Reference: p")[0]
    entry = next(d for d in index["docs"] if d["location"] == "policies/p/")
    assert entry["tags"] == ["Policy", "Voice of the child", "Escalation", "Information sharing"]


def test_search_leaves_out_the_lists_of_links_between_lessons_and_documents(built):
    """Shown on the pages, but in search every citing title would bury the documents."""
    index = json.loads((built.site_dir / "search/search_index.json").read_text())
    by_location = {d["location"]: d["text"] for d in index["docs"]}
    assert "Listen." in by_location["lessons/first/"]
    assert "Policy P" not in by_location["lessons/first/#where-this-learning-is-applied"]
    policy = " ".join(t for loc, t in by_location.items() if loc.startswith("policies/p/"))
    assert "First" not in policy and "Second" not in policy


def test_unknown_lesson_fails_the_strict_build(tmp_path):
    docs = {**DOCS, "policies/p.md": policy("p", lessons=["first", "frist-case"])}
    result = build(write_site(tmp_path, docs, CONFIG), strict=True)
    assert result.aborted
    assert any("docs/policies/p.md: lessons: no document has the id 'frist-case'" in m
               for m in result.warnings())


def test_every_example_lesson_is_applied_twice_and_policies_cite_lessons():
    handbook = load(read_docs_dir(REPO / "docs"))
    links = LessonLinks.of(handbook)
    assert len(links.lessons) >= 6
    for lesson_doc in links.lessons:
        assert len(links.applied_by[lesson_doc.id]) >= 2, lesson_doc.id
    citing = [d for d in handbook.controlled if d.lessons]
    assert len(citing) >= 10
    assert set(links.themes) >= {"Information sharing", "Voice of the child",
                                 "Professional curiosity", "Disguised compliance", "Escalation"}


def test_example_search_index_covers_every_document(example_build):
    index = json.loads((example_build.site_dir / "search/search_index.json").read_text())
    handbook = load(read_docs_dir(REPO / "docs"))
    for doc in handbook.controlled:
        if doc.status.value != "approved":
            continue
        url = doc.src_uri.removesuffix(".md") + "/"
        text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith(url))
        assert f"Reference: {doc.id}" in text, doc.id
        for point in doc.sign_off:
            assert point.replace("'", "&#x27;") in text or point in text, (doc.id, point)
    locations = [d["location"] for d in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(("history/", "sign-off/",
                                                            "reviews/", "amendments/"))]
    glossary = " ".join(d["text"] for d in index["docs"] if d["location"].startswith(
        "guidance/glossary/"))
    assert "LADO" in glossary and "disguised compliance" in glossary.lower()
