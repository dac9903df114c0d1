"""Pages and files the plugin adds to the site.

Generated pages carry a title in their Markdown; their body is rendered as
HTML in `on_page_content` (no Markdown round trip for large tables), with
links made relative to the page so they work under any `site_url` or edition.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import yaml
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from .. import fragments
from ..exports import ics_inputs, register_ics, register_json
from ..render import render
from ..reviews import RANK, Review, ReviewStatus, summarise

if TYPE_CHECKING:
    from .plugin import HandbookPlugin

REGISTER = "reviews/index.md"
REGISTER_ICS = "reviews.ics"
REGISTER_JSON = "reviews.json"

# Material admonition kinds: each has its own icon, so status is not colour alone.
KINDS = {
    ReviewStatus.CURRENT: "success",
    ReviewStatus.DUE_SOON: "warning",
    ReviewStatus.OVERDUE: "danger",
    ReviewStatus.DRAFT: "note",
    ReviewStatus.SUPERSEDED: "failure",
    ReviewStatus.RETIRED: "info",
}

GROUPS = (
    ("overdue", "Overdue"),
    ("due-soon", "Due soon"),
    ("current", "Current"),
    ("other", "Drafts, superseded and retired"),
)


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


def absolute_url(config: MkDocsConfig, url: str) -> str:
    """An absolute URL where `site_url` is set; calendar apps need one."""
    return urljoin(config.site_url, url) if config.site_url else "/" + url


def site_domain(config: MkDocsConfig) -> str:
    """The site's host name, for calendar UIDs and feed ids."""
    return urlsplit(config.site_url or "").hostname or "handbook.invalid"


def add_review_pages(plugin: HandbookPlugin, reviews: list[Review], files: Files,
                     config: MkDocsConfig) -> dict[str, Generated]:
    """The review register page and its calendar and JSON exports."""
    settings = plugin.settings
    urls = {doc_id: absolute_url(config, url) for doc_id, url in plugin.urls.items()}
    # Kept between serve's rebuilds while what they are made of stays the same.
    for name, made_of, args, export in (
            (REGISTER_ICS, ics_inputs(reviews, urls), (config.site_name, site_domain(config)),
             register_ics),
            (REGISTER_JSON, (tuple(reviews), tuple(urls.items())),
             (plugin.as_of, settings.due_soon_days), register_json)):
        plugin.offload.compute_file(os.path.join(config.site_dir, name), partial(
            plugin.cache.exports.get, (name, made_of, *args),
            partial(export, reviews, urls, *args)))

    rows: dict[str, list[Review]] = {group: [] for group, _ in GROUPS}
    for review in reviews:
        rows[review.status.value if review.status.live else "other"].append(review)

    def body(page_url: str) -> str:
        # A row per document, built in Python: in the template they were the
        # slowest part of the build's one-off pages.
        row_html = {group: Markup("".join(
            fragments.register_row(review, plugin.href(review.document, page_url),
                                   settings.due_soon_days) for review in group_rows))
            for group, group_rows in rows.items()}
        return render(
            "register.html", title="Review register",
            rows=rows, row_html=row_html, groups=GROUPS, due_soon_days=settings.due_soon_days,
            as_of=plugin.as_of,
            summary=summarise(reviews), register_href=None,
            owners=sorted({r.document.owner for r in reviews}),
            statuses=sorted(ReviewStatus, key=RANK.get),
            ics_href=get_relative_url(REGISTER_ICS, page_url),
            json_href=get_relative_url(REGISTER_JSON, page_url),
        )

    register_page = add_page(files, config, REGISTER, "Review register", body,
                             hide=["toc"], search={"exclude": True})
    return {REGISTER: register_page}


def review_summary(plugin: HandbookPlugin, page_url: str) -> str:
    """Counts of overdue and due-soon documents, linking to the register."""
    register_file = plugin.generated.get(REGISTER)
    return render(
        "review_summary.html",
        summary=summarise(list(plugin.reviews.values())),
        due_soon_days=plugin.settings.due_soon_days,
        register_href=get_relative_url(register_file.file.url, page_url)
        if register_file else None,
    )
