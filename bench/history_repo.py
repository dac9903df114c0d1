"""Generate a git repository of N documents and M dated commits with git fast-import.

Documents are added over the first commits, then edited: most edits are
editorial (MINOR), some substantive (MAJOR, with a new change summary), a few
move a document to another folder. One fast-import stream builds the whole
repository in seconds, where M separate `git commit` calls would take minutes.

`generate_docs` builds the other shape the benchmark uses: a documentation
project's repository, with a hundred large pages in one folder and thousands
of commits, most of which change other folders.
"""

from __future__ import annotations

import argparse
import random
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from generate import _body, _sentence

START = datetime(2019, 1, 1, 9, tzinfo=UTC)


def _document(doc_id: str, major: int, minor: int, approved: date, summary: str,
              rng: random.Random) -> str:
    meta = {"id": doc_id, "title": f"Policy {doc_id}", "type": "policy",
            "owner": "Designated Safeguarding Lead", "approved_by": "Registered provider",
            "version": f"{major}.{minor}", "status": "approved", "approved": approved,
            "review_every": 12, "change_summary": summary}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + _body(rng, [])


def generate(root: Path, documents: int, commits: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream: list[bytes] = []
    state: dict[str, dict] = {}  # id -> path, version
    adds_per_commit = max(1, documents // max(1, commits // 25))
    when = START
    next_doc = 0
    for number in range(1, commits + 1):
        when += timedelta(hours=rng.randint(1, 20))
        ops: list[str] = []
        if next_doc < documents and (number <= commits // 25 or not state):
            for _ in range(min(adds_per_commit, documents - next_doc)):
                doc_id = f"doc-{next_doc:05d}"
                state[doc_id] = {"path": f"docs/part-{next_doc % 20:02d}/{doc_id}.md",
                                 "major": 1, "minor": 0, "summary": "First version."}
                next_doc += 1
                ops.append(doc_id)
            message = f"Add {len(ops)} documents"
        else:
            ops = rng.sample(sorted(state), min(len(state), rng.randint(1, 3)))
            message = f"Update {', '.join(ops)}"
        body = []
        for doc_id in ops:
            doc = state[doc_id]
            if "Add" not in message:
                roll = rng.random()
                if roll < 0.02:  # move to another folder
                    old = doc["path"]
                    doc["path"] = f"docs/moved-{rng.randint(0, 4)}/{doc_id}.md"
                    body.append(f"R {old} {doc['path']}\n".encode())
                elif roll < 0.2:
                    doc["major"] += 1
                    doc["minor"] = 0
                    doc["summary"] = _sentence(rng, 8)
                else:
                    doc["minor"] += 1
                    doc["summary"] = _sentence(rng, 6)
            text = _document(doc_id, doc["major"], doc["minor"], when.date(), doc["summary"],
                             rng).encode()
            body.append(f"M 100644 inline {doc['path']}\ndata {len(text)}\n".encode() + text
                        + b"\n")
        stamp = f"{int(when.timestamp())} +0000"
        msg = message.encode()
        stream.append(
            f"commit refs/heads/main\nmark :{number}\n"
            f"author Bench Manager <bench@example.org> {stamp}\n"
            f"committer Bench Manager <bench@example.org> {stamp}\n"
            f"data {len(msg)}\n".encode() + msg + b"\n"
            + (f"from :{number - 1}\n".encode() if number > 1 else b"")
            + b"".join(body) + b"\n")
    return _import(root, stream)


def _import(root: Path, stream: list[bytes]) -> Path:
    """Build the repository from one fast-import stream and check out main."""
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream),
                   check=True)
    # fast-import stores most blobs whole; a clone from a server gets them packed as
    # deltas of each other, which makes reading every version several times cheaper.
    # Repack as a server would, so the benchmark reads what a real checkout holds.
    subprocess.run(["git", "repack", "-a", "-d", "-f", "-q"], cwd=root, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    return root


PAGE_PARAGRAPHS = (30, 70)  # about 600 bytes each: pages of 18-42 KB
OTHER_FOLDERS = (("src/templates", 300), ("src/assets", 250), ("material/plugins", 200),
                 ("overrides", 40), (".github/workflows", 8))


def _page(meta: dict, paragraphs: list[str]) -> bytes:
    # Written by hand, not by yaml.safe_dump: thousands of revisions, all plain scalars.
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return ("---\n" + head + "---\n\n" + "\n\n".join(paragraphs) + "\n").encode()


def generate_docs(root: Path, pages: int = 96, commits: int = 6700, seed: int = 11) -> Path:
    """A repository shaped like a real documentation project's, built with git fast-import.

    About 96 large pages (tens of KB) in one `docs` folder, among some 800
    files elsewhere (templates, assets, plugin code, workflows) that most
    commits touch instead: about one commit in three changes a page. Pages are
    renamed now and then (sometimes with an edit), some edits change only the
    front matter, and every 50th commit or so is a merge of a two-commit topic
    branch, as pull requests are. Each page edit rewrites one paragraph, as
    real edits do, so git's rename detection sees large, similar files.
    """
    rng = random.Random(seed)
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream: list[bytes] = []
    # Text is drawn from a pool of sentences: drawing every word afresh takes longer
    # than git takes to build the whole repository.
    pool = [_sentence(rng, rng.randint(10, 16)) for _ in range(3000)]

    def paragraph() -> str:
        return " ".join(rng.choices(pool, k=6))

    others = [f"{folder}/file-{i:03d}.{'html' if 'templates' in folder else 'py'}"
              for folder, count in OTHER_FOLDERS for i in range(count)]
    pages_state: dict[str, dict] = {}  # path -> {meta, paragraphs}
    mark = 0
    tip = 0
    when = START
    authors = ["Ann Writer <ann@example.org>", "Bo Editor <bo@example.org>",
               "Cy Maintainer <cy@example.org>", "Di Contributor <di@example.org>"]

    def data(path: str, content: bytes) -> bytes:
        return f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n"

    def other_file(path: str) -> bytes:
        return data(path, ("\n".join(rng.choices(pool, k=rng.randint(5, 40))) + "\n").encode())

    def page_edit(path: str, rename: bool = True) -> list[bytes]:
        page = pages_state[path]
        meta, roll = page["meta"], rng.random()
        ops: list[bytes] = []
        if roll < 0.02 and rename:  # rename, sometimes with an edit
            new = f"docs/{path[5:-3]}-{rng.randint(0, 99)}.md"
            if new not in pages_state:
                ops.append(f"R {path} {new}\n".encode())
                pages_state[new] = pages_state.pop(path)
                if rng.random() < 0.5:
                    return ops
                path = new
        major, minor = (int(n) for n in meta["version"].split("."))
        if roll < 0.1:  # front matter only: a review
            meta["review_by"] = (when + timedelta(days=365)).date()
        elif roll < 0.2:
            major, minor = major + 1, 0
            meta["change_summary"] = rng.choice(pool)
        else:
            minor += 1
            meta["change_summary"] = rng.choice(pool)
        if roll >= 0.1:
            meta["version"], meta["approved"] = f"{major}.{minor}", when.date()
            paragraphs = page["paragraphs"]
            paragraphs[rng.randrange(len(paragraphs))] = paragraph()
        ops.append(data(path, _page(meta, page["paragraphs"])))
        return ops

    def commit(ref: str, parent: int, ops: list[bytes], message: str,
               merge: int | None = None) -> int:
        nonlocal mark, when
        mark += 1
        when += timedelta(minutes=rng.randint(10, 900))
        stamp = f"{int(when.timestamp())} +0000"
        author = rng.choice(authors)
        msg = message.encode()
        stream.append(
            f"commit {ref}\nmark :{mark}\nauthor {author} {stamp}\n"
            f"committer {author} {stamp}\ndata {len(msg)}\n".encode() + msg + b"\n"
            + (f"from :{parent}\n".encode() if parent else b"")
            + (f"merge :{merge}\n".encode() if merge else b"")
            + b"".join(ops) + b"\n")
        return mark

    tip = commit("refs/heads/main", 0, [other_file(p) for p in others], "Start the project")
    while mark < commits:
        roll = rng.random()
        if len(pages_state) < pages and (roll < 0.3 or mark > commits // 10):
            path = f"docs/page-{len(pages_state):03d}.md"
            pages_state[path] = {
                "meta": {"title": f"Page {len(pages_state)}", "type": "guidance",
                         "owner": "Docs team", "version": "1.0", "status": "approved",
                         "approved": when.date(), "change_summary": "First version."},
                "paragraphs": [paragraph()
                               for _ in range(rng.randint(*PAGE_PARAGRAPHS))]}
            tip = commit("refs/heads/main", tip, [data(path, _page(
                pages_state[path]["meta"], pages_state[path]["paragraphs"]))], f"Add {path}")
        elif mark % 50 == 0:  # a pull request: two commits on a topic branch, merged
            side, merged = tip, []
            for _ in range(2):
                ops = (page_edit(rng.choice(sorted(pages_state)), rename=False) if pages_state
                       and rng.random() < 0.5 else [other_file(rng.choice(others))])
                merged += ops
                side = commit("refs/heads/topic", side, ops, "Topic change")
            # The merge's tree is the main line's plus the branch's changes.
            tip = commit("refs/heads/main", tip, merged, "Merge pull request", merge=side)
        elif roll < 0.3 and pages_state:
            ops = []
            for path in rng.sample(sorted(pages_state), rng.choice((1, 1, 1, 2, 3))):
                if path in pages_state:
                    ops += page_edit(path)
            if rng.random() < 0.15:
                ops.append(other_file(rng.choice(others)))
            tip = commit("refs/heads/main", tip, ops, "Documentation: " + rng.choice(pool))
        else:
            ops = [other_file(p) for p in rng.sample(others, rng.randint(1, 4))]
            tip = commit("refs/heads/main", tip, ops, "Code: " + rng.choice(pool))
    return _import(root, stream)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    args = parser.parse_args()
    generate(args.root, args.documents, args.commits)
    print(f"wrote {args.documents} documents in {args.commits} commits under {args.root}")


if __name__ == "__main__":
    main()
