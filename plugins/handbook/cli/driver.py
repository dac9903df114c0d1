"""Entry point of the `handbook` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from . import commands
from .mkdocs_utils import ConfigError, find_site


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Check, build and publish a safeguarding handbook.",
    )
    parser.add_argument("--version", action="version", version=f"handbook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check every document's front matter")
    check.add_argument("docs_dir", nargs="?", metavar="DOCS_DIR",
                       help="the docs folder (default: docs_dir from mkdocs.yml)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people, json for tools (default: text)")
    _config_option(check)

    schema = sub.add_parser("schema", help="print the JSON Schema of the front matter")
    schema.add_argument("--format", choices=("json", "markdown"), default="json",
                        help="json: the schema; markdown: a table of the fields")
    return parser


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", metavar="FILE",
                        help="the MkDocs config file (default: mkdocs.yml if present)")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out = sys.stdout
    try:
        if args.command == "schema":
            return commands.schema(out, fmt=args.format)
        site = find_site(args.docs_dir, args.config_file)
        if args.command == "check":
            return commands.check(site, out, fmt=args.format)
    except ConfigError as error:
        print(f"handbook: {error}", file=sys.stderr)
        return 2
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
