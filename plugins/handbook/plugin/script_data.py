"""The rules the site's scripts apply, written once in Python and handed to them as data.

The review panel, register and summary are re-computed in the reader's browser;
they must say exactly what the build says. Rather than a second copy of the
words, labels, order and patterns in JavaScript, each script is served with a
first line that sets `window.handbookData` from the Python definitions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..dates import MONTHS
from ..model import VERSION_PATTERN
from ..reviews import RANK, REVIEW_TEXT
from .pages import KINDS


def _reviews() -> dict[str, Any]:
    def plain(value: Any) -> Any:
        return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value

    return {
        "months": list(MONTHS),
        "text": {key: plain(value) for key, value in REVIEW_TEXT.items()},
        "rank": [str(status) for status in RANK],
        "kinds": {str(status): kind for status, kind in KINDS.items()},
    }


def script_data(name: str) -> str | None:
    """The first line of script `name` (None for a script that needs no data)."""
    makers: dict[str, Callable[[], dict[str, Any]]] = {
        "review-status.js": lambda: {"reviews": _reviews()},
        "register.js": lambda: {"reviews": _reviews()},
        "signoff.js": lambda: {"versionPattern": VERSION_PATTERN},
    }
    maker = makers.get(name)
    if maker is None:
        return None
    data = maker()
    return ("window.handbookData = Object.assign(window.handbookData || {}, "
            f"{json.dumps(data, ensure_ascii=False, sort_keys=True)});\n")
