"""Generate a synthetic handbook of N documents, in sections, for benchmarks.

The documents use the real front matter format with realistic sizes (about
400 words, headings, lists, a table, an admonition, links between documents),
so a build of them costs what a real handbook of that size would. They sit in
the example's sections (policies, procedures, ...), each split into parts of
SECTION_SIZE documents, and each section has a short index page, as the example
and the starter have, so `navigation.indexes` has something to show.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import random
import subprocess
from datetime import date, timedelta
from pathlib import Path

import yaml

WORDS = [
    "child", "staff", "safeguarding", "concern", "record", "report", "designated", "lead",
    "deputy", "manager", "nursery", "club", "parent", "carer", "referral", "social", "care",
    "police", "information", "share", "consent", "voice", "professional", "curiosity",
    "escalate", "review", "policy", "procedure", "guidance", "training", "induction",
    "supervision", "allegation", "behaviour", "online", "phone", "camera", "intimate", "care",
    "absence", "missing", "collected", "emergency", "contact", "chronology", "body", "map",
    "signs", "neglect", "abuse", "harm", "risk", "support", "early", "help", "plan", "meeting",
    "notes", "sign", "date", "time", "words", "observed", "explained", "room", "outdoor",
]

SECTIONS = (("policies", "policy", 40), ("procedures", "procedure", 25),
            ("guidance", "guidance", 20), ("forms", "form", 5), ("lessons", "lesson", 10))
OWNERS = ("Designated Safeguarding Lead", "Nursery Manager", "Deputy Manager", "Business Manager")
# Documents per part of a section, as the issue measured (a real manual's chapters).
SECTION_SIZE = 50
THEMES = ("information sharing", "voice of the child", "professional curiosity", "escalation")

def _sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 5)))


def _body(rng: random.Random, links: list[str]) -> str:
    parts = ['!!! abstract "In short"', *(f"    - {_sentence(rng, 9)}" for _ in range(3)), ""]
    for heading in ("What this covers", "What you must do", "Records", "Related"):
        parts += [f"## {heading}", "", _paragraph(rng), ""]
        if heading == "What you must do":
            parts += [f"{i}. {_sentence(rng, 10)}" for i in range(1, 6)] + [""]
            parts += ["| Who | What |", "|---|---|"]
            parts += [f"| {rng.choice(OWNERS)} | {_sentence(rng, 8)} |" for _ in range(3)] + [""]
        if heading == "Related":
            parts += [f"- [{link}]({link})" for link in links] + [""]
    return "\n".join(parts)


def generate(root: Path, count: int, seed: int = 1, *, flat: bool = False) -> Path:
    """Write `count` documents under `root/docs` and commit them to git.

    Parts of SECTION_SIZE sit inside their section (`policies/part-01/`), or with
    `flat`, side by side at the top (`policies-01/`): the layout issue 18 measured,
    where `navigation.sections` expands every document into every page.
    """
    rng = random.Random(seed)
    docs = root / "docs"
    plan: list[tuple[str, str, str]] = []  # (folder, type, id)
    for folder, doc_type, share in SECTIONS:
        for i in range(max(1, count * share // 100)):
            number = i // SECTION_SIZE + 1
            part = f"{folder}-{number:02d}" if flat else f"{folder}/part-{number:02d}"
            plan.append((part, doc_type, f"{doc_type}-{i:04d}"))
    plan = plan[:count]
    lessons = [doc_id for _, doc_type, doc_id in plan if doc_type == "lesson"]
    start = date(2025, 1, 1)
    for index, (folder, doc_type, doc_id) in enumerate(plan):
        peers = [p for p in rng.sample(plan, min(3, len(plan))) if p[2] != doc_id]
        links = [posixpath.relpath(f"{p[0]}/{p[2]}.md", folder) for p in peers]
        meta: dict[str, object] = {"id": doc_id, "title": f"{doc_type.title()} {index:04d}: "
                                   + _sentence(rng, 4).rstrip("."), "type": doc_type}
        if doc_type == "lesson":
            meta.update(case=f"Case {index}", year=2010, review="Serious case review",
                        review_year=2012, themes=rng.sample(THEMES, 2),
                        learning=[_sentence(rng, 10) for _ in range(3)],
                        sources=[{"title": "Review", "url": "https://example.org/review"}])
        else:
            approved = start + timedelta(days=rng.randint(0, 600))
            meta.update(owner=rng.choice(OWNERS), approved_by="Registered provider",
                        version=f"{rng.randint(1, 4)}.{rng.randint(0, 3)}", status="approved",
                        approved=approved, review_every=12,
                        change_summary=_sentence(rng, 10),
                        related=[p[2] for p in peers],
                        lessons=rng.sample(lessons, min(2, len(lessons))),
                        sign_off=[_sentence(rng, 10) for _ in range(4)])
        path = docs / folder / f"{doc_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        path.write_text(f"---\n{front}---\n\n{_body(rng, links)}", encoding="utf-8")
    (docs / "index.md").write_text("# Benchmark handbook\n\nGenerated.\n", encoding="utf-8")
    sections = sorted({folder for folder, _, _ in plan}) if flat else [
        folder for folder, _, _ in SECTIONS if (docs / folder).is_dir()]
    for folder in sections:
        # Lessons get theirs from the plugin (lessons/index.md), as in the example.
        if folder != "lessons":
            name = folder.replace("/", "-")
            (docs / folder / "index.md").write_text(
                f"---\nid: {name}-index\ntitle: {name.title()}\ntype: page\n---\n\n"
                f"# {name.title()}\n\n{_paragraph(rng)}\n", encoding="utf-8")
    _commit(root)
    return root


def _commit(root: Path) -> None:
    """Put the handbook in git, as a real one is, so history pages are built too."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["commit", "-q", "-m", "Generated handbook"]):
        subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env,
                       check=True)


def parts(root: Path) -> dict[str, dict[str, list[str]]]:
    """Each section's parts and their documents (paths under docs/), in order.

    A part's own index page, if it has one (the flat layout), comes first.
    """
    docs = root / "docs"
    found: dict[str, dict[str, list[str]]] = {}
    for folder, _, _ in SECTIONS:
        folders = [*(docs / folder).glob("part-*"), *docs.glob(f"{folder}-*")]
        for part in sorted(p for p in folders if p.is_dir()):
            names = sorted(path.name for path in part.glob("*.md"))
            names.sort(key=lambda name: name != "index.md")
            found.setdefault(folder, {})[part.name] = [
                f"{part.relative_to(docs).as_posix()}/{name}" for name in names]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    generate(args.root, args.count)
    print(f"wrote {args.count} documents under {args.root / 'docs'}")


if __name__ == "__main__":
    main()
