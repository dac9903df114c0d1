"""Safeguarding handbook: policies as Markdown, built into a versioned website.

The modules at this level are the domain core and never import MkDocs, so the
CLI, the tests and other tools can use them without a build. `handbook.plugin`
and `handbook.cli` are thin adapters over them.
"""

__version__ = "0.1.0"
