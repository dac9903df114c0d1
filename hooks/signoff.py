"""MkDocs hook: a "Staff sign-off" section at the end of every document with key points.

Each key point is a labelled checkbox; the page's script keeps the ticks for
this version, clears them after a substantive (MAJOR) change, and makes a
sign-off record with the document's version and SHA-256. A printable sheet
serves settings that sign on paper. Options come from the `handbook` plugin.
"""

from handbook.plugin.panels import signoff_section

# The plugin warns when a hook is missing, listed twice or older than it expects.
HANDBOOK_HOOK = ("signoff", 1)


def on_page_content(html, page, config, files):
    return signoff_section(html, page, config)
