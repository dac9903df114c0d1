"""HTML fragments and pages from Jinja templates, escaped by default.

Every value that reaches HTML comes from front matter or CSV written by a
person; autoescaping means a title like `<script>` is shown, never run.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .dates import long_date

_env = Environment(
    loader=PackageLoader("handbook", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_env.filters["long_date"] = lambda day: long_date(day) if day else ""
_env.filters["iso"] = lambda day: day.isoformat() if day else ""


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)
