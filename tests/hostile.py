"""A handbook whose every free-text value tries to break out of its place.

Titles, owners, approvers, key points, change summaries, lesson themes and
learning, and staff names all carry markup, quotes, ampersands and unicode. If
anything were not escaped, one of the scripts would set `window.__pwned`.
"""

from __future__ import annotations

from pathlib import Path

from gitrepo import GitRepo
from sites import BOTH_HOOKS, lesson, policy, site_config

NASTY = ("<script>window.__pwned=1</script>\"'& <b>bold</b> "
         "<img src=x onerror=\"window.__pwned=2\"> Ünïcødé ✓ 😀")

CONFIG = site_config("Hostile test", site_url="https://handbook.example.org/", tags=True,
                     hooks=BOTH_HOOKS, handbook={
                         "fail_on": "never", "internal": True,
                         "signoff_roster": "staff/roster.csv",
                         "signoff_records": "staff/records"})
# Nine levels of nine references each: 9**9 (387 million) strings once expanded.
BILLION_LAUGHS = "---\nid: lol\ntitle: Laughs\ntype: page\nlol0: &a0 lol\n" + "".join(
    f"lol{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]\n" for n in range(1, 10)
) + "description: *a9\n---\nBody\n"

STAFF = f'"{NASTY.replace(chr(34), chr(34) * 2)} Person",Role {NASTY.replace(chr(34), "")}'


def doc(version: str, approved: str, summary: str) -> str:
    return policy("hostile", title=f"Policy {NASTY}", owner=f"Owner {NASTY}",
                  approved_by=f"Board {NASTY}", version=version, approved=approved,
                  change_summary=summary, statutory_basis=[f"Act {NASTY}"],
                  lessons=["case"], sign_off=[f"I read {NASTY}", "Plain point."],
                  body=f"Text {NASTY.replace('<', '&lt;')}\n")


def make_hostile(root: Path) -> GitRepo:
    repo = GitRepo(root)
    repo.write("mkdocs.yml", CONFIG)
    repo.write("docs/index.md", "# Home\n\n<!-- handbook/review-summary -->\n")
    repo.write("docs/tags.md", "---\nid: tags\ntitle: Tags\ntype: page\n---\n# Tags\n\n"
                               "<!-- material/tags -->\n")
    repo.write("docs/lessons/case.md", lesson(
        "case", title=f"Lesson {NASTY}", case=f"Case {NASTY}", review=f"Review {NASTY}",
        themes=[f"theme {NASTY}"], learning=[f"Learn {NASTY}"],
        national_change=f"Change {NASTY}",
        sources=[{"title": f"Source {NASTY}", "url": "https://example.org/?a=1&b=<2>"}]))
    repo.write("docs/policies/hostile.md", doc("1.0", "2026-01-10", "First."))
    repo.write("staff/roster.csv", "name,role,started,active\n"
                                   f"{STAFF},2020-01-01,yes\n")
    repo.write("staff/records/a.csv", "name,role,policy_id,version,signed_on\n"
                                      f"{STAFF},hostile,1.0,2026-01-11\n")
    repo.commit("First version", "2026-01-10")
    repo.commit("Second version", "2026-06-01", **{
        "docs/policies/hostile.md": doc("2.0", "2026-06-01", f"Changed {NASTY}")})
    return repo
