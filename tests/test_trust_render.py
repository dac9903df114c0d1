"""Nothing injected runs, generated pages and the author's never replace each other,
and nothing private leaves through a link (issue 12, items 1, 2, 7 and 8)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from test_cli import run

from gitrepo import GitRepo
from sites import BASE_CONFIG, build, front_matter, lesson, policy, site_config, write_site

PWN = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')


def sha(code: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def script_hashes(policy_text: str) -> set[str]:
    rules = dict(rule.strip().split(" ", 1) for rule in policy_text.split(";"))
    return {s for s in rules["script-src"].split() if s.startswith("'sha256-")}


def assert_nothing_raw(site_dir) -> None:
    for path in site_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text, path
        assert not re.search(r"<img[^>]*onerror", text), path


# 1. Every value a page prints is escaped, whichever template prints it -----------

THEME_DOCS = {
    "index.md": "# Home\n",
    # A valid policy with the keys Material prints as they are.
    "policies/shown.md": policy("shown", subtitle=f"Sub {PWN}", description=f"Desc {PWN}",
                                tags=[f"Tag {PWN}"]),
    # Invalid documents: a list title, a mapping description, tags on a failed page.
    "policies/list-title.md": policy("list-title", title=[PWN], description={"a": PWN}),
    "policies/broken.md": policy("broken", owner=None, tags=[PWN], subtitle=[PWN]),
    "lessons/status.md": lesson("status", status=PWN),
    "guidance/author.md": front_matter(id="author", title="Author", type="page",
                                       author=PWN, revision_date=PWN) + "\nText.\n",
}


def test_theme_printed_keys_are_escaped_or_reported_on_every_page(tmp_path):
    root = write_site(tmp_path, THEME_DOCS, site_config(handbook={"history": False},
                                                        tags=True))
    built = build(root)
    assert not built.aborted
    assert_nothing_raw(built.site_dir)
    page = built.html("policies/shown/index.html")
    nav = page.select_one(".md-nav__link--active").parent.get_text()
    assert f"Sub {PWN}" in nav  # as text
    assert page.select_one('meta[name="description"]')["content"] == f"Desc {PWN}"
    assert f"Tag {PWN}" in [t.get_text(strip=True) for t in page.select(".md-tag")]
    for path, field in (("policies/list-title.md", "title"),
                        ("policies/list-title.md", "description"),
                        ("policies/broken.md", "subtitle"),
                        ("guidance/author.md", "author"),
                        ("guidance/author.md", "revision_date")):
        assert any(f"docs/{path}: {field}: " in m for m in built.warnings()), (path, field)
    # Material's own page status never shows (the handbook's status is in its panel).
    assert not built.html("lessons/status/index.html").select(".md-status")


def test_handbook_check_names_each_theme_field(tmp_path):
    root = write_site(tmp_path, THEME_DOCS)
    result = run("check", "--format", "json", cwd=root)
    assert result.returncode == 1
    found = {(p["path"].removeprefix(str(root) + "/"), p["field"])
             for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"}
    for wanted in (("docs/policies/list-title.md", "description"),
                   ("docs/policies/broken.md", "subtitle"),
                   ("docs/guidance/author.md", "author")):
        assert wanted in found, found


def test_strict_build_fails_on_a_theme_field_it_cannot_print(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n",
                                 "policies/p.md": policy("p", description=["a", "b"])})
    assert build(root, strict=True).aborted


def test_generated_pages_print_document_titles_escaped(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n",
                                 "policies/p.md": policy("p", title=f"Policy {PWN}")})
    built = build(root)
    assert_nothing_raw(built.site_dir)
    register = built.html("reviews/index.html")
    assert f"Policy {PWN}" in register.get_text()


# 2. A Content-Security-Policy that protects ----------------------------------------

BODY = ("# Body\n\n<script>window.__pwned=3</script>\n\n<script src=\"../../evil.js\"></script>\n\n"
        "<img src=x onerror=\"window.__pwned=4\">\n\n<iframe srcdoc=\"<b>x</b>\"></iframe>\n\n"
        "<object data=\"x\"></object>\n\n<embed src=\"x\">\n\n[click](javascript:alert(1))\n\n"
        "```html\n<script>an example in code is fine</script>\n```\n\n"
        "Also `<iframe>` in a code span.\n\nSwitch off JavaScript: prose is not a link.\n")


def material_script_hashes(base_url: str) -> set[str]:
    """Hashes of the inline scripts in Material's own template files, read from disk."""
    import material

    folder = os.path.join(os.path.dirname(material.__file__), "templates", "partials")
    found = set()
    for dirpath, _, names in os.walk(folder):
        for name in names:
            text = Path(dirpath, name).read_text(encoding="utf-8")
            for code in re.findall(r"<script>(.*?)</script>", text, re.DOTALL):
                code = re.sub(r"\{\{ (config\.extra\.scope \| d\(base_url\)|base_url) \}\}",
                              base_url, code)
                found.add(sha(code))
    return found


def test_the_policy_allows_only_the_themes_own_inline_scripts(tmp_path):
    from handbook.plugin.security import inline_scripts

    root = write_site(tmp_path, {"index.md": "# Home\n\n<script>window.__pwned=1</script>\n",
                                 "policies/p.md": policy("p", body=BODY),
                                 "a/b/c.md": "# Deep\n", "evil.js": "window.__pwned = 5;\n"})
    built = build(root)
    for path in built.site_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        allowed = script_hashes(CSP.search(text.split("</head>")[0]).group(1))
        assert sha("window.__pwned=1") not in allowed and sha("window.__pwned=3") not in allowed
        relative = path.relative_to(built.site_dir).parent.as_posix()
        base = "/" if path.name == "404.html" else (
            "." if relative == "." else "/".join([".."] * len(relative.split("/"))))
        # Every hash is of a script in Material's templates, and every theme script runs.
        assert allowed and allowed <= material_script_hashes(base), path
        assert {sha(code) for code in inline_scripts(text) if "__pwned" not in code} <= allowed


def test_runnable_markup_in_content_is_shown_as_text(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n", "policies/p.md": policy("p", body=BODY),
                                 "evil.js": "window.__pwned = 5;\n"})
    built = build(root)
    article = built.html("policies/p/index.html").select_one("article")
    for tag in ("script", "iframe", "object", "embed"):
        assert not article.find_all(tag), tag
    assert "<script>window.__pwned=3</script>" in article.get_text()


def test_runnable_markup_is_an_error_with_file_and_line(tmp_path):
    text = policy("p", body=BODY, owner="Lead <img src=x onerror=alert(1)>")
    root = write_site(tmp_path, {"index.md": "# Home\n", "policies/p.md": text})
    result = run("check", "--format", "json", cwd=root)
    assert result.returncode == 1
    problems = [p for p in json.loads(result.stdout)["problems"] if "may run" in p["message"]]
    lines = text.split("\n")
    where = {(p["field"], p["line"]) for p in problems}
    owner_line = next(n for n, line in enumerate(lines, 1) if line.startswith("owner:"))
    assert ("owner", owner_line) in where
    for needle in ("<script>window", "<script src", "onerror=\"window", "<iframe srcdoc",
                   "<object", "<embed", "javascript:"):
        number = next(n for n, line in enumerate(lines, 1) if needle in line)
        assert ("text", number) in where, needle
    assert all(p["severity"] == "error" for p in problems)
    assert not any(word in lines[p["line"] - 1] for p in problems
                   for word in ("example in code", "code span", "prose"))
    built = build(root, strict=True)
    assert built.aborted
    assert any("docs/policies/p.md: text: has a <script> element" in m
               for m in built.warnings())


def test_passing_over_lines_without_a_tag_or_javascript_finds_all_the_same():
    """active_markup skips a line with no "<" and no javascript: (for speed): on lines built
    to catch a skip too eager (case and Unicode variants IGNORECASE matches, spaces, code
    spans whose removal joins a word), it reports exactly what trying every pattern does."""
    from handbook import markup

    lines = ["plain prose", "JavaScript: the language", "[a](JAVASCRIPT:go())",
             "[a](java\u017fcript:go())", "[a]: javascript :go()", "x = 'javascript:1'",
             "java`x`script:", "=java`x`script:go()", "<`x`script>", "<a `b` onclick=x>",
             "[\u212a](javascript\t:x)", "< script>", "<IFRAME>", "text `<script>` only",
             "owner: javascript:x", "title: <b onmouseover=x>"]
    text = "\n".join(["---", *lines[-2:], "---", *lines[:-2]])
    front_end = 4

    def every_pattern() -> list[tuple[str, int | None, str]]:
        found = []
        for number, line in enumerate(text.split("\n"), start=1):
            front = number <= front_end
            if not front:
                line = markup._CODE_SPAN.sub("", line)
            for pattern, what in markup._FRONT_ACTIVE if front else markup._ACTIVE:
                for match in pattern.finditer(line):
                    found.append((what.format(*(g.lower() for g in match.groups())), number,
                                  "front matter" if front else "text"))
        return found

    got = [(p.message.split(";")[0].removeprefix("has "), p.line, p.field)
           for p in markup.active_markup("p.md", text, front_end, {})]
    assert got == every_pattern()
    assert len(got) >= 10


# 7. Generated pages never replace, and are never replaced by, the author's -------------

def clash_site(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "handbook")
    repo.write("mkdocs.yml", site_config(site_url="https://h.example.org/",
                                         handbook={"fail_on": "never"}))
    repo.write("docs/index.md", "# Home\n")
    repo.write("docs/policies/p.md", policy("p"))
    repo.write("docs/reviews.md", "# My reviews\n")
    repo.write("docs/history/index.md", "# My history notes\n")
    repo.write("docs/history/p.md", "# My page about p\n")
    repo.write("docs/reviews.ics", "MY CALENDAR\n")
    repo.write("docs/amendments.xml", "<mine/>\n")
    repo.write("docs/assets/handbook/handbook.js", "// mine\n")
    repo.commit("First", "2026-01-15")
    return repo


def test_a_clash_is_an_error_naming_both_and_the_authors_file_is_kept(tmp_path):
    repo = clash_site(tmp_path)
    built = build(repo.root, strict=True)
    assert built.aborted
    built = build(repo.root)
    warnings = "\n".join(built.warnings())
    for source, generated in (("docs/reviews.md", "reviews/index.md"),
                              ("docs/history/index.md", "history/index.md"),
                              ("docs/history/p.md", "history/p/index.md"),
                              ("docs/reviews.ics", "reviews.ics"),
                              ("docs/amendments.xml", "amendments.xml"),
                              ("docs/assets/handbook/handbook.js",
                               "assets/handbook/handbook.js")):
        assert re.search(rf"{re.escape(source)}: .*{re.escape(generated)}", warnings), source
    assert "My reviews" in built.html("reviews/index.html").get_text()
    assert "My history notes" in built.html("history/index.html").get_text()
    assert "My page about p" in built.html("history/p/index.html").get_text()
    assert (built.site_dir / "reviews.ics").read_text() == "MY CALENDAR\n"
    assert (built.site_dir / "amendments.xml").read_text() == "<mine/>\n"
    assert (built.site_dir / "assets/handbook/handbook.js").read_text() == "// mine\n"


def test_a_source_at_a_generated_path_is_not_silently_dropped(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n", "policies/p.md": policy("p"),
                                 "reviews/index.md": "# My own register\n"})
    built = build(root)
    assert "My own register" in built.html("reviews/index.html").get_text()
    assert any("docs/reviews/index.md" in m and "reviews/index.md" in m
               for m in built.warnings())


def test_the_handbooks_own_lessons_index_is_not_a_clash(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n", "lessons/case.md": lesson("case"),
                                 "lessons.md": "# Our lessons\n"}, BASE_CONFIG)
    built = build(root, strict=True)
    assert not built.aborted, built.warnings()
    assert "Our lessons" in built.html("lessons/index.html").get_text()


# 8. Nothing private leaves by a side door ------------------------------------------------

ROSTER = "name,role,started,active\nAnn Example,Cook,2020-01-01,yes\n"


@pytest.mark.parametrize("internal", [False, True])
def test_a_link_out_of_docs_is_refused_and_records_never_published(tmp_path, internal):
    config = site_config(handbook={"history": False, "internal": internal,
                                   "signoff_roster": "records/roster.csv",
                                   "signoff_records": "records/sign-off"})
    root = write_site(tmp_path, {"index.md": "# Home\n", "policies/p.md": policy("p")}, config,
                      extra_files={"records/roster.csv": ROSTER,
                                   "records/sign-off/a.csv":
                                       "name,role,policy_id,version,signed_on\n"
                                       "Ann Example,Cook,p,1.0,2026-02-01\n",
                                   "elsewhere/notes.md": "# Private notes\n"})
    os.symlink("../records", root / "docs/staff")
    os.symlink("../../elsewhere/notes.md", root / "docs/policies/notes.md")
    built = build(root, site_dir=root / ("site-internal" if internal else "site"))
    published = [p.read_text(errors="replace") for p in built.site_dir.rglob("*")
                 if p.is_file()]
    # An internal build lists staff on its sign-off pages, never the files themselves.
    assert not any(ROSTER in text or "Cook,p,1.0" in text for text in published)
    assert internal or not any("Ann Example" in text for text in published)
    assert not any("Private notes" in text for text in published)
    assert not (built.site_dir / "staff").exists()
    assert list(built.site_dir.glob("assets/javascripts/bundle.*.min.js"))  # the theme's stay
    warnings = built.warnings()
    assert any(m.startswith("handbook: docs/staff: is a link to ../records") for m in warnings)
    assert any(m.startswith("handbook: docs/policies/notes.md: is a link") for m in warnings)
    assert build(root, strict=True).aborted
    result = run("check", cwd=root)
    assert result.returncode == 1 and "docs/staff: is a link to ../records" in result.stdout


def test_a_link_inside_docs_is_fine(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Home\n", "shared/a.md": "# Shared\n"})
    os.symlink("shared", root / "docs/also")
    built = build(root, strict=True)
    assert not built.aborted, built.warnings()
