"""Change a few front matter fields and leave every other byte of the file alone.

Managers' files carry comments, their own quoting and their own key order; an
approval must not rewrite them. ruamel.yaml (a round-trip YAML library) reads
the front matter and says on which line each top-level key and value sits;
only the lines (or, for a one-line value, only the value) of the fields being
changed are replaced. A changed value keeps the quotes it was written with; a
field added goes after a field it belongs with. The body is never touched.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

_FRONT = re.compile(r"\A(\ufeff?-{3}[ \t]*\r?\n)(.*?\r?\n)((?:\.{3}|-{3})[ \t]*(?:\r?\n|\Z))",
                    re.DOTALL)
_PLAIN_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_PLAIN_END = re.compile(r"[ \t]+#|[ \t]*\r?\n?$")


class EditError(Exception):
    """The front matter could not be edited; the message says why."""


@dataclass
class _Key:
    name: str
    start: int  # first line of the key
    end: int  # one past its last line (comments and blank lines before the next key excluded)
    value_line: int
    value_col: int
    scalar: bool


class FrontMatterEditor:
    """The text of one Markdown file, with edits to its front matter's top-level fields."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        match = _FRONT.match(text)
        if not match:
            raise EditError(f"{path}: has no front matter block between '---' lines")
        self._head, front, self._close = match.group(1), match.group(2), match.group(3)
        self._body = text[match.end():]
        self._newline = "\r\n" if front.endswith("\r\n") else "\n"
        self._lines = front.splitlines(keepends=True)
        try:
            data = YAML(typ="rt").load(front)
        except YAMLError as error:
            raise EditError(f"{path}: the front matter is not valid YAML; fix it first "
                            f"(handbook check says where): {error}") from error
        if not isinstance(data, CommentedMap):
            raise EditError(f"{path}: the front matter is not a list of fields")
        self._data = data

    # Reading ---------------------------------------------------------------

    def _keys(self) -> list[_Key]:
        """Where each top-level key is, from a fresh parse of the current lines."""
        data = YAML(typ="rt").load("".join(self._lines))
        names = list(data.keys())
        starts = [data.lc.key(name)[0] for name in names] + [len(self._lines)]
        keys = []
        for index, name in enumerate(names):
            end = starts[index + 1]
            while end - 1 > starts[index] and (not self._lines[end - 1].strip()
                                               or self._lines[end - 1].startswith("#")):
                end -= 1
            value_line, value_col = data.lc.value(name)
            value = data[name]
            keys.append(_Key(str(name), starts[index], end, value_line, value_col,
                             not isinstance(value, (list, dict))))
        return keys

    def _key(self, name: str) -> _Key | None:
        return next((k for k in self._keys() if k.name == name), None)

    def has(self, name: str) -> bool:
        return self._key(name) is not None

    # Editing ---------------------------------------------------------------

    def set_token(self, name: str, value: str, *, after: tuple[str, ...] = ()) -> None:
        """Set a field to a short value (a version, date, status or id), keeping its quotes."""
        key = self._key(name)
        if key is not None and key.scalar and key.end - key.start == 1 and \
                key.value_line == key.start:
            line = self._lines[key.start]
            old = line[key.value_col:]
            if old[:1] in "\"'":
                closing = _closing_quote(old)
                if closing is not None:
                    quote = old[0]
                    new = json.dumps(value, ensure_ascii=False) if quote == '"' \
                        else "'" + value.replace("'", "''") + "'"
                    self._lines[key.start] = line[:key.value_col] + new + old[closing + 1:]
                    return
            elif old[:1] not in "|>&*!# \t\r\n" and old[:1]:
                end = _PLAIN_END.search(old)
                if end is not None:
                    self._lines[key.start] = (line[:key.value_col] + _token(value)
                                              + old[end.start():])
                    return
        self._replace(name, f"{name}: {_token(value)}{self._newline}", after)

    def set_text(self, name: str, value: str, *, after: tuple[str, ...] = ()) -> None:
        """Set a field to a sentence, quoted as YAML needs (the old value's lines go)."""
        yaml = YAML(typ="rt")
        yaml.width = 4096
        stream = io.StringIO()
        yaml.dump({name: value}, stream)
        rendered = stream.getvalue().replace("\n", self._newline)
        self._replace(name, rendered, after)

    def remove(self, name: str) -> None:
        key = self._key(name)
        if key is not None:
            del self._lines[key.start:key.end]

    def _replace(self, name: str, lines: str, after: tuple[str, ...]) -> None:
        key = self._key(name)
        if key is not None:
            self._lines[key.start:key.end] = [lines]
            return
        keys = self._keys()
        anchor = next((k for a in after for k in keys if k.name == a), None)
        where = anchor.end if anchor is not None else len(self._lines)
        if where == len(self._lines) and self._lines and not self._lines[-1].endswith("\n"):
            self._lines[-1] += self._newline
        self._lines.insert(where, lines)

    @property
    def text(self) -> str:
        return self._head + "".join(self._lines) + self._close + self._body


def _closing_quote(text: str) -> int | None:
    """Index of the quote that closes the quoted scalar `text` starts with."""
    quote, index = text[0], 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1:index + 2] == "'":
                index += 2
                continue
            return index
        if char in "\r\n":
            return None  # runs on to the next line: replace the whole field instead
        index += 1
    return None


def _token(value: str) -> str:
    return value if _PLAIN_TOKEN.match(value) else json.dumps(value, ensure_ascii=False)
