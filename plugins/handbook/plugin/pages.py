"""The review register page, its calendar and JSON exports, and the review summary.

Its body is rendered as HTML for its own URL (see `generated`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from functools import partial

from markupsafe import Markup
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from .. import fragments
from ..cache import BuildCache
from ..exports import ics_inputs, register_ics, register_json
from ..generated_paths import REVIEW_CALENDAR as REGISTER_ICS
from ..generated_paths import REVIEW_JSON as REGISTER_JSON
from ..generated_paths import REVIEW_REGISTER as REGISTER
from ..render import render
from ..reviews import RANK, Review, ReviewStatus, summarise
from .builder import Built
from .generated import absolute_url, add_page, site_domain
from .offload import Offload
from .site import Site

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


class ReviewPages:
    """The review register page; its calendar and JSON exports are made in the background."""

    def __init__(self, site: Site, offload: Offload, cache: BuildCache) -> None:
        self.site = site
        self.offload = offload
        self.cache = cache  # kept between serve's rebuilds

    def add_pages(self, files: Files) -> Built:
        site, config = self.site, self.site.config
        reviews = list(site.register)
        urls = {doc_id: absolute_url(config, url) for doc_id, url in site.urls.items()}
        # Kept between serve's rebuilds while what they are made of stays the same.
        exports: tuple[tuple[str, Hashable, tuple[Hashable, ...], Callable[..., bytes]], ...] = (
            (REGISTER_ICS, ics_inputs(reviews, urls), (config.site_name, site_domain(config)),
             register_ics),
            (REGISTER_JSON, (tuple(reviews), tuple(urls.items())),
             (site.as_of, site.settings.due_soon_days), register_json))
        for name, made_of, args, export in exports:
            self.offload.compute_file(os.path.join(config.site_dir, name), partial(
                self.cache.exports.get, (name, made_of, *args),
                partial(export, reviews, urls, *args)))
        return Built({REGISTER: add_page(files, config, REGISTER, "Review register",
                                         partial(_register_body, site, reviews),
                                         hide=["toc"], search={"exclude": True})})


def _register_body(site: Site, reviews: list[Review], page_url: str) -> str:
    settings = site.settings
    rows: dict[str, list[Review]] = {group: [] for group, _ in GROUPS}
    for review in reviews:
        rows[review.status.value if review.status.live else "other"].append(review)

    # A row per document, built in Python: in the template they were the
    # slowest part of the build's one-off pages.
    row_html = {group: Markup("".join(
        fragments.register_row(review, site.href(review.document, page_url),
                               settings.due_soon_days) for review in group_rows))
        for group, group_rows in rows.items()}
    return render(
        "register.html", title="Review register",
        rows=rows, row_html=row_html, groups=GROUPS, due_soon_days=settings.due_soon_days,
        as_of=site.as_of,
        summary=summarise(reviews), register_href=None,
        owners=sorted({r.document.owner for r in reviews}),
        statuses=sorted(ReviewStatus, key=_rank),
        ics_href=get_relative_url(REGISTER_ICS, page_url),
        json_href=get_relative_url(REGISTER_JSON, page_url),
    )


def _rank(status: ReviewStatus) -> int:
    return RANK[status]


def review_summary(site: Site, register_url: str | None, page_url: str) -> str:
    """Counts of overdue and due-soon documents, linking to the register if it was added."""
    return render(
        "review_summary.html",
        summary=summarise(list(site.reviews.values())),
        due_soon_days=site.settings.due_soon_days,
        register_href=get_relative_url(register_url, page_url) if register_url else None,
    )
