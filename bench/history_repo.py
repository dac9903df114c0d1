"""Generate a git repository of N documents and M dated commits with git fast-import.

Documents are added over the first commits, then edited: most edits are
editorial (MINOR), some substantive (MAJOR, with a new change summary), a few
move a document to another folder. One fast-import stream builds the whole
repository in seconds, where M separate `git commit` calls would take minutes.
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
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream),
                   check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    return root


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
