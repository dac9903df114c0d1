"""Markup in a page's source that would run: scripts, event handlers, frames, javascript: URLs.

A policy has no use for any of them, and the site's Content-Security-Policy
would refuse them anyway; reporting each one with its line tells the manager
why something they pasted does nothing, and keeps a handbook free of it.
"""

from __future__ import annotations

import re

from .problems import Problem

_ACTIVE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<\s*script\b", re.IGNORECASE), "a <script> element"),
    (re.compile(r"<\s*(iframe|object|embed|frameset|frame)\b", re.IGNORECASE),
     "an <{0}> element"),
    (re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE), "an {0}= event attribute"),
    # As a link or attribute value only: prose may well say "JavaScript: ...".
    (re.compile(r"(?:\]\(\s*<?|\]:\s*<?|=\s*[\"']?\s*|<)javascript\s*:", re.IGNORECASE),
     "a javascript: link"),
)
# In every pattern without a "<" (as IGNORECASE matches it: not the same as str.lower).
_JAVASCRIPT = re.compile(r"javascript\s*:", re.IGNORECASE)
# A front matter value is never prose that names the language; any javascript: in it counts.
_FRONT_ACTIVE = (*_ACTIVE[:-1], (_JAVASCRIPT, "a javascript: link"))
# Why runnable markup is refused; such a problem does not make its document invalid.
REFUSED = "nothing written in a handbook may run as a script or load another page inside it"
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")

# In rendered page content: tags that could run or load something, made text.
_RUNNABLE_TAG = re.compile(r"<(/?\s*(?:script|iframe|object|embed|frameset|frame)\b)",
                           re.IGNORECASE)


def active_markup(path: str, text: str, front_end: int,
                  field_at: dict[int, str]) -> list[Problem]:
    """Every piece of runnable markup in a file, as an error with field (or "text") and line.

    `front_end` is the line of the closing `---` of the front matter (0 without
    one); `field_at` names the field each front matter line belongs to. Code
    (fenced blocks and `backtick` spans) in the text is an example, not markup.
    """
    problems = []
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        in_front = number <= front_end
        if not in_front:
            if _FENCE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            line = _CODE_SPAN.sub("", line)
        # Every pattern needs a "<" or a javascript: in the line: most lines have
        # neither, and are passed over with one search instead of four.
        if "<" not in line and not _JAVASCRIPT.search(line):
            continue
        for pattern, what in _FRONT_ACTIVE if in_front else _ACTIVE:
            for match in pattern.finditer(line):
                name = what.format(*(g.lower() for g in match.groups()))
                field = field_at.get(number, "front matter") if in_front else "text"
                problems.append(Problem(
                    path, field, f"has {name}; {REFUSED}, so it is refused: remove it",
                    line=number))
    return problems


def neutralise(html: str) -> str:
    """Page content with every script, frame, object or embed tag shown as text.

    The Content-Security-Policy already stops inline scripts, event attributes
    and javascript: links; a script file from the site itself it would allow.
    """
    return _RUNNABLE_TAG.sub(r"&lt;\1", html) if "<" in html else html
