"""What the hooks in `hooks/` add to each page, kept in the package.

Hooks take no options and are not reloaded by `mkdocs serve`, so they stay
one-line delegations to these functions, which read the plugin's state.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from .. import fragments
from ..model import Document
from ..problems import Problem, Severity
from .lesson_pages import add_to_toc, after_title
from .pages import KINDS
from .plugin import HandbookPlugin


def plugin_of(config: MkDocsConfig, hook: str) -> HandbookPlugin | None:
    """The handbook plugin, or None when it is disabled; an error when it is missing."""
    plugin = config.plugins.get("handbook")
    if not isinstance(plugin, HandbookPlugin):
        raise PluginError(f"{hook} needs the handbook plugin: add '- handbook' under "
                          "'plugins:' in mkdocs.yml")
    return plugin if plugin.config.enabled else None


def document_of(plugin: HandbookPlugin, page: Page) -> Document | None:
    return plugin.handbook.by_src_uri.get(page.file.src_uri)


def review_panel(html: str, page: Page, config: MkDocsConfig) -> str:
    """The review status panel at the top of each controlled document."""
    plugin = plugin_of(config, "hooks/review_dates.py")
    doc = plugin and document_of(plugin, page)
    if plugin is None or doc is None or not doc.controlled:
        return html
    review = plugin.reviews[doc.id]
    replacement = plugin.handbook.get(doc.superseded_by) if doc.superseded_by else None
    history = plugin.history.get(doc.id) if plugin.history else None
    site = plugin.history_site
    panel = fragments.review_panel(
        doc, review, KINDS[review.status], plugin.settings.due_soon_days,
        last_changed=history.updated.authored.date() if history and history.updated else None,
        history_href=site.history_href(doc, page.url) if site else None,
        replacement=(replacement.title, plugin.href(replacement, page.url))
        if replacement else None,
    )
    return after_title(html, plugin.defer(page, "review", *panel))


def signoff_section(html: str, page: Page, config: MkDocsConfig) -> str:
    """The staff sign-off section at the end of each document with key points, then the
    knowledge check of any document or lesson with one (both from hooks/signoff.py)."""
    plugin = plugin_of(config, "hooks/signoff.py")
    doc = plugin and document_of(plugin, page)
    site = plugin.signoff_site if plugin else None
    if plugin is not None and site is not None and doc is not None and doc.id in site.ids:
        add_to_toc(page, "Staff sign-off", "staff-sign-off")
        html += "\n" + plugin.defer(page, "sign-off", *site.section(doc, page.url))
    return check_section(html, page, config)


def check_section(html: str, page: Page, config: MkDocsConfig) -> str:
    """The knowledge check, after the key points (or at the end of a lesson)."""
    plugin = plugin_of(config, "hooks/signoff.py")
    doc = plugin and document_of(plugin, page)
    if not plugin or not doc or not doc.check:
        return html
    anchors = set(re.findall(r'\bid="([^"]+)"', html))
    for number, item in enumerate(doc.check, start=1):
        if item.see and item.see not in anchors:
            plugin._report([Problem(
                doc.path, "check", f"question {number}: see: {item.see!r} is not the id of a "
                "heading on this page, so its link goes to the top of the page: use the id "
                "shown in the heading's link (the part after #)", Severity.WARNING)])
    add_to_toc(page, "Check your understanding", fragments.CHECK_ID)
    return html + "\n" + plugin.defer(page, "check", *fragments.check_section(doc, anchors))
