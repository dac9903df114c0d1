"""What each `handbook` subcommand does; `driver` only parses arguments.

Each command returns the process exit code and writes to the stream it is
given, so tests call them directly and read the output.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..fields import markdown_reference
from ..handbook import Handbook, load, read_docs_dir
from ..problems import Severity
from ..schema import schema_json
from .mkdocs_utils import Site


def load_site(site: Site) -> Handbook:
    return load(read_docs_dir(site.docs_dir), site.settings)


def check(site: Site, out: TextIO, *, fmt: str = "text") -> int:
    """Print every problem in the handbook; exit 1 if any is an error."""
    handbook = load_site(site)
    errors = [p for p in handbook.problems if p.severity is Severity.ERROR]
    warnings = [p for p in handbook.problems if p.severity is Severity.WARNING]
    code = 1 if errors else 0
    if fmt == "json":
        json.dump({
            "docs_dir": str(site.docs_dir),
            "documents": len(handbook.documents),
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.as_dict() for p in handbook.problems],
            "exit_code": code,
        }, out, indent=2)
        out.write("\n")
        return code
    for problem in handbook.problems:
        out.write(f"{problem.severity.value.upper()}: {problem}\n")
    out.write(
        f"{len(handbook.documents)} documents checked in {site.docs_dir}: "
        f"{len(errors)} errors, {len(warnings)} warnings\n"
    )
    return code


def schema(out: TextIO, *, fmt: str = "json") -> int:
    """Print the JSON Schema of the front matter, or (markdown) the table of fields."""
    out.write(schema_json() if fmt == "json" else markdown_reference())
    return 0
