"""Shared fixtures: real builds, a served example handbook, a real browser."""

from __future__ import annotations

import os

# Material prints an end-of-life banner for MkDocs 2 on every build; it is not
# ours to act on and it buries the output tests read.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
