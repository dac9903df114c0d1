"""Characters no handbook text may hold.

Control characters (a bell, a form feed, a NUL) are invisible on the page,
cannot be written into XML at all (the Atom feed), and arrive by copying text
out of another program or by YAML escapes like "\\x07". Tab and line feed are
ordinary text; so is U+FFFD, which stands in for bytes that were not UTF-8.
"""

from __future__ import annotations

import re
from typing import Any

_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def bad_character(text: str) -> str | None:
    """The first refused character of `text`, as U+XXXX, or None."""
    match = _BAD.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def first_bad_character(value: Any) -> str | None:
    """The first refused character anywhere in a value (text, lists, fields and their
    names), walking without recursion so no nesting can exhaust the stack."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = bad_character(item)
            if found:
                return found
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple):
            stack += item
    return None


def printable(text: str) -> str:
    """`text` without refused characters, for text from the past that was never checked
    (a change summary in an old commit) on its way into XML, which cannot hold them."""
    return _BAD.sub("", text)


def refusal(found: str) -> str:
    """The message for a refused character, completing "field: ..."."""
    return (f"contains the control character {found}, which cannot be shown or published: "
            "delete it (it usually comes from text copied out of another program)")
