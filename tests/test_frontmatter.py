"""The fast front matter reader gives exactly what PyYAML gives."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from handbook import frontmatter

from sites import REPO


@pytest.mark.parametrize("block", [
    "a: text\nb: 12\nc: 2.5\nd: 2026-01-31\ne: [x, 'y', 3]\nf: {g: h}\n",
    "a: yes\nb: No\nc: ~\nd: null\ne: true\n",
    "a: 0o17\nb: 1_000\nc: .inf\nd: 012\ne: 1:30\nf: 0x1f\n",
    "a: 2026-01-01 10:00:00\nb: 2026-1-1\n",
    "base: &base {x: 1}\nmerged:\n  <<: *base\n  y: 2\n",
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
