"""MkDocs hook: a review status panel at the top of every controlled document.

Shows owner, version, approval and next review, with a status (current, due
soon, overdue, draft, superseded, retired) that the page's script re-computes
for the day it is read. Options come from the `handbook` plugin.
"""

from handbook.plugin.panels import review_panel

# The plugin warns when a hook is missing, listed twice or older than it expects.
HANDBOOK_HOOK = ("review_dates", 1)


def on_page_content(html, page, config, files):
    return review_panel(html, page, config)
