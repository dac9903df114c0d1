"""Amendments across the handbook: every version that came into force, newest first.

UK procedure manuals publish an amendments page every few months; ours is
always up to date and comes with an Atom feed (made with feedgen) so staff and
inspectors can follow changes in a feed reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import groupby

from ..characters import printable
from ..dates import month_year
from ..model import Document
from .policy_versions import DocumentHistory, VersionEntry, slugs


@dataclass(frozen=True)
class Amendment:
    """One version of one document coming into force."""

    document: Document
    entry: VersionEntry
    previous: VersionEntry | None
    day: date
    slug: str  # names the version uniquely, even if its number was used before

    @property
    def is_new(self) -> bool:
        return self.previous is None


def amendments(documents: list[Document], histories: dict[str, DocumentHistory]) -> list[
        Amendment]:
    """Every version ever in force, newest first (by the day it came into force)."""
    found = []
    for doc in documents:
        history = histories.get(doc.id)
        if history is None:
            continue
        previous = None
        for entry, slug in zip(history.versions, slugs(history.versions), strict=True):
            if entry.in_force_from is not None:
                found.append(Amendment(doc, entry, previous, entry.in_force_from, slug))
                previous = entry
    return sorted(found, key=lambda a: (a.day, a.entry.last.commit.authored), reverse=True)


def by_month(items: list[Amendment]) -> list[tuple[str, list[Amendment]]]:
    return [(month, list(group)) for month, group in
            groupby(items, key=lambda a: month_year(a.day))]


def atom_feed(items: list[Amendment], *, title: str, feed_url: str, page_url: str,
              link_of: Callable[[Amendment], str], domain: str, limit: int = 100) -> bytes:
    """The amendments as an Atom feed; links are absolute when the site has a URL.

    Ids are tag URIs (RFC 4151) made of the site's domain, the document id and
    the version's slug (unique even if a number comes back), so they stay the
    same when the site moves.
    """
    from feedgen.feed import FeedGenerator  # here: lxml is slow to import, and only this needs it

    feed = FeedGenerator()
    feed.id(f"tag:{domain},2026:amendments")
    feed.title(printable(title))
    feed.link(href=page_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("en-GB")
    feed.updated(max(map(_stamp, items), default=datetime(1970, 1, 1, tzinfo=UTC)))
    for item in reversed(items[:limit]):  # feedgen lists the last added first
        entry = feed.add_entry()
        link = link_of(item)
        entry.id(f"tag:{domain},2026:{item.document.id}:{item.slug}")
        what = "new document" if item.is_new else f"version {item.entry.version}"
        entry.title(printable(f"{item.document.title}: {what}"))
        entry.link(href=link)
        entry.updated(_stamp(item))
        entry.published(datetime.combine(item.day, time(), tzinfo=UTC))
        entry.summary(printable(item.entry.change_summary
                                or f"Version {item.entry.version} approved."))
    return feed.atom_str(pretty=True)


def _stamp(item: Amendment) -> datetime:
    return max(item.entry.last.commit.authored,
               datetime.combine(item.day, time(), tzinfo=UTC))
