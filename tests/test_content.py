"""The facts staff act on, pinned in the example and in the starter alike.

Every new handbook begins from the starter, and many copy the example, so a legal error in
either is passed on to every setting. Both trees are built for real (the starter through
`handbook init`, with its placeholders filled as a manager would) and each fact is read from
the page a reader sees, so the two cannot drift apart.
"""

from __future__ import annotations

import re

import pytest
from mkdocs.utils.meta import get_data

from handbook.cli.driver import main as handbook

from sites import REPO, Built, build, fill_in

# Where each fact lives in each tree: the starter has no FGM policy, so its FGM duty is in the
# disclosure procedure.
PAGES = {
    "example": {"fgm": "policies/fgm/index.html"},
    "starter": {"fgm": "procedures/responding-to-disclosure/index.html"},
}


@pytest.fixture(scope="module")
def starter_build(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("starter") / "handbook"
    assert handbook(["init", str(root)]) == 0
    fill_in(root)
    built = build(root, strict=True)
    assert not built.aborted, built.warnings()
    return built


@pytest.fixture(params=["example", "starter"])
def tree(request) -> tuple[str, Built]:
    fixture = "example_build" if request.param == "example" else "starter_build"
    return request.param, request.getfixturevalue(fixture)


def text(built: Built, path: str) -> str:
    """The page's article as one line of plain text, as a reader sees it."""
    article = built.html(path).select_one("article")
    return re.sub(r"\s+", " ", article.get_text()).strip()


def test_allegations_name_the_legal_duties_the_four_limbs_and_the_outcomes(tree):
    _, built = tree
    page = text(built, "policies/allegations-against-staff/index.html")
    assert re.search(r"Ofsted[^.]*serious harm or abuse[^.]*\.[^.]*legal requirement", page)
    assert "within 14 days at the latest" in page
    assert "LADO within one working day" in page
    assert re.search(r"Disclosure and Barring Service[^.]*\. Under the Safeguarding Vulnerable "
                     r"Groups Act 2006 this is a legal duty", page)
    limbs = ["harmed a child", "criminal offence against or related to a child",
             "may pose a risk of harm to children",
             "behaved in a way that suggests they may not be suitable to work with children"]
    positions = [page.find(limb) for limb in limbs]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "transferable risk" in page
    outcomes = built.html("policies/allegations-against-staff/index.html").find(id="outcomes")
    rows = [tr.select("td")[0].get_text() for tr in outcomes.find_next("table").select("tbody tr")]
    assert rows == ["Substantiated", "Unsubstantiated", "Unfounded", "False", "Malicious"]
    assert re.search(r"False or malicious: the record is removed", page)
    assert "normal pension age, or for 10 years" in page


def test_the_fgm_duty_is_personal_and_cannot_be_passed_to_the_dsl(tree):
    name, built = tree
    page = text(built, PAGES[name]["fgm"])
    assert re.search(r"teacher,? or a regulated health or social care professional", page)
    assert "to the police yourself" in page
    assert "This duty is personal" in page
    assert "cannot pass it to the DSL" in page


def test_a_referral_is_chased_the_next_working_day(tree):
    _, built = tree
    page = text(built, "procedures/making-a-referral/index.html")
    assert re.search(r"Working Together 2023 expects the local authority to decide what happens "
                     r"next within one working day of a referral", page)
    assert "next working day" in page
    assert "three working days" not in page


def test_bruising_on_a_baby_who_is_not_yet_mobile_goes_to_the_dsl_at_once(tree):
    _, built = tree
    page = built.html("procedures/recording-a-concern/index.html")
    box = next(a for a in page.select(".admonition")
               if "not yet mobile" in a.select_one(".admonition-title").get_text())
    said = re.sub(r"\s+", " ", box.get_text())
    assert "tell the DSL at once" in said
    assert "non-mobile infant bruising protocol" in said
    assert "referral to children's social care the same day" in said
    referral = text(built, "procedures/making-a-referral/index.html")
    assert "non-mobile infant bruising protocol" in referral


def test_online_safety_has_monitoring_and_a_named_lead(tree):
    _, built = tree
    page = text(built, "policies/online-safety/index.html")
    assert "DfE filtering and monitoring standards" in page
    assert re.search(r"Filtering (alone|without monitoring) is not enough", page)
    assert re.search(r"A named lead\.", page)


def test_safer_recruitment_steps_are_in_the_safeguarding_policy(tree):
    _, built = tree
    page = built.html("policies/child-protection/index.html")
    steps = re.sub(r"\s+", " ", page.find(id="safer-recruitment").find_next("ol").get_text())
    for check in ("enhanced DBS check", "barred list", "references", "disqualified",
                  "unsupervised"):
        assert check.lower() in steps.lower(), check


def docs_of(name: str, built: Built):
    """Each Markdown source of the tree and its front matter."""
    folder = REPO / "docs" if name == "example" else built.site_dir.parent / "docs"
    for path in sorted(folder.rglob("*.md")):
        yield path, get_data(path.read_text(encoding="utf-8"))[1]


def test_a_private_setting_rests_on_the_childcare_act_not_children_act_2004_s11(tree):
    name, built = tree
    bases = {path.name: meta.get("statutory_basis") or [] for path, meta in docs_of(name, built)}
    assert not [p for p, basis in bases.items() if any("2004 s11" in b for b in basis)]
    assert any("Childcare Act 2006" in b for b in bases["child-protection.md"])
    assert any("Childcare (Disqualification) Regulations 2018" in b
               for b in bases["child-protection.md"])
    assert "Childcare Register" in text(built, "policies/child-protection/index.html")


# Lessons from harm inside settings, linked both ways in a real build of the example.
APPLIED = {
    "little-teds-nursery": ["policies/allegations-against-staff", "policies/intimate-care",
                            "policies/low-level-concerns", "policies/mobile-phones-cameras",
                            "policies/safer-recruitment", "policies/whistleblowing"],
    "myth-of-invisible-men": ["guidance/early-help", "guidance/signs-of-abuse",
                              "procedures/recording-a-concern"],
}


@pytest.mark.parametrize(("lesson", "documents"), APPLIED.items())
def test_lessons_from_harm_inside_settings_are_linked_both_ways(example_build, lesson,
                                                                documents):
    page = example_build.html(f"lessons/{lesson}/index.html")
    applied = page.find(id="where-this-learning-is-applied").find_next("ul")
    hrefs = {a["href"] for a in applied.select("a")}
    for document in documents:
        assert f"../../{document}/" in hrefs, document
        why = example_build.html(f"{document}/index.html").find(
            id="why-this-document-says-what-it-says")
        assert f"../../lessons/{lesson}/" in [a["href"] for a in why.find_next("ul").select("a")]


def test_every_lesson_names_the_body_that_published_its_review(tree):
    name, built = tree
    lessons = [meta for path, meta in docs_of(name, built) if meta.get("type") == "lesson"]
    assert {"little-teds-nursery", "myth-of-invisible-men"} <= {m["id"] for m in lessons}
    for meta in lessons:
        assert re.search(r"Board|Panel|Inquiry", meta["review"]), meta["id"]
        heading = built.html(f"lessons/{meta['id']}/index.html").select_one(
            ".handbook-lesson .admonition-title").get_text()
        assert meta["review"] in heading
