"""The amendments feed: an Atom feed of every document's changes, for staff to follow."""

from __future__ import annotations

from mkdocs.structure.files import File, Files

from ..generated_paths import AMENDMENTS_FEED
from ..history.amendments import Amendment, atom_feed
from .generated import absolute_url, site_domain
from .site import Site


def add_feed(site: Site, files: Files, items: list[Amendment], page_url: str) -> None:
    """Add the feed; each entry links to its document's live page, `page_url` to the
    amendments page."""
    config = site.config

    def link_of(item: Amendment) -> str:
        return absolute_url(config, site.urls[item.document.id])

    feed = atom_feed(
        items, title=f"{config.site_name}: amendments",
        feed_url=absolute_url(config, AMENDMENTS_FEED),
        page_url=absolute_url(config, page_url), link_of=link_of,
        domain=site_domain(config))
    files.append(File.generated(config, AMENDMENTS_FEED, content=feed))
