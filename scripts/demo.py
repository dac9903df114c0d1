"""Build the example handbook from a repository with a believable past.

The example is committed in a few commits, so its history pages are thin. This
script writes a throwaway git repository whose dated commits, 2019 to 2026,
replay how a setting would have got to today's example: annual reviews, a
MAJOR change after a case-review lesson (prepared on a branch and merged),
editorial fixes, a policy superseded (and renamed) and one retired. Its last
commit leaves the tree equal to this repository's example, so the demo is the
example with a past. Every earlier version is derived from the documents as they are now,
by the rules below, so the demo follows whatever docs/ holds.

It lives here, not in the `handbook` package, on purpose: a command that
invents a past for a handbook has no place in the tool a setting installs,
where an inspector relies on the history being real. And it needs the
example's files, which only a clone of this repository has.

    python scripts/demo.py                      # build, then serve (make demo)
    python scripts/demo.py --build-only --out DIR
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from handbook.handbook import load, read_docs_dir
from handbook.model import Document, Status, Version

REPO = Path(__file__).resolve().parent.parent
# What the example is made of, besides docs/: copied as they are.
SITE_FILES = ("mkdocs.yml", "hooks", "overrides", "includes", "records")

# ---- The timeline: everything the story decides, in one place. -------------

# The day the setting moved its paper handbook into git.
START = date(2019, 3, 4)
# Documents that began on a given day; any other starts a year per version
# before its current approval (one review a year), or on START if that is later.
SINCE = {
    "child-protection": START,
    "covid-addendum": date(2020, 6, 1),  # nurseries reopened to all children
    "mobile-phones-cameras": date(2025, 9, 1),  # replaced the 2023 phone policy
}
# Retired documents and the day they were withdrawn (default: a year after approval).
RETIRED_ON = {"covid-addendum": date(2022, 4, 1)}  # "Living with COVID-19"
# The MAJOR change after a lesson: this document's next MAJOR version after its
# newest lesson is drafted on a branch, approved there and merged (--no-ff).
LESSON_REVIEW = "child-protection"
LESSON_BRANCH = "review-after-{lesson}"
# Wording that changed when national guidance did: before the day, the text said
# the older thing. Applied to every earlier version wherever the newer text appears.
OLDER_WORDING = [  # (from, now, before, what changed); newest first, so older steps chain
    (date(2026, 11, 1), ", including the whole of each holiday club day", "",
     "holiday club cover"),
    (date(2025, 9, 1), "providers (September 2025)", "providers (January 2024)",
     "the September 2025 EYFS"),
    (date(2024, 5, 28), "Information sharing advice for practitioners (2024)",
     "Information sharing advice for practitioners (2018)", "the 2024 information sharing advice"),
    (date(2024, 1, 4), "EYFS statutory framework for group and school-based providers "
     "(January 2024)", "Statutory framework for the early years foundation stage (2021)",
     "the January 2024 EYFS"),
    (date(2024, 1, 4), "EYFS statutory framework for group providers", "EYFS statutory framework",
     "the January 2024 EYFS"),
    (date(2023, 12, 15), "Working Together to Safeguard Children 2023",
     "Working Together to Safeguard Children 2018", "Working Together 2023"),
    (date(2021, 9, 1), "foundation stage (2021)", "foundation stage (2017)", "the 2021 EYFS"),
]
# Editorial fixes: an earlier MINOR version has one of these slips, the next fixes it.
MISSPELLINGS = {
    "immediately": "immediatly", "separate": "seperate", "receive": "recieve",
    "necessary": "neccessary", "responsible": "responsable", "whether": "wether",
    "professional": "proffesional", "believe": "beleive", "until": "untill",
    "safeguarding": "safegaurding",
}
AUTHORS = {  # roles, never people: commit authors show in internal builds
    "main": ("Designated Safeguarding Lead", "dsl@willowbrook.example"),
    "branch": ("Nursery Manager", "manager@willowbrook.example"),
}
DAYS_TO_COMMIT = 2  # a version is committed a couple of days after its approval


# ---- Deriving the past of each document. -----------------------------------


@dataclass
class Commit:
    """One commit to replay: files to write (path -> text), on a branch."""

    day: date
    message: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    branch: str = "main"
    merge: str | None = None  # merge this branch into `branch` instead of writing files
    moves: dict[str, str] = field(default_factory=dict)  # old path -> new, before writing


@dataclass
class Past:
    """One earlier version of a document: what it said and when it was approved."""

    version: Version
    approved: date
    text: str
    summary: str


def split(text: str) -> tuple[str, str]:
    """Front matter (without the --- lines) and body."""
    end = text.index("\n---\n", 3)
    return text[4:end + 1], text[end + 5:]


def set_field(front: str, name: str, value: object | None) -> str:
    """Replace a top-level field (and its continuation lines), add it, or drop it (None)."""
    pattern = re.compile(rf"^{name}:.*\n(?:[ \t-].*\n)*", re.M)
    if value is None:
        new = ""
    elif name == "version":
        new = f'version: "{value}"\n'
    elif name in ("lessons", "related"):  # lists of ids, on one line
        new = f"{name}: [{', '.join(value)}]\n"  # type: ignore[arg-type]
    elif isinstance(value, list):  # one item a line, indented, as the example writes them
        items = yaml.safe_dump(value, allow_unicode=True, width=10**6)
        new = f"{name}:\n" + "".join(f"  {line}\n" for line in items.splitlines())
    else:
        new = yaml.safe_dump({name: value}, sort_keys=False, allow_unicode=True, width=100)
    if pattern.search(front):
        return pattern.sub(lambda _: new, front, count=1)
    return front + new


def older_wording(text: str, day: date) -> str:
    for changed, now, before, _ in OLDER_WORDING:
        if day < changed:
            text = text.replace(now, before)
    return text


def wording_changes(text: str, start: date, end: date) -> list[str]:
    """The guidance whose new wording came in between two versions."""
    return [what for changed, now, before, what in OLDER_WORDING
            if start < changed <= end and before and now in text]


def sections(body: str) -> tuple[str, list[str]]:
    """The text before the first `## ` heading, and each `## ` section."""
    parts = re.split(r"(?m)^(?=## )", body)
    return parts[0], parts[1:]


def heading(section: str) -> str:
    return section.splitlines()[0].removeprefix("## ").strip()


def misspell(body: str, word: str) -> str:
    """The body with the first plain-text `word` misspelt (never inside a link or heading)."""
    pattern = _word(word)
    out = []
    done = False
    for line in body.splitlines(keepends=True):
        if not done and not line.lstrip().startswith(("#", "|", "!!!")):
            line, count = pattern.subn(MISSPELLINGS[word], line, count=1)
            done = count > 0
        out.append(line)
    return "".join(out)


def in_force_body(doc: Document, body: str) -> str:
    """What a withdrawn document said while in force: its key points and its links.

    Its body today is a record written after the fact ("what it was", "why it was
    replaced"), so the in-force text is rebuilt from what staff confirmed.
    """
    points = "".join(f"    - {point}\n" for point in doc.sign_off)
    _, parts = sections(body)
    related = "".join(s for s in parts if heading(s).lower().startswith("related"))
    if doc.superseded_by:  # the replacement did not exist yet
        related = "".join(line for line in related.splitlines(keepends=True)
                          if f"{doc.superseded_by}.md" not in line)
        related = related if "\n- " in related else ""
    kind = doc.type.value
    return (f'\n!!! abstract "In short"\n{points}\n## Who this {kind} is for\n\n'
            f"This {kind} applies to everyone who works at Willowbrook. Each member of staff "
            "reads it and confirms the key points above.\n\n" + related)


def version_list(current: Version) -> list[Version]:
    """Versions before `current`: k.0 and k.1 for each earlier MAJOR, then the MINORs."""
    if current.major < 1:
        return []
    earlier = [Version(k, m) for k in range(1, current.major) for m in (0, 1)]
    return earlier + [Version(current.major, m) for m in range(current.minor)]


def spread(first: date, last: date, count: int, pins: dict[int, date]) -> list[date]:
    """`count` dates from `first` to `last`, evenly between fixed points."""
    anchors = {0: first, count - 1: last, **pins}
    keys = sorted(anchors)
    days = []
    for i in range(count):
        left = max(k for k in keys if k <= i)
        right = min(k for k in keys if k >= i)
        if left == right:
            days.append(anchors[i])
            continue
        span = (anchors[right] - anchors[left]).days
        days.append(anchors[left] + timedelta(days=span * (i - left) // (right - left)))
    return days


def lesson_added(lesson: Document | None) -> date:
    """Lessons from reviews before START are there from the start; later ones arrive
    the summer after their review is published."""
    if lesson is None or not lesson.review_year or lesson.review_year < START.year:
        return START
    return date(lesson.review_year, 7, 1)


@dataclass
class Plan:
    """A document's earlier versions, and the lesson its MAJOR change followed."""

    doc: Document
    past: list[Past]
    lesson: Document | None = None
    lesson_version: Version | None = None


def plan_document(doc: Document, text: str, lessons: dict[str, Document]) -> Plan:
    """Derive `doc`'s earlier versions from its current text and version number."""
    assert doc.version and doc.approved
    versions = [*version_list(doc.version), doc.version]
    days, lesson, lesson_version = _dates(doc, versions, lessons)
    if not days:
        return Plan(doc, [])
    front, body = split(text)
    head, parts = sections(body)
    # Sections between the first and the last, and key points, came in one per MAJOR
    # version, newest last; the lesson's MAJOR brought the section that cites it.
    middle = parts[1:-1]
    intro = _arrivals(len(middle), doc.version.major)
    points = _arrivals(len(doc.sign_off), doc.version.major)
    citing = [i for i, s in enumerate(middle) if lesson and f"lessons/{lesson.id}.md" in s]
    if citing and lesson_version:
        swap = next((i for i, k in intro.items() if k == lesson_version.major), citing[0])
        intro[swap], intro[citing[0]] = intro[citing[0]], lesson_version.major
    withdrawn = doc.status in (Status.SUPERSEDED, Status.RETIRED)
    bodies = [in_force_body(doc, body) if withdrawn or not parts else
              head + parts[0] + "".join(s for i, s in enumerate(middle)
                                        if intro[i] <= version.major)
              + (parts[-1] if len(parts) > 1 else "") for version in versions[:-1]]
    slips = _slips(versions, bodies)
    past: list[Past] = []
    for index, (version, day) in enumerate(zip(versions[:-1], days[:-1], strict=True)):
        new_front = _front_at(doc, front, version, day, [
            p for i, p in enumerate(doc.sign_off) if points[i] <= version.major],
            [i for i in doc.lessons if lesson_added(lessons.get(i)) <= day
             or (lesson and version == lesson_version and i == lesson.id)])
        summary = None
        if index:
            previous = past[-1]
            if version.major > previous.version.major:
                summary = _major_summary(doc, version, middle, intro, points,
                                         lesson if version == lesson_version else None)
            elif slips[index - 1]:
                summary = (f"Editorial: corrected the spelling of '{slips[index - 1]}'. "
                           "No change to what staff do.")
            elif changes := wording_changes(text, previous.approved, day):
                summary = (f"Annual review: now refers to {', '.join(changes)}. "
                           "No change to what staff do.")
            else:
                summary = ("Annual review: checked against current guidance. "
                           "No change to what staff do.")
        new_front = set_field(new_front, "change_summary", summary)
        shown = misspell(bodies[index], slips[index]) if slips[index] else bodies[index]
        full = older_wording(f"---\n{new_front}---\n{shown}", day)
        past.append(Past(version, day, full, summary or "First version."))
    if withdrawn:  # today's version as it was while in force, before it was withdrawn
        new_front = _front_at(doc, front, doc.version, doc.approved, doc.sign_off, doc.lessons)
        full = older_wording(f"---\n{new_front}---\n{in_force_body(doc, body)}", doc.approved)
        past.append(Past(doc.version, doc.approved, full, doc.change_summary or "First version."))
    return Plan(doc, past, lesson, lesson_version)


def _dates(doc: Document, versions: list[Version], lessons: dict[str, Document]) -> tuple[
        list[date], Document | None, Version | None]:
    """Approval days, one a year back from today's (none if the document is new); for
    LESSON_REVIEW, the MAJOR version nearest its newest lesson moved to just after it."""
    last = doc.approved
    assert last
    yearly = date(last.year - len(versions) + 1, last.month, min(last.day, 28))
    first = SINCE.get(doc.id, max(START, yearly))
    if first >= last:
        return [], None, None
    days = spread(first, last, len(versions), {})
    known = [lessons[i] for i in doc.lessons if i in lessons]
    majors = [i for i, v in enumerate(versions[:-1]) if v.minor == 0 and i > 0]
    if doc.id != LESSON_REVIEW or not known or not majors:
        return days, None, None
    lesson = max(known, key=lambda lesson: lesson.review_year or 0)
    target = lesson_added(lesson) + timedelta(weeks=8)
    if not first < target < last:
        return days, None, None
    pick = min(majors, key=lambda i: abs((days[i] - target).days))
    return spread(first, last, len(versions), {pick: target}), lesson, versions[pick]


def _arrivals(count: int, top: int) -> dict[int, int]:
    """For each of `count` items, the MAJOR version it arrived in: one per MAJOR, the
    last item in the newest; all the rest were there from version 1."""
    return {i: max(1, top - (count - 1 - i)) for i in range(count)}


def _slips(versions: list[Version], bodies: list[str]) -> list[str | None]:
    """A word misspelt in each earlier version that the next MINOR (not today's) fixes."""
    slips: list[str | None] = []
    for index, (version, shown) in enumerate(zip(versions[:-1], bodies, strict=True)):
        words = [w for w in MISSPELLINGS if _word(w).search(shown)]
        fixable = versions[index + 1].major == version.major and index + 2 < len(versions)
        slips.append(words[(version.major + version.minor) % len(words)]
                     if fixable and words else None)
    return slips


def _front_at(doc: Document, front: str, version: Version, day: date, points: list[str],
              lessons: list[str]) -> str:
    """The front matter as it was at `version`, approved on `day` and in force."""
    new = set_field(front, "version", version)
    new = set_field(new, "status", "approved")
    new = set_field(new, "approved", day)
    new = set_field(new, "superseded_by", None)
    if doc.status in (Status.SUPERSEDED, Status.RETIRED):  # "Policy (2023)" was "Policy"
        new = set_field(new, "title", re.sub(r"\s*\(\d{4}\)$", "", doc.title))
    if doc.review_by and doc.approved and "review_by:" in front:
        new = set_field(new, "review_by", day + (doc.review_by - doc.approved))
    if doc.superseded_by and doc.related:
        new = set_field(new, "related", [i for i in doc.related if i != doc.superseded_by] or None)
    new = set_field(new, "sign_off", points or None)
    if "lessons:" in front:
        new = set_field(new, "lessons", lessons or None)
    return new


def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/.#-]){word}(?![\w/.-])")


def _major_summary(doc: Document, version: Version, middle: list[str], intro: dict[int, int],
                   points: dict[int, int], lesson: Document | None) -> str:
    added = [f"the section '{heading(middle[i])}'" for i, k in intro.items()
             if k == version.major]
    added += ["a key point for staff to confirm: '" + doc.sign_off[i].rstrip(".") + "'"
              for i, k in points.items() if k == version.major]
    what = " and ".join(added) if added else "a rewrite of what staff must do"
    why = (f"After the lesson from the case of {lesson.case} ({lesson.review}), added "
           if lesson else "Substantive review: added ")
    return f"{why}{what}. Every member of staff confirms it again."


# ---- Replaying the story into a repository. --------------------------------


def story(source: Path) -> list[Commit]:
    """Every commit from START to today, in order."""
    docs_dir = source / "docs"
    handbook = load(read_docs_dir(docs_dir))
    texts = {p.relative_to(source).as_posix(): p.read_bytes()
             for name in ("docs", *SITE_FILES) for p in _files(source / name)}
    lessons = {d.id: d for d in handbook.documents if d.type.value == "lesson"}
    plans = {d.id: plan_document(d, (docs_dir / d.src_uri).read_text(encoding="utf-8"), lessons)
             for d in handbook.documents
             if d.controlled and d.version and d.approved and d.status is not Status.DRAFT}
    later = {f"docs/{d.src_uri}" for d in handbook.documents if d.id in plans or
             (d.controlled and d.status is Status.DRAFT) or lesson_added(lessons.get(d.id)) > START}
    commits = [Commit(START, "Move the handbook from paper into git: pages, lessons and settings",
                      {path: text for path, text in texts.items() if path not in later})]
    for lesson in lessons.values():
        if lesson_added(lesson) > START:
            commits.append(Commit(lesson_added(lesson), f"Add the lesson from the {lesson.review}",
                                  {f"docs/{lesson.src_uri}": texts[f"docs/{lesson.src_uri}"]}))
    ends = [START]
    for plan in plans.values():
        commits += _versions(plan, texts, plans)
    for doc in handbook.documents:
        if doc.controlled and doc.status is Status.DRAFT:
            day = max(c.day for c in commits) - timedelta(days=20)
            commits.append(Commit(day, f"Start a draft: {doc.title}",
                                  {f"docs/{doc.src_uri}": texts[f"docs/{doc.src_uri}"]}))
    ends += [c.day for c in commits]
    commits.sort(key=lambda c: (c.day, c.merge is not None))
    commits.append(Commit(max(ends) + timedelta(days=1), "Bring the handbook up to date", texts))
    return commits


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _versions(plan: Plan, texts: dict[str, bytes], plans: dict[str, Plan]) -> list[Commit]:
    """A document's commits: each earlier version, then today's, or its withdrawal."""
    doc = plan.doc
    path = f"docs/{doc.src_uri}"
    # A withdrawn "policy-2023.md" was "policy.md" while in force (unless that name is taken).
    then = path
    if doc.status in (Status.SUPERSEDED, Status.RETIRED):
        then = re.sub(r"-\d{4}(?=\.md$)", "", path)
        then = path if then in texts else then
    title = re.sub(r"\s*\(\d{4}\)$", "", doc.title) if then != path else doc.title
    commits = []
    for index, past in enumerate(plan.past):
        subject = (f"Add the {title.lower()}, version {past.version}" if index == 0
                   else f"{title}: version {past.version}")
        day = past.approved + timedelta(days=DAYS_TO_COMMIT)
        if past.version == plan.lesson_version and plan.lesson is not None:
            branch = LESSON_BRANCH.format(lesson=plan.lesson.id)
            front, body = split(past.text)
            draft = set_field(set_field(front, "status", "draft"), "approved", None)
            commits += [
                Commit(past.approved - timedelta(days=14), f"Draft {subject} after the lesson "
                       f"from {plan.lesson.case}", {path: f"---\n{draft}---\n{body}"}, branch),
                Commit(day, f"Approve {subject}\n\n{past.summary}", {path: past.text}, branch),
                Commit(day + timedelta(days=7), f"Merge the {doc.title.lower()} review after the "
                       f"lesson from {plan.lesson.case}", branch="main", merge=branch)]
            continue
        commits.append(Commit(day, f"{subject}\n\n{past.summary}", {then: past.text}))
    if doc.status is Status.SUPERSEDED:
        replacement = plans.get(doc.superseded_by or "")
        withdrawn = (replacement.past[0].approved if replacement and replacement.past
                     else replacement.doc.approved if replacement and replacement.doc.approved
                     else doc.approved + timedelta(days=365))
        day = withdrawn + timedelta(days=DAYS_TO_COMMIT + 1)
        if then != path:
            commits.append(Commit(day, f"Rename the {title.lower()} to {Path(path).name}, "
                                       "to make way for its replacement",
                                  moves={then: path}))
        commits.append(Commit(day, f"Mark the {doc.title.lower()} superseded by "
                                   f"{doc.superseded_by}", {path: texts[path]}))
    elif doc.status is Status.RETIRED:
        withdrawn = RETIRED_ON.get(doc.id, doc.approved + timedelta(days=365))
        commits.append(Commit(withdrawn, f"Retire the {doc.title.lower()}", {path: texts[path]},
                              moves={then: path} if then != path else {}))
    else:
        day = doc.approved + timedelta(days=DAYS_TO_COMMIT)
        commits.append(Commit(day, f"{doc.title}: version {doc.version}\n\n"
                                   f"{doc.change_summary or 'First version.'}",
                              {path: texts[path]}))
    return commits


def replay(commits: list[Commit], root: Path) -> Path:
    """Write the commits into a new repository at `root`."""
    root.mkdir(parents=True)
    git = functools.partial(_git, root)
    git("init", "-q", "-b", "main")
    git("config", "commit.gpgsign", "false")
    branches = {"main"}
    current = "main"
    for commit in commits:
        if commit.merge:
            if current != "main":
                git("checkout", "-q", "main")
                current = "main"
            git("merge", "-q", "--no-ff", "-m", commit.message, commit.merge, day=commit.day,
                who="main")
            continue
        if commit.branch != current:
            git("checkout", "-q", *([] if commit.branch in branches else ["-b"]), commit.branch)
            branches.add(commit.branch)
            current = commit.branch
        for old, new in commit.moves.items():
            git("mv", old, new)
        for path, text in commit.files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode() if isinstance(text, str) else text)
        git("add", "-A")
        if git("status", "--porcelain"):
            git("commit", "-q", "-m", commit.message, day=commit.day,
                who="main" if commit.branch == "main" else "branch")
    return root


def _git(root: Path, *args: str, day: date | None = None, who: str = "main") -> str:
    env = dict(os.environ)
    if day:
        name, email = AUTHORS[who]
        stamp = f"{day.isoformat()}T10:00:00+00:00"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp, GIT_AUTHOR_NAME=name,
                   GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout


def make_repo(target: Path, source: Path = REPO) -> Path:
    """The example with its history, as a git repository at `target`; checks the last
    commit left exactly the example's files."""
    root = replay(story(source), target)
    for name in ("docs", *SITE_FILES):
        for path in _files(source / name):
            copy = root / path.relative_to(source)
            if not copy.is_file() or copy.read_bytes() != path.read_bytes():
                raise RuntimeError(f"the demo's last commit differs from the example at {copy}")
    return root


def build(root: Path, site: Path, *, strict: bool = False) -> None:
    """`mkdocs build` of the demo repository, history on (the example's default)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"),
               "-d", str(site), *(["--strict"] if strict else [])]
    subprocess.run(command, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


MARKER = ".handbook-demo"


def _prepare(out: Path) -> None:
    """An empty output folder; one the demo made before is emptied, anything else refused."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            sys.exit(f"demo: {out} is not empty and was not made by the demo; "
                     "choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Made by scripts/demo.py; deleted by its next run.\n")


def serve(site: Path, address: str) -> None:
    host, _, port = address.rpartition(":")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler) as server:
        print(f"Serving the demo at http://{address}/ (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=os.environ.get("DEMO_OUT") or None,
                        help="folder for the repository and the site (default: $DEMO_OUT, "
                             "or a new temporary folder)")
    parser.add_argument("--build-only", action="store_true", help="build, do not serve")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    args = parser.parse_args(argv)
    out = (args.out or Path(tempfile.mkdtemp(prefix="handbook-demo-"))).resolve()
    _prepare(out)
    root = make_repo(out / "repo")
    count = _git(root, "rev-list", "--count", "--all").strip()
    print(f"Demo repository with {count} commits: {root}")
    build(root, out / "site")
    print(f"Demo site: {out / 'site'}\n"
          f"Try: handbook asof 2021-06-01 -f {root / 'mkdocs.yml'}")
    if not args.build_only:
        serve(out / "site", args.dev_addr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
