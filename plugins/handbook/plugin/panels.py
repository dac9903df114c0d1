"""What the hooks in `hooks/` add to each page, kept in the package.

Hooks take no options and are not reloaded by `mkdocs serve`, so they stay
one-line delegations to these functions, which read the site the plugin
built in `on_files` (never the plugin itself: see `Running`).
"""

from __future__ import annotations

import re
from typing import Protocol, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from .. import fragments
from ..problems import Problem, Severity
from .deferred import Deferred
from .lesson_pages import add_to_toc, after_title
from .pages import KINDS
from .report import report
from .signoff_pages import section
from .site import Site


class Running(Protocol):
    """What the hooks need of the handbook plugin: the site being built (None when the
    plugin is disabled) and the parts of pages swapped in after search indexing."""

    site: Site | None
    deferred: Deferred


def running(config: MkDocsConfig, hook: str) -> tuple[Site, Deferred] | None:
    """The site being built, or None when the plugin is disabled; an error when it is missing."""
    found = config.plugins.get("handbook")
    # Checked by hand, not with a runtime-checkable protocol's isinstance: that takes
    # tens of microseconds, and this runs three times a page.
    if not (hasattr(found, "site") and hasattr(found, "deferred")):
        raise PluginError(f"{hook} needs the handbook plugin: add '- handbook' under "
                          "'plugins:' in mkdocs.yml")
    plugin = cast("Running", found)
    return (plugin.site, plugin.deferred) if plugin.site is not None else None


def review_panel(html: str, page: Page, config: MkDocsConfig) -> str:
    """The review status panel at the top of each controlled document."""
    found = running(config, "hooks/review_dates.py")
    if found is None:
        return html
    site, deferred = found
    doc = site.document(page.file.src_uri)
    if doc is None or not doc.controlled:
        return html
    review = site.reviews[doc.id]
    replacement = site.handbook.get(doc.superseded_by) if doc.superseded_by else None
    history = site.history.get(doc.id) if site.history else None
    layout = site.history_layout
    panel = fragments.review_panel(
        doc, review, KINDS[review.status], site.settings.due_soon_days,
        last_changed=history.updated.authored.date() if history and history.updated else None,
        history_href=layout.history_href(doc, page.url) if layout else None,
        replacement=(replacement.title, site.href(replacement, page.url))
        if replacement else None,
    )
    return after_title(html, deferred.defer(page, "review", *panel))


def signoff_section(html: str, page: Page, config: MkDocsConfig) -> str:
    """The staff sign-off section at the end of each document with key points, then the
    knowledge check of any document or lesson with one (both from hooks/signoff.py)."""
    found = running(config, "hooks/signoff.py")
    if found is not None:
        site, deferred = found
        doc = site.document(page.file.src_uri)
        if doc is not None and doc.id in site.signoff.ids:
            add_to_toc(page, "Staff sign-off", "staff-sign-off")
            html += "\n" + deferred.defer(page, "sign-off", *section(site, doc, page.url))
    return check_section(html, page, config)


def check_section(html: str, page: Page, config: MkDocsConfig) -> str:
    """The knowledge check, after the key points (or at the end of a lesson)."""
    found = running(config, "hooks/signoff.py")
    if found is None:
        return html
    site, deferred = found
    doc = site.document(page.file.src_uri)
    if not doc or not doc.check:
        return html
    anchors = set(re.findall(r'\bid="([^"]+)"', html))
    for number, item in enumerate(doc.check, start=1):
        if item.see and item.see not in anchors:
            report([Problem(
                doc.path, "check", f"question {number}: see: {item.see!r} is not the id of a "
                "heading on this page, so its link goes to the top of the page: use the id "
                "shown in the heading's link (the part after #)", Severity.WARNING)])
    add_to_toc(page, "Check your understanding", fragments.CHECK_ID)
    return html + "\n" + deferred.defer(page, "check", *fragments.check_section(doc, anchors))
