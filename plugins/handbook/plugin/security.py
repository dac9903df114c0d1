"""The Content-Security-Policy each page sends, as a meta element.

Only the site's own scripts, styles, images and fonts may load, and nothing
may be sent anywhere else, so a value that slipped past escaping still could
not run or leak. Material puts a few small scripts inline in every page; each
is allowed by its hash, worked out per page because they differ with its depth.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<code>.*?)</script>",
                            re.S)


def _hashes(html: str) -> list[str]:
    found = []
    for match in _INLINE_SCRIPT.finditer(html):
        if "application/json" in match.group("attrs"):
            continue  # data, not code: the browser never runs it
        digest = hashlib.sha256(match.group("code").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in found:
            found.append(source)
    return found


def content_security_policy(html: str) -> str:
    """A meta element allowing this page's own resources and its inline scripts only."""
    scripts = " ".join(["'self'", *_hashes(html)])
    policy = (f"default-src 'self'; script-src {scripts}; style-src 'self'; "
              "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
              "object-src 'none'; base-uri 'self'; form-action 'self'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
