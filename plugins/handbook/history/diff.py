"""A readable, rendered difference between two versions of a document.

Both versions are rendered to HTML first, so inspectors read formatted text,
not Markdown. Blocks (paragraphs, headings, list items, tables) are aligned;
a changed paragraph, heading or list item is compared word by word. Added
text is wrapped in `<ins>`, removed text in `<del>`: the markup itself says
what changed, and the stylesheet adds underline and strike-through, so colour
is never the only signal.

The output is always well formed: word-level marks only wrap text inside a
block of the new version, whose own tags are kept as they are, and whole
blocks are wrapped as units.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Blocks whose content is inline text, compared word by word when changed.
_LEAF = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd"})
# Containers whose children are aligned one by one.
_LISTS = frozenset({"ul", "ol", "dl"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})
_TOKEN = re.compile(r"(<[^>]*>)|([^<\s]+\s*)|(\s+)")
# One difflib opcode: (tag, a1, a2, b1, b2).
_Opcode = tuple[str, int, int, int, int]


@dataclass
class Node:
    """An element with its outer HTML, and its children for containers."""

    tag: str
    html: str
    text: str
    children: list[Node] = field(default_factory=list)


class _Splitter(HTMLParser):
    """Splits HTML into top-level nodes, keeping each one's exact source."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        # getpos() counts "\n" only; splitlines() would also split on U+2028, \x0c...
        self.lines = [0]
        for line in source.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.stack: list[tuple[str, int]] = []
        self.nodes: list[tuple[str, int, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _VOID:
            if not self.stack:
                start = self._offset()
                self.nodes.append((tag, start, start + len(self.get_starttag_text() or "")))
            return
        self.stack.append((tag, self._offset()))

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        if not self.stack:
            start = self._offset()
            self.nodes.append((tag, start, start + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                start = self.stack[depth][1]
                del self.stack[depth:]
                if not self.stack:
                    end = self.source.index(">", self._offset()) + 1
                    self.nodes.append((tag, start, end))
                return


def split(source: str) -> list[Node]:
    """Top-level elements of an HTML fragment (text between them is dropped)."""
    parser = _Splitter(source)
    parser.feed(source)
    parser.close()
    nodes = []
    for tag, start, end in parser.nodes:
        outer = source[start:end]
        node = Node(tag, outer, _text(outer))
        if tag in _LISTS:
            inner = outer[outer.index(">") + 1: outer.rindex("<")]
            node.children = split(inner)
        nodes.append(node)
    return nodes


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@dataclass
class Counts:
    added: int = 0
    removed: int = 0


def diff_html(old: str, new: str) -> tuple[str, Counts]:
    """The new version's HTML with what changed since the old one marked."""
    return diff_blocks(split(old), split(new))


def diff_blocks(old: list[Node], new: list[Node]) -> tuple[str, Counts]:
    """`diff_html` for fragments already split, so a caller can split each version once."""
    counts = Counts()
    return _diff_nodes(old, new, counts), counts


def _diff_nodes(old: list[Node], new: list[Node], counts: Counts) -> str:
    matcher = difflib.SequenceMatcher(None, [n.html for n in old], [n.html for n in new],
                                      autojunk=False)
    out: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out += [n.html for n in new[b1:b2]]
        else:
            for o, n in _align(old[a1:a2], new[b1:b2]):
                if o is not None and n is not None:
                    out.append(_diff_pair(o, n, counts))
                elif o is not None:
                    out.append(_removed(o, counts))
                elif n is not None:
                    out.append(_added(n, counts))
    return "\n".join(out)


def _similarity(a: Node, b: Node) -> float:
    if a.tag != b.tag:
        return 0.0
    return difflib.SequenceMatcher(None, a.text.split(), b.text.split(),
                                   autojunk=False).ratio()


def _align(old: list[Node], new: list[Node]) -> list[tuple[Node | None, Node | None]]:
    """Pair changed blocks with their most similar counterpart, keeping order.

    A small dynamic programme: pairs score their word similarity (only pairs at
    least 40% alike may pair), gaps score nothing; the best total wins.
    """
    rows, cols = len(old), len(new)
    alike = [[_similarity(o, n) for n in new] for o in old]
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            similar = alike[i][j]
            paired = score[i + 1][j + 1] + similar if similar >= 0.4 else -1.0
            score[i][j] = max(paired, score[i + 1][j], score[i][j + 1])
    pairs: list[tuple[Node | None, Node | None]] = []
    i = j = 0
    while i < rows and j < cols:
        similar = alike[i][j]
        if similar >= 0.4 and score[i][j] == score[i + 1][j + 1] + similar:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    pairs += [(o, None) for o in old[i:]] + [(None, n) for n in new[j:]]
    return pairs


def _diff_pair(old: Node, new: Node, counts: Counts) -> str:
    if old.tag != new.tag:
        return _removed(old, counts) + "\n" + _added(new, counts)
    if new.tag in _LEAF:
        return _diff_words(old.html, new.html, counts)
    if new.tag in _LISTS:
        open_tag = new.html[: new.html.index(">") + 1]
        close_tag = new.html[new.html.rindex("<"):]
        items = _diff_nodes(old.children, new.children, counts)
        return f"{open_tag}\n{items}\n{close_tag}"
    return _removed(old, counts) + "\n" + _added(new, counts)


def _added(node: Node, counts: Counts) -> str:
    counts.added += 1
    if node.tag in ("li", "dt", "dd"):
        return _wrap_inner(node.html, "ins")
    return f'<ins class="handbook-block">{node.html}</ins>'


def _removed(node: Node, counts: Counts) -> str:
    counts.removed += 1
    if node.tag in ("li", "dt", "dd"):
        return _wrap_inner(node.html, "del")
    return f'<del class="handbook-block">{node.html}</del>'


def _wrap_inner(outer: str, mark: str) -> str:
    start, end = outer.index(">") + 1, outer.rindex("<")
    return f"{outer[:start]}<{mark}>{outer[start:end]}</{mark}>{outer[end:]}"


def _tokens(fragment: str) -> list[str]:
    return [m.group(0) for m in _TOKEN.finditer(fragment)]


def _diff_words(old: str, new: str, counts: Counts) -> str:
    """Word-level marks inside one block; the new block's tags are all kept.

    Removed words wait in `pending` until the next place inside the block where
    text may go, so a `<del>` never lands before the block's opening tag.
    """
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b],
                                      autojunk=False)
    out: list[str] = []
    pending: list[str] = []
    run: list[str] = []
    opcodes = _absorb_short_matches(matcher.get_opcodes(), a, b)

    def emit_pending() -> None:
        if pending:
            counts.removed += 1
            out.append(f"<del>{' '.join(pending)}</del> ")
            pending.clear()

    for op, a1, a2, b1, b2 in opcodes:
        removed = "".join(t for t in a[a1:a2] if not t.startswith("<")).strip()
        if op != "equal" and removed:
            pending.append(removed)
        for index in range(b1, b2):
            token = b[index]
            if token.startswith("<"):
                out += _flush(run, counts)
                if index > 0:
                    emit_pending()
                out.append(token)
            elif op == "equal":
                out += _flush(run, counts)
                emit_pending()
                out.append(token)
            else:
                emit_pending()
                run.append(token)
        out += _flush(run, counts)
    emit_pending()
    return "".join(out)


def _absorb_short_matches(opcodes: Sequence[_Opcode], a: list[str],
                          b: list[str]) -> list[_Opcode]:
    """Fold a word or two that happen to match inside a rewrite into the rewrite.

    "the DSL the same day" against "the DSL straight away, and record what the
    child said" matches the lone "the"; marking it as kept chops the sentence
    into pieces. Readers understand one removed and one added phrase better.
    """
    merged: list[_Opcode] = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        words = sum(1 for t in b[b1:b2] if not t.startswith("<") and t.strip())
        inside = 0 < index < len(opcodes) - 1
        tags = any(t.startswith("<") for t in b[b1:b2])
        if op == "equal" and inside and words <= 2 and not tags:
            op = "replace"
        if merged and op != "equal" and merged[-1][0] != "equal":
            _, start_a, _, start_b, _ = merged[-1]
            merged[-1] = ("replace", start_a, a2, start_b, b2)
        else:
            merged.append((op, a1, a2, b1, b2))
    return merged


def _flush(run: list[str], counts: Counts) -> list[str]:
    text = "".join(run)
    run.clear()
    if not text.strip():
        return [text]
    counts.added += 1
    trailing = text[len(text.rstrip()):]
    return [f"<ins>{text.rstrip()}</ins>{trailing}"]
