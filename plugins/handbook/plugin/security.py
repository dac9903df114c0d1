"""The Content-Security-Policy each page sends, as a meta element.

Only the site's own scripts, styles, images and fonts may load, and nothing
may be sent anywhere else, so a value that slipped past escaping still could
not run or leak. Material puts a few small scripts inline in every page; each
is allowed by its hash. The hashes come from the theme's own templates,
rendered without any page content, never from the finished page: hashing the
page would also allow any script that content smuggled in.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

import jinja2

# Material's templates that emit inline scripts (base.html includes each of
# them); a custom_dir override of one of them is rendered instead.
SCRIPT_PARTIALS = (
    "partials/javascripts/base.html",
    "partials/javascripts/announce.html",
    "partials/javascripts/outdated.html",
    "partials/javascripts/content.html",
    "partials/javascripts/palette.html",
    "partials/javascripts/consent.html",
    "partials/integrations/analytics.html",
)

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<code>.*?)</script>", re.DOTALL)


@lru_cache(maxsize=256)
def _source(code: str) -> str:
    """The CSP source for one inline script."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def inline_scripts(html: str) -> list[str]:
    """The code of each inline script in `html` that a browser would run."""
    return [match.group("code") for match in _INLINE_SCRIPT.finditer(html)
            if "src=" not in match.group("attrs")
            and "application/json" not in match.group("attrs")]


class ThemeScripts:
    """The theme's inline scripts, per base URL (they differ with a page's depth)."""

    def __init__(self, env: jinja2.Environment | None = None,
                 context: dict[str, object] | None = None) -> None:
        self.env = env
        self.context = context or {}
        self._sources: dict[str, tuple[str, ...]] = {}

    def sources(self, base_url: str) -> tuple[str, ...]:
        """CSP sources (hashes) of every inline script the theme emits at `base_url`."""
        if base_url not in self._sources:
            found: list[str] = []
            for name in SCRIPT_PARTIALS:
                if self.env is None:
                    break  # no theme yet (before on_env): no inline script to allow
                try:
                    template = self.env.get_template(name)
                except jinja2.TemplateNotFound:
                    continue  # another theme, or an older Material without it
                rendered = template.render(**self.context, base_url=base_url)
                found += [_source(code) for code in inline_scripts(rendered)]
            self._sources[base_url] = tuple(dict.fromkeys(found))
        return self._sources[base_url]


def content_security_policy(allowed: tuple[str, ...] | list[str]) -> str:
    """A meta element allowing the site's own resources and the given inline scripts."""
    scripts = " ".join(["'self'", *allowed])
    policy = (f"default-src 'self'; script-src {scripts}; style-src 'self'; "
              "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
              "frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
