"""Front matter that MkDocs and Material read, checked and escaped before any template prints it.

MkDocs renders templates without autoescaping, and Material prints several
values as they are: `subtitle` in the navigation of every page, `title` and
`description` whatever their type, tags, the `status` class. So every key the
theme reads is listed here with what it must hold; on every page (valid,
invalid or generated) a value is either of that shape, escaped where it is
printed, or left out of the page and reported as an error naming the file and
field. A key the theme would print but the handbook does not check is an error
too, never passed through.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from .problems import Problem, describe


class _Invalid(Exception):
    """The message completes "field: ..."."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"expected text, got {describe(value)}")
    return value


def _printed(quote: bool) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        return html.escape(_text(value), quote=quote)
    return check


def _tags(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise _Invalid(f"expected a list (one '- item' per line), got {describe(value)}")
    for number, item in enumerate(value, 1):
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"expected text for item {number}, got {describe(item)}")
    return [html.escape(item, quote=False) for item in value]


HIDE = ("navigation", "toc", "footer", "feedback", "path", "tags")


def _hide(value: Any) -> list[str]:
    if not isinstance(value, list) or any(item not in HIDE for item in value):
        raise _Invalid(f"expected a list of parts to hide from: {', '.join(HIDE)}; "
                       f"got {describe(value)}")
    return value


def _search(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - {"exclude", "boost"}:
        raise _Invalid(f"expected 'exclude: true' or 'boost: 2' lines, got {describe(value)}")
    if not isinstance(value.get("exclude", False), bool):
        raise _Invalid(f"expected exclude: true or false, got {describe(value['exclude'])}")
    boost = value.get("boost", 1)
    if isinstance(boost, bool) or not isinstance(boost, int | float):
        raise _Invalid(f"expected boost to be a number, got {describe(boost)}")
    return value


_TEMPLATE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.html$")
_ICON = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")


def _template(value: Any) -> str:
    if not isinstance(value, str) or not _TEMPLATE.match(value):
        raise _Invalid(f"expected the name of a theme template like main.html, "
                       f"got {describe(value)}")
    return value


def _icon(value: Any) -> str:
    if not isinstance(value, str) or not _ICON.match(value):
        raise _Invalid(f"expected an icon name like material/file-document, got {describe(value)}")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, got {describe(value)}")
    return value


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"expected 'name: value' lines, got {describe(value)}")
    return value


# Every front matter key the theme or MkDocs reads, and its check; printed ones come out escaped.
THEME: dict[str, Callable[[Any], Any]] = {
    "title": _printed(quote=False),        # <title>, header, nav, page heading
    "description": _printed(quote=True),   # <meta name="description" content="...">
    "subtitle": _printed(quote=False),     # under the title in the navigation
    "tags": _tags,                         # the tags plugin's tag lists and index
    "robots": _text,                       # printed by the plugin, which escapes it there
    "hide": _hide,
    "search": _search,
    "template": _template,
    "icon": _icon,
    "comments": _flag,
    "social": _mapping,
}

# Keys Material prints, as they are, that the handbook has no use for.
PRINTED_UNCHECKED = frozenset({
    "author", "revision_date", "git_revision_date_localized", "git_creation_date_localized",
})

# Read by Material as a page status shown in the navigation; the handbook's own
# `status` (draft, approved...) is shown in the review panel instead.
DROPPED = frozenset({"status"})


def theme_problems(path: str, meta: Mapping[str, Any], lines: Mapping[str, int],
                   skip: frozenset[str] = frozenset()) -> list[Problem]:
    """What is wrong with the keys the theme reads, one error per field."""
    problems = []
    for name, value in meta.items():
        name = str(name)
        if name in skip:
            continue
        if name in PRINTED_UNCHECKED:
            problems.append(Problem(
                path, name, "is printed by the theme, but the handbook neither uses nor "
                "checks it: remove it", line=lines.get(name)))
            continue
        check = THEME.get(name)
        if check is None:
            continue
        try:
            check(value)
        except _Invalid as error:
            problems.append(Problem(path, name, str(error), line=lines.get(name)))
    return problems


def clean(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The page's meta as the theme may print it: checked keys escaped, the rest left out.

    Keys the theme does not read (the handbook's own fields) are kept as they are.
    """
    cleaned = {}
    for name, value in meta.items():
        if name in PRINTED_UNCHECKED or name in DROPPED:
            continue
        check = THEME.get(name)
        if check is None:
            cleaned[name] = value
            continue
        try:
            cleaned[name] = check(value)
        except _Invalid:
            continue  # reported by theme_problems when the file was checked
    return cleaned
