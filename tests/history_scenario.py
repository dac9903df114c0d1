"""A handbook repository with a realistic history, shared by history tests."""

from __future__ import annotations

from datetime import date

from gitrepo import GitRepo
from sites import lesson, policy, site_config

CONFIG = site_config("History test", site_url="https://handbook.example.org/",
                     handbook={"fail_on": "never", "today": date(2025, 6, 1)},
                     hooks=("review_dates",))

V1 = """\
## Who to tell

Tell the DSL the same day. See [recording](../procedures/recording.md).

- Write it down.
- Sign it.
"""
ONLINE = """\
## Devices

Children use the club's tablets only with a member of staff in the room. Staff never use their
own phones to photograph children, and report any worrying message or image to the DSL.
"""
V2 = """\
## Who to tell

Tell the DSL straight away, and record what the child said. See
[recording](../procedures/recording.md).

- Write it down.
- Sign it.
- Keep it safe.
"""


def own_words(topic: str) -> str:
    """A body distinct enough that git never takes one test document for a copy of another."""
    lines = [f"{topic} {n}: " + " ".join(f"{topic[:3]}{n}{k}" for k in range(12))
             for n in range(8)]
    return "\n\n".join(lines) + "\n"


def cp(version: str, approved: str, body: str, **fields: object) -> str:
    return policy("child-protection", body=body, title="Child protection", version=version,
                  approved=approved, **fields)


def make_scenario(root) -> GitRepo:
    """Write the repository under `root`; a session fixture in conftest shares it."""
    repo = GitRepo(root)
    repo.write("mkdocs.yml", CONFIG)
    repo.write("docs/index.md", "# Home\n")
    repo.write("docs/procedures/recording.md",
               policy("recording", type="procedure", approved="2024-01-08",
                      body=own_words("recording") +
                      "[policy](../policies/child-protection.md)\n"))
    repo.commit("Start the handbook", "2024-01-09")
    repo.commit("Add the child protection policy", "2024-01-10",
                **{"docs/policies/child-protection.md": cp("1.0", "2024-01-08", V1)})
    repo.commit("Add the online safety policy", "2024-02-01",
                **{"docs/policies/online.md": policy("online", approved="2024-01-30",
                                                     body=ONLINE)})
    repo.commit("Fix the DSL's extension", "2024-06-03", **{
        "docs/policies/child-protection.md": cp("1.1", "2024-06-01", V1.replace(
            "same day.", "same day (extension 201)."),
            change_summary="Added the DSL's extension.")})
    repo.commit("Reword online safety without a new version", "2024-05-01", **{
        "docs/policies/online.md": policy("online", approved="2024-01-30",
                                          body="Different text.\n")})
    repo.move("docs/policies/child-protection.md", "docs/policies/safeguarding.md")
    repo.commit("Move the child protection policy", "2024-07-01")
    # The annual review happens on a branch and is merged.
    repo.git("checkout", "-q", "-b", "annual-review")
    repo.commit("Annual review: report straight away", "2025-01-15", **{
        "docs/policies/safeguarding.md": cp("2.0", "2025-01-14", V2,
                                            change_summary="Report straight away.")})
    repo.git("checkout", "-q", "main")
    repo.commit("Online safety 1.1", "2025-01-16", **{
        "docs/policies/online.md": policy("online", version="1.1", approved="2025-01-16",
                                          change_summary="Editorial.", body="Different.\n")})
    repo.git("merge", "-q", "--no-ff", "-m", "Merge the annual review", "annual-review",
             date="2025-01-20")
    repo.commit("Online safety back to 1.0 by mistake", "2025-02-01", **{
        "docs/policies/online.md": policy("online", approved="2024-01-30")})
    repo.commit("Safeguarding 2.1: tidy wording", "2025-03-01", **{
        "docs/policies/safeguarding.md": cp("2.1", "2025-03-01", V2.replace(
            "Keep it safe.", "Keep it locked away."), change_summary="Tidied wording.")})
    repo.commit("Point a link at the moved policy", "2025-03-01", **{
        "docs/procedures/recording.md": policy("recording", type="procedure",
                                               approved="2024-01-08",
                                               body=own_words("recording") +
                                               "[policy](../policies/safeguarding.md)\n")})
    repo.commit("Re-approve recording without changes", "2025-03-02", **{
        "docs/procedures/recording.md": policy("recording", type="procedure",
                                               approved="2025-03-02",
                                               body=own_words("recording") +
                                               "[policy](../policies/safeguarding.md)\n")})
    repo.commit("Draft a new guidance note", "2025-04-01", **{
        "docs/guidance/draft.md": policy("draft", type="guidance", status="draft",
                                         approved=None, version="0.1",
                                         body=own_words("drafting"))})
    repo.commit("Keep drafting", "2025-04-10", **{
        "docs/guidance/draft.md": policy("draft", type="guidance", status="draft",
                                         approved=None, version="0.1",
                                         body=own_words("drafting") + "More.\n")})
    repo.commit("Add the major policy", "2025-04-19", **{
        "docs/policies/major.md": policy("major", version="1.1", approved="2025-04-19",
                                         change_summary="Editorial.",
                                         body=own_words("majority"))})
    repo.commit("Major change with no new summary", "2025-04-20", **{
        "docs/policies/major.md": policy("major", version="2.0", approved="2025-04-20",
                                         change_summary="Editorial.",
                                         body=own_words("majority") + "New.\n")})
    return repo


def make_awkward(root) -> GitRepo:
    """Histories the main scenario lacks: a renamed link target, a version number used
    twice, a document retyped from policy to lesson, a single-version document and a
    review commit made long after its version came into force."""
    repo = GitRepo(root)
    repo.write("mkdocs.yml", CONFIG)
    repo.write("docs/index.md", "# Home\n")
    repo.commit("Start", "2024-01-01", **{
        "docs/policies/linking.md": policy(
            "linking", approved="2024-01-01",
            body=own_words("linking") + "See [the target](target.md#top).\n"),
        "docs/policies/target.md": policy("target", approved="2024-01-01",
                                          body=own_words("targets")),
        "docs/lessons/retyped.md": policy("retyped", approved="2024-01-01",
                                          body=own_words("retyping")),
        "docs/policies/steady.md": policy("steady", approved="2024-01-01",
                                          body=own_words("steadiness")),
        "docs/policies/seesaw.md": policy("seesaw", approved="2024-01-01",
                                          body=own_words("seesawing"))})
    repo.commit("Seesaw 1.1", "2024-02-01", **{
        "docs/policies/seesaw.md": policy("seesaw", version="1.1", approved="2024-02-01",
                                          change_summary="Up.",
                                          body=own_words("seesawing") + "Up.\n")})
    repo.commit("Retype a policy as a lesson", "2024-02-15",
                **{"docs/lessons/retyped.md": lesson("retyped")})
    repo.move("docs/policies/target.md", "docs/procedures/renamed.md")
    repo.commit("Move the target", "2024-03-01", **{
        "docs/policies/linking.md": policy(
            "linking", version="1.1", approved="2024-03-01", change_summary="Link moved.",
            body=own_words("linking") + "See [the target](../procedures/renamed.md#top).\n"
            "Moved.\n")})
    repo.commit("Seesaw back to 1.0", "2024-04-01", **{
        "docs/policies/seesaw.md": policy("seesaw", approved="2024-04-01",
                                          body=own_words("seesawing") + "Down.\n")})
    repo.commit("Seesaw 1.1 again", "2024-05-01", **{
        "docs/policies/seesaw.md": policy("seesaw", version="1.1", approved="2024-05-01",
                                          change_summary="Up again.",
                                          body=own_words("seesawing") + "Up again.\n")})
    repo.commit("Seesaw: review every six months", "2024-05-01", **{
        "docs/policies/seesaw.md": policy("seesaw", version="1.1", approved="2024-05-01",
                                          change_summary="Up again.", review_every=6,
                                          body=own_words("seesawing") + "Up again.\n")})
    repo.commit("Review steady: no change to the text", "2024-12-01", **{
        "docs/policies/steady.md": policy("steady", approved="2024-01-01", review_every=6,
                                          body=own_words("steadiness"))})
    return repo


def make_two_versions(root, config: str, files: dict[str, str] | None = None) -> GitRepo:
    """A handbook in git: p at 1.0 then 1.1, q, one lesson, and `files` in the second commit."""
    repo = GitRepo(root)
    repo.write("mkdocs.yml", config)
    repo.write("docs/index.md", "# Home\n")
    repo.write("docs/lessons/case.md", lesson("case"))
    repo.write("docs/policies/p.md", policy("p"))
    repo.write("docs/policies/q.md", policy("q"))
    repo.commit("First", "2026-01-15")
    repo.write("docs/policies/p.md", policy("p", body="Changed.\n", version="1.1",
                                            approved="2026-02-01", change_summary="Changed."))
    for path, text in (files or {}).items():
        repo.write(path, text)
    repo.commit("Second", "2026-02-01")
    return repo
