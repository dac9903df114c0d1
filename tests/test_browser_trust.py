"""In a real browser: markup in every field the theme renders, and in Markdown bodies,
never runs on any kind of page, and the policy allows none of it (issue 12)."""

from __future__ import annotations

import os
import re

import pytest
from test_trust_render import CSP, material_script_hashes, script_hashes, sha

from conftest import environment, serve
from gitrepo import GitRepo
from sites import BOTH_HOOKS, build, front_matter, lesson, policy, site_config

pytestmark = pytest.mark.browser

# Each would set a flag and say so on the console, were it ever to run.
RUN = "window.__pwned=1;console.log('PWNED')"
MARKUP = (f"<script>{RUN}</script><img src=x onerror=\"{RUN}\">"
          f"<svg onload=\"{RUN}\"></svg><a href=\"javascript:{RUN}\">go</a>")
BODY = (f"## Heading <script>{RUN}</script>\n\n{MARKUP}\n\n"
        f"<script src=\"{{root}}evil.js\"></script>\n\n<iframe srcdoc=\"<script>{RUN}</script>\">"
        f"</iframe>\n\n<object data=\"{{root}}evil.html\"></object>\n\n"
        f"<embed src=\"{{root}}evil.html\">\n\n[a link](javascript:{RUN})\n")
# Every key Material or MkDocs reads from front matter, as markup.
THEME_KEYS = {"description": f"D {MARKUP}", "subtitle": f"S {MARKUP}", "tags": [f"T {MARKUP}"],
              "robots": f"R {MARKUP}"}
BROKEN_KEYS = {"title": [MARKUP], "description": {"a": MARKUP}, "subtitle": [MARKUP],
               "tags": [MARKUP], "status": MARKUP, "author": MARKUP, "revision_date": MARKUP,
               "git_revision_date_localized": MARKUP, "icon": MARKUP, "template": MARKUP,
               "hide": [MARKUP], "search": {"boost": MARKUP}}


def hostile_policy(version: str, approved: str) -> str:
    return policy("hostile", title=f"Policy {MARKUP}", owner=f"Owner {MARKUP}",
                  version=version, approved=approved, change_summary=f"Changed {MARKUP}",
                  sign_off=[f"I read {MARKUP}"], lessons=["case"], **THEME_KEYS,
                  body=BODY.replace("{root}", "../../"))


@pytest.fixture(scope="module")
def marked_up(tmp_path_factory):
    return make_marked_up(tmp_path_factory.mktemp("markup") / "handbook")


def make_marked_up(root):
    repo = GitRepo(root)
    repo.write("mkdocs.yml", site_config(
        "Markup test", site_url="https://handbook.example.org/", tags=True, hooks=BOTH_HOOKS,
        extensions=("admonition", "attr_list", "md_in_html", "toc"),
        handbook={"fail_on": "never", "internal": True, "signoff_roster": "staff/roster.csv",
                  "signoff_records": "staff/records"}))
    repo.write("docs/index.md", "# Home\n\n<!-- handbook/review-summary -->\n\n"
               + BODY.replace("{root}", ""))
    repo.write("docs/evil.js", f"{RUN};\n")
    repo.write("docs/evil.html", f"<script>{RUN}</script>\n")
    repo.write("docs/tags.md", "---\nid: tags\ntitle: Tags\ntype: page\n---\n# Tags\n\n"
                               "<!-- material/tags -->\n")
    repo.write("docs/guide/plain.md", f"# Plain {MARKUP}\n\n" + BODY.replace("{root}", "../../"))
    repo.write("docs/guide/broken.md", front_matter(**BROKEN_KEYS) + "\n"
               + BODY.replace("{root}", "../../"))
    repo.write("docs/lessons/case.md", lesson("case", title=f"Lesson {MARKUP}",
                                              themes=[f"theme {MARKUP}"], status=MARKUP,
                                              **THEME_KEYS))
    repo.write("docs/policies/hostile.md", hostile_policy("1.0", "2026-01-10"))
    repo.write("staff/roster.csv", "name,role,started,active\nAnn Example,Cook,2020-01-01,yes\n")
    repo.write("staff/records/a.csv", "name,role,policy_id,version,signed_on\n"
                                      "Ann Example,Cook,hostile,1.0,2026-01-11\n")
    repo.commit("First version", "2026-01-10")
    repo.commit("Second version", "2026-06-01",
                **{"docs/policies/hostile.md": hostile_policy("2.0", "2026-06-01")})
    with environment(HANDBOOK_TODAY="2026-11-01"):
        built = build(repo.root, site_dir=repo.root / "site-internal")  # internal
    assert not built.aborted
    return built


PAGES = {
    "home": "",
    "policy": "policies/hostile/",
    "sign-off sheet": "policies/hostile/#sign-off-sheet",
    "page whose front matter failed": "guide/broken/",
    "plain page": "guide/plain/",
    "lesson": "lessons/case/",
    "lessons index": "lessons/",
    "traceability matrix": "lessons/traceability/",
    "tags": "tags/",
    "review register": "reviews/",
    "history index": "history/",
    "history": "history/hostile/",
    "snapshot": "history/hostile/1.0/",
    "diff": "history/hostile/diff/1.0-2.0/",
    "amendments": "amendments/",
    "inspection pack": "inspection/",
    "sign-off register": "sign-off/",
    "not found": "404.html",
}


def content_hashes(site_dir) -> set[str]:
    """Hashes of every script written in the handbook's sources, as the browser would see it."""
    codes = {RUN}
    for path in site_dir.parent.joinpath("docs").rglob("*"):
        if path.is_file():
            codes |= set(re.findall(r"<script[^>]*>(.*?)</script>",
                                    path.read_text(encoding="utf-8"), re.DOTALL))
    return {sha(code) for code in codes}


def test_markup_in_every_field_and_body_never_runs(browser, marked_up):
    assert (marked_up.site_dir / "guide/broken/index.html").exists()
    from_content = content_hashes(marked_up.site_dir)
    context = browser.new_context()
    page = context.new_page()
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    page.on("dialog", lambda dialog: (said.append(dialog.message), dialog.dismiss()))
    try:
        with serve(marked_up.site_dir) as url:
            for name, path in PAGES.items():
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
                for link in page.locator("a[href^='javascript:']").all():
                    if link.is_visible():
                        link.click()
                assert page.evaluate("window.__pwned") is None, name
                assert not [text for text in said if "PWNED" in text], name
                # Material's own scripts did run (the page is not simply dead).
                assert page.evaluate("typeof __md_get") == "function", name
                assert page.evaluate("typeof document$") == "object", name
                policy_text = CSP.search(page.content().split("</head>")[0]).group(1)
                allowed = script_hashes(policy_text)
                assert not allowed & from_content, name
                base = "/" if path == "404.html" else (
                    "." if not path.strip("/#").split("#")[0] else
                    "/".join([".."] * len(path.split("#")[0].strip("/").split("/"))))
                assert allowed <= material_script_hashes(base), name
            # Search shows titles and text from the markup as text, too.
            page.goto(url)
            box = page.locator("input[data-md-component=search-query]")
            box.click()
            box.press_sequentially("Policy")
            page.locator(".md-search-result__item").first.wait_for()
            assert page.evaluate("window.__pwned") is None
    finally:
        context.close()
    assert not [text for text in said if "PWNED" in text]


def test_the_markup_shows_as_text(browser, marked_up):
    context = browser.new_context()
    page = context.new_page()
    try:
        with serve(marked_up.site_dir) as url:
            page.goto(url + "policies/hostile/")
            nav = page.locator(".md-nav__link--active").first.inner_text()
            assert f"<script>{RUN}</script>" in nav  # the subtitle, as text
            article = page.locator("article").inner_text()
            assert f"<script>{RUN}</script>" in article
            assert page.locator("article script, article iframe, article object, "
                                "article embed").count() == 0
    finally:
        context.close()


def test_the_site_has_no_script_from_content_anywhere(marked_up):
    """Belt and braces: besides the policy, no page carries content's scripts as elements."""
    for path in marked_up.site_dir.rglob("*.html"):
        if os.path.basename(path) == "evil.html":
            continue  # a file the author put there, served as it is, never a page of ours
        text = path.read_text(encoding="utf-8")
        assert f"<script>{RUN}" not in text, path
        assert "<script src=\"../../evil.js\"" not in text, path
