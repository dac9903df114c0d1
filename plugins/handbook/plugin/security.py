"""The Content-Security-Policy each page sends, as a meta element.

Only the site's own scripts, styles, images and fonts may load, and nothing
may be sent anywhere else, so a value that slipped past escaping still could
not run or leak. Material puts a few small scripts inline in every page; each
is allowed by its hash, worked out per page because they differ with its depth.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache


@lru_cache(maxsize=256)
def _source(code: str) -> str:
    """The CSP source for one inline script (pages at one depth share them)."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def _hashes(html: str) -> list[str]:
    found: list[str] = []
    start = html.find("<script")
    while start != -1:
        open_end = html.find(">", start)
        close = html.find("</script>", open_end)
        if open_end == -1 or close == -1:
            break
        attrs = html[start + 7:open_end]
        # External scripts load from the site ('self'); JSON is data the browser never runs.
        if "src=" not in attrs and "application/json" not in attrs:
            source = _source(html[open_end + 1:close])
            if source not in found:
                found.append(source)
        start = html.find("<script", close)
    return found


def content_security_policy(html: str) -> str:
    """A meta element allowing this page's own resources and its inline scripts only."""
    scripts = " ".join(["'self'", *_hashes(html)])
    policy = (f"default-src 'self'; script-src {scripts}; style-src 'self'; "
              "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
              "object-src 'none'; base-uri 'self'; form-action 'self'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
