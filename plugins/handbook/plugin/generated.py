"""Generated pages: what every page builder adds to the site, and the URLs they share.

Generated pages carry a title in their Markdown; their body is rendered as
HTML in `on_page_content` (no Markdown round trip for large tables), with
links made relative to the page so they work under any `site_url` or edition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel


@dataclass
class Generated:
    """A page whose body is HTML rendered for its own URL."""

    file: File
    body: Callable[[str], str]


def add_page(files: Files, config: MkDocsConfig, src_uri: str, title: str,
             body: Callable[[str], str], **meta: object) -> Generated:
    """Add a generated page, out of the nav unless `mkdocs.yml` lists it.

    Its Markdown holds only front matter; `body` renders the whole content,
    heading included, for the page's own URL.
    """
    front = yaml.safe_dump({"title": title, **meta}, sort_keys=False, allow_unicode=True)
    file = File.generated(config, src_uri, content=f"---\n{front}---\n",
                          inclusion=InclusionLevel.NOT_IN_NAV)
    files.append(file)
    return Generated(file, body)


def url_of(config: MkDocsConfig, src_uri: str) -> str:
    """The URL MkDocs gives a page with this source path, before it is added."""
    return File(src_uri, None, config.site_dir, config.use_directory_urls).url


def absolute_url(config: MkDocsConfig, url: str) -> str:
    """An absolute URL where `site_url` is set; calendar apps need one."""
    return urljoin(config.site_url, url) if config.site_url else "/" + url


def site_domain(config: MkDocsConfig) -> str:
    """The site's host name, for calendar UIDs and feed ids."""
    return urlsplit(config.site_url or "").hostname or "handbook.invalid"
