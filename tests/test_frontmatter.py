"""The fast front matter reader gives exactly what PyYAML gives."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
import yaml

from handbook import frontmatter

from hostile import BILLION_LAUGHS
from sites import REPO


@pytest.mark.parametrize("block", [
    "a: text\nb: 12\nc: 2.5\nd: 2026-01-31\ne: [x, 'y', 3]\nf: {g: h}\n",
    "a: yes\nb: No\nc: ~\nd: null\ne: true\n",
    "a: 0o17\nb: 1_000\nc: .inf\nd: 012\ne: 1:30\nf: 0x1f\n",
    "a: 2026-01-01 10:00:00\nb: 2026-1-1\n",
    "base: {x: 1}\nmerged:\n  <<: {x: 1}\n  y: 2\n",
    "a: >-\n  folded\n  text\nb: |\n  literal\n  text\n",
    "version: 2.10\nother: '2.10'\n",
])
def test_same_as_pyyaml(block):
    parsed = frontmatter.parse("doc.md", f"---\n{block}---\nBody\n")
    assert parsed.problems == []
    assert parsed.data == yaml.safe_load(block)
    assert parsed.body == "Body\n"


def test_every_example_document_reads_the_same():
    count = 0
    for path in (REPO / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            block = text.split("---\n", 2)[1]
            assert frontmatter.parse(str(path), text).data == yaml.safe_load(block), path
            count += 1
    assert count > 40


def test_raw_text_and_lines_are_kept():
    text = "---\ntitle: T\nversion: 2.10\napproved: 2026-01-05\n---\n"
    parsed = frontmatter.parse("doc.md", text)
    assert parsed.data["approved"] == date(2026, 1, 5)
    assert parsed.raw["version"] == "2.10"
    assert parsed.lines == {"title": 2, "version": 3, "approved": 4}


# Run in a child with 1 GB of address space: before the fix this expanded
# without limit, and a test must fail, not take the machine down.
_CHILD = """
import json, resource, sys, time, tracemalloc
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from handbook import frontmatter
text = sys.stdin.read()
tracemalloc.start()
started = time.process_time()
parsed = frontmatter.parse("docs/lol.md", text)
print(json.dumps({"peak": tracemalloc.get_traced_memory()[1],
                  "seconds": time.process_time() - started, "data": parsed.data is None,
                  "problems": [str(p) for p in parsed.problems]}))
"""


def test_billion_laughs_is_refused_without_expanding():
    """490 bytes of aliases took `handbook check` 295 s and 19.5 GB before they were refused."""
    assert len(BILLION_LAUGHS.encode()) < 1024
    child = subprocess.run([sys.executable, "-c", _CHILD], input=BILLION_LAUGHS, text=True,
                           capture_output=True, timeout=120)
    assert child.returncode == 0, child.stderr[-2000:]
    found = json.loads(child.stdout)
    assert found["peak"] < 50 * 1024 * 1024
    assert found["seconds"] < 10  # generous: it takes milliseconds
    assert found["data"]
    assert found["problems"] == [
        "docs/lol.md: front matter: uses a YAML anchor or alias (&name or *name), which the "
        "handbook does not accept: write each value out in full, and put text that starts "
        "with & or * in quotes (line 5)"]


@pytest.mark.parametrize("block", ["a: &x 1\n", "a: 1\nb: *x\n", "a: [1, &x 2]\n"])
def test_any_anchor_or_alias_is_refused(block):
    parsed = frontmatter.parse("doc.md", f"---\n{block}---\n")
    assert parsed.data is None
    assert "anchor or alias" in parsed.problems[0].message


@pytest.mark.parametrize("block", ["title: Health & safety\n", "title: '*important*'\n",
                                   "title: \"&amp;\"\n"])
def test_ampersands_and_stars_in_text_are_fine(block):
    parsed = frontmatter.parse("doc.md", f"---\n{block}---\n")
    assert parsed.problems == [] and parsed.data["title"]


@pytest.mark.parametrize("value", ["[" * 30 + "]" * 30, "[" * 600 + "]" * 600,
                                   "{a: " * 300 + "1" + "}" * 300,
                                   "[" * 30 + "!!binary aGk=" + "]" * 30])
def test_deep_nesting_is_an_error_not_a_crash(value):
    parsed = frontmatter.parse("doc.md", f"---\ntitle: T\nx: {value}\n---\n")
    assert parsed.data is None
    assert parsed.problems[0].field == "front matter"


@pytest.mark.parametrize("text", ["---\n---\n# Page\n", "---\n\n---\n# Page\n",
                                  "---\n# just a comment\n---\n", "---\n...\n"])
def test_empty_front_matter_says_so(text):
    [problem] = frontmatter.parse("doc.md", text).problems
    assert problem.message.startswith("is empty: write the fields between the two '---' lines")
    assert problem.line == 1


def test_not_utf8_names_the_line_and_how_to_resave():
    text, trouble = frontmatter.decode("---\ntitle: Caf\u00e9\n---\n".encode("cp1252"))
    assert text == "---\ntitle: Caf\ufffd\n---\n"
    line, message = trouble
    assert line == 2
    assert "is not saved as UTF-8 text" in message and "save it again with the encoding UTF-8" \
        in message
    assert frontmatter.decode("\ufeffa\r\nb\rc".encode()) == ("a\nb\nc", None)


@pytest.mark.parametrize("block", [
    "a: " + "9" * 9_000 + "\n",                                   # an integer too long to read
    "a: " + "[" * 4_000 + "]" * 4_000 + "\n",                     # nesting
    "".join(f"k{n}: [x, y, z]\n" for n in range(600)),            # many fields
    "a: >-\n" + "  word word word word\n" * 450,                   # a long folded value
    "a: \"" + "\\u00e9" * 1_600 + "\"\n",                           # many escapes
    "a: !!binary " + "QUFB" * 2_400 + "\n",                       # a tag only PyYAML reads
    "".join(f"- {n}\n" for n in range(1_500)),                    # not fields at all
])
def test_front_matter_under_10_kb_stays_small(block):
    """Whatever 10 KB of front matter holds, reading it stays well under 50 MB."""
    import tracemalloc

    text = f"---\n{block}---\nBody\n"
    assert len(text.encode()) < 10 * 1024
    tracemalloc.start()
    try:
        parsed = frontmatter.parse("doc.md", text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    assert all(p.path == "doc.md" for p in parsed.problems)
