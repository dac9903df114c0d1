"""Split a Markdown file into front matter and body, exactly as MkDocs does.

We parse front matter ourselves (MkDocs silently drops YAML it cannot read) so
that a syntax error becomes a message with a line number, and so that the raw
text of each value survives: YAML reads `version: 1.10` as the number 1.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from .problems import Problem

# The same pattern as mkdocs.utils.meta.YAML_RE, so "is there front matter?"
# gets the same answer here and in the build.
_FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class FrontMatter:
    """Parsed front matter with where each top-level field was written."""

    data: dict[str, Any] | None
    body: str
    lines: dict[str, int] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    end_line: int = 0  # the closing '---' line; 0 when there is no front matter
    # True when the front matter must not reach MkDocs at all (anchors and aliases):
    # its own reader would expand them for every template that prints a value.
    refused: bool = False


# Front matter is a few flat fields; nothing the handbook reads nests deeper than 3.
MAX_DEPTH = 20


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decode(data: bytes) -> tuple[str, tuple[int, str] | None]:
    """The text of a file, and where it stops being UTF-8 (line, message) if it does.

    Undecodable bytes become U+FFFD, so the page can still be built and read
    while the error says which file to re-save. Line endings become LF, as
    Python's text mode (and so MkDocs) reads them.
    """
    try:
        return _lf(data.decode("utf-8-sig")), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        return _lf(data.decode("utf-8-sig", errors="replace")), (line, (
            f"is not saved as UTF-8 text (byte 0x{byte:02X} is not UTF-8, "
            "so it was probably saved as Windows-1252 or Latin-1): open it in a text "
            "editor and save it again with the encoding UTF-8 (Notepad: File > Save as > "
            "Encoding: UTF-8; VS Code: click the encoding in the status bar > Save with "
            "Encoding > UTF-8)"))


def normalise(text: str) -> str:
    """Drop a byte-order mark and Windows line endings, as MkDocs' reader does."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class _Unusual(Exception):
    """A node the fast path does not handle; PyYAML's own constructor takes over."""


class _TooDeep(Exception):
    """Lists and fields nested deeper than any front matter needs."""

    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


def _anchor_line(block: str) -> int | None:
    """The line (in the block) of the first anchor (&name) or alias (*name), if any.

    YAML aliases repeat a value by reference; nested, a few hundred bytes of them
    expand to billions of values ("billion laughs") the moment anything walks or
    prints the data. Front matter never needs them, so they are refused before
    anything is built. Only blocks containing & or * are scanned.
    """
    if "&" not in block and "*" not in block:
        return None
    for token in yaml.scan(block, Loader=_Loader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            return token.start_mark.line
    return None


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))
_FLOAT, _TIMESTAMP = "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?[0-9]+\.[0-9]*$")
_PLAIN_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _construct(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """Build the front matter from the node tree, faster than PyYAML's constructor.

    Front matter is text, whole numbers, dates, lists and mappings; this handles
    those in plain spellings and hands anything else (anchors with merge keys,
    octal, sexagesimal, binary...) back to PyYAML, so results never differ.
    """
    try:
        return _value(node)
    except _Unusual:
        _check_depth(node)
        return loader.construct_document(node)


def _check_depth(root: yaml.Node) -> None:
    """Raise _TooDeep for a tree deeper than MAX_DEPTH (without recursion)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in node.value]
        elif isinstance(node, yaml.MappingNode):
            stack += [(part, depth + 1) for pair in node.value for part in pair]


def _value(node: yaml.Node, depth: int = 0) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if depth > MAX_DEPTH:
        raise _TooDeep(node.start_mark)
    if tag == _MAP:
        result = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                raise _Unusual
            if not isinstance(key, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be a word, not a list or mapping",
                    key.start_mark)
            result[_value(key, depth + 1)] = _value(value, depth + 1)
        return result
    if tag == _SEQ:
        return [_value(item, depth + 1) for item in node.value]
    text = node.value
    if tag == _INT and _PLAIN_INT.match(text):
        return int(text)
    if tag == _FLOAT and _PLAIN_FLOAT.match(text):
        return float(text)
    if tag == _TIMESTAMP and _PLAIN_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text  # not a real day, such as 2026-13-01: the field check says so
    if tag == _BOOL:
        return text.lower() in ("yes", "true", "on")
    if tag == _NULL:
        return None
    raise _Unusual


def _empty(path: str) -> Problem:
    return Problem(path, "front matter", "is empty: write the fields between the two '---' "
                   "lines, or delete both lines if the page needs none", line=1)


# Fields first (id, title or type), then a lone '---' line: front matter that lost its top line.
_HEADLESS_RE = re.compile(r"^\s*(?:id|title|type)[ \t]*:.*\n(?:.*\n)*?-{3}[ \t]*(?:\n|$)")
_ID_LINE_RE = re.compile(r"^id[ \t]*:[ \t]*['\"]?([A-Za-z0-9_.-]+)['\"]?[ \t]*$", re.MULTILINE)


def salvage_id(text: str) -> str | None:
    """The `id:` line of front matter YAML could not read, so links to it are not blamed."""
    match = _FRONT_MATTER_RE.match(normalise(text))
    found = _ID_LINE_RE.search(match.group(1)) if match else None
    return found.group(1) if found else None


_VALUE_RE = re.compile(r"^\s*(?:-\s+)?(?:[\w-]+:\s+)?(?P<value>.*)$")


def plain_yaml_error(reason: str, typed: str) -> str:
    """What PyYAML's `reason` most likely means on the line `typed`, and how to fix it.

    PyYAML names the parser's state ("mapping values are not allowed here"), not
    the slip a person made; these are the slips managers make most often.
    """
    found = _VALUE_RE.match(typed) if typed else None
    value = found.group("value") if found else ""
    if "\t" in typed:
        return ("has a tab on this line: YAML needs spaces, not tabs; indent with spaces "
                "(two for each level)")
    if value.startswith("'") and value.count("'") > 2 and value.count("''") == 0:
        return ("has an apostrophe inside a value in single quotes, which ends the quotes early: "
                "put the value in double quotes instead, like \"Children's safety\"")
    if "mapping values are not allowed" in reason:
        return ("has a colon inside a value on this line, which YAML reads as a new field: put "
                "the whole value in double quotes, like title: \"Policy: safeguarding\"")
    if typed.lstrip().startswith("-"):
        return ("has a list item ('- ...') that is not lined up with its list: indent every "
                "item under its field by the same number of spaces, like '  - first'")
    return (f"is not valid YAML: {reason}. Check this line for a missing space after a colon, "
            "a stray quote or indentation that differs from the lines around it")


def parse(path: str, text: str) -> FrontMatter:
    """Read the front matter of one file; problems are returned, never raised."""
    text = normalise(text)
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        if re.match(r"^-{3}[ \t]*\n(?:\.{3}|-{3})[ \t]*(?:\n|$)", text):
            return FrontMatter(None, text, problems=[_empty(path)])
        if re.match(r"^-{3}[ \t]*\n", text):
            return FrontMatter(None, text, problems=[Problem(
                path, "front matter",
                "starts with '---' but has no closing '---' line, so the whole file "
                "would show as text",
                line=1,
            )])
        if _HEADLESS_RE.match(text):
            return FrontMatter(None, text, problems=[Problem(
                path, "front matter",
                "looks like front matter but has no opening '---' line, so the fields would "
                "show as text: add a line with just --- at the very top of the file",
                line=1,
            )])
        return FrontMatter(None, text)
    block, body = match.group(1), text[match.end():].lstrip("\n")
    loader = _Loader(block)
    try:
        anchor = _anchor_line(block)
        if anchor is not None:
            return FrontMatter(None, body, refused=True, problems=[Problem(
                path, "front matter",
                "uses a YAML anchor or alias (&name or *name), which the handbook does not "
                "accept: write each value out in full, and put text that starts with & or * "
                "in quotes", line=anchor + 2)])
        node = loader.get_single_node()
        data = _construct(node, loader) if node is not None else None
    except _TooDeep as error:
        return FrontMatter(None, body, refused=True, problems=[Problem(
            path, "front matter", f"nests lists or fields more than {MAX_DEPTH} levels deep: "
            "front matter needs at most 3", line=error.mark.line + 2)])
    except RecursionError:  # deeper than PyYAML's own limit
        return FrontMatter(None, body, refused=True, problems=[Problem(
            path, "front matter", f"nests lists or fields more than {MAX_DEPTH} levels deep: "
            "front matter needs at most 3", line=1)])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        line = mark.line + 2 if mark is not None else None
        lines = block.split("\n")
        typed = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        return FrontMatter(None, body, problems=[Problem(
            path, "front matter", plain_yaml_error(reason, typed), line=line,
        )])
    except (ValueError, TypeError) as error:  # PyYAML's own constructors, e.g. a bad time
        return FrontMatter(None, body, problems=[Problem(
            path, "front matter", f"could not be read: {error}", line=1,
        )])
    finally:
        loader.dispose()
    if data is None:
        return FrontMatter(None, body, problems=[_empty(path)])
    if not isinstance(data, dict):
        return FrontMatter(None, body, problems=[Problem(
            path, "front matter",
            "expected fields written as 'name: value' lines, got "
            f"a {type(data).__name__}", line=2,
        )])
    found = FrontMatter(data, body, end_line=text[:match.end()].count("\n"))
    assert isinstance(node, yaml.MappingNode)
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if key in found.lines:
            found.problems.append(Problem(
                path, key,
                f"is written twice (lines {found.lines[key]} and {line}); "
                "only the last one counts",
                line=line,
            ))
        found.lines[key] = line
        if isinstance(value_node, yaml.ScalarNode):
            found.raw[key] = value_node.value
    return found
