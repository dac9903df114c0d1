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


def normalise(text: str) -> str:
    """Drop a byte-order mark and Windows line endings, as MkDocs' reader does."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class _Unusual(Exception):
    """A node the fast path does not handle; PyYAML's own constructor takes over."""


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
        return loader.construct_document(node)


def _value(node: yaml.Node) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        result = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                raise _Unusual
            if not isinstance(key, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be a word, not a list or mapping",
                    key.start_mark)
            result[_value(key)] = _value(value)
        return result
    if tag == _SEQ:
        return [_value(item) for item in node.value]
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


def parse(path: str, text: str) -> FrontMatter:
    """Read the front matter of one file; problems are returned, never raised."""
    text = normalise(text)
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        if re.match(r"^-{3}[ \t]*\n", text):
            return FrontMatter(None, text, problems=[Problem(
                path, "front matter",
                "starts with '---' but has no closing '---' line, so the whole file "
                "would show as text",
                line=1,
            )])
        return FrontMatter(None, text)
    block, body = match.group(1), text[match.end():].lstrip("\n")
    loader = _Loader(block)
    try:
        node = loader.get_single_node()
        data = _construct(node, loader) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        line = mark.line + 2 if mark is not None else None
        return FrontMatter(None, body, problems=[Problem(
            path, "front matter", f"is not valid YAML: {reason}", line=line,
        )])
    except (ValueError, TypeError) as error:  # PyYAML's own constructors, e.g. a bad time
        return FrontMatter(None, body, problems=[Problem(
            path, "front matter", f"could not be read: {error}", line=1,
        )])
    finally:
        loader.dispose()
    if data is None:
        return FrontMatter({}, body)
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
