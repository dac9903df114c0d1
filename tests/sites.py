"""Build real MkDocs sites in temporary folders, for tests.

Builds run in-process through MkDocs' own `load_config` and `build`, the same
calls `mkdocs build` makes, so a test sees exactly what a manager would, while
avoiding a new interpreter (and its import time) per build.
"""

from __future__ import annotations

import logging
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

REPO = Path(__file__).resolve().parent.parent

def site_config(name: str = "Test handbook", *, handbook: dict[str, object] | None = None,
                tags: bool = False, hooks: tuple[str, ...] = (),
                hooks_dir: Path | str = REPO / "hooks", site_url: str | None = None,
                custom_dir: str | None = None, extra: dict[str, object] | None = None,
                extensions: tuple[str, ...] = ("admonition", "toc")) -> str:
    """An mkdocs.yml for a test site: Material, search, the plugin and the hooks asked for."""
    config: dict[str, object] = {"site_name": name}
    if site_url:
        config["site_url"] = site_url
    config["theme"] = {"name": "material", "font": False, "features": ["navigation.prune"],
                       **({"custom_dir": custom_dir} if custom_dir else {})}
    options = dict(handbook or {})
    if not {"review_dates", "signoff"} <= set(hooks):
        options.setdefault("check_hooks", False)  # a test site leaves a hook out on purpose
    config["plugins"] = ["search", *(["tags"] if tags else []),
                         {"handbook": options} if options else "handbook"]
    if hooks:
        config["hooks"] = [f"{hooks_dir}/{hook}.py" for hook in hooks]
    if extra:
        config["extra"] = extra
    config["markdown_extensions"] = list(extensions)
    return yaml.safe_dump(config, sort_keys=False)


BOTH_HOOKS = ("review_dates", "signoff")
BASE_CONFIG = site_config(handbook={"history": False},
                          extensions=("admonition", "attr_list", "md_in_html"))


def front_matter(**fields: object) -> str:
    """Front matter block for the given fields, in the order given."""
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n"


def policy(doc_id: str, body: str = "Some text.\n", **fields: object) -> str:
    """A valid policy; keyword arguments replace (or with None, remove) fields."""
    values: dict[str, object] = {
        "id": doc_id,
        "title": doc_id.replace("-", " ").capitalize(),
        "type": "policy",
        "owner": "Designated Safeguarding Lead",
        "approved_by": "Registered provider",
        "version": "1.0",
        "status": "approved",
        "approved": "2026-01-15",
        "review_every": 12,
    }
    values.update(fields)
    values = {k: v for k, v in values.items() if v is not None}
    return front_matter(**values) + "\n" + body


def lesson(doc_id: str, **fields: object) -> str:
    values: dict[str, object] = {
        "id": doc_id,
        "title": doc_id.replace("-", " ").capitalize(),
        "type": "lesson",
        "case": "A case",
        "year": 2012,
        "review": "Serious case review",
        "review_year": 2013,
        "themes": ["voice of the child"],
        "learning": ["Speak to the child."],
        "sources": [{"title": "Review", "url": "https://example.org/review"}],
    }
    values.update(fields)
    return front_matter(**{k: v for k, v in values.items() if v is not None}) + "\nText.\n"


@dataclass
class Built:
    """What a build left behind: its output folder, its log, and whether it aborted."""

    site_dir: Path
    records: list[logging.LogRecord] = field(default_factory=list)
    aborted: bool = False

    @property
    def messages(self) -> list[str]:
        return [r.getMessage() for r in self.records]

    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.site_dir / path).read_text(encoding="utf-8"), "lxml")

    def exists(self, path: str) -> bool:
        return (self.site_dir / path).exists()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def write_site(root: Path, docs: dict[str, str], config: str = BASE_CONFIG,
               extra_files: dict[str, str] | None = None) -> Path:
    """Write mkdocs.yml and the docs (paths relative to docs/) under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name, text in docs.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                        encoding="utf-8", newline="")
    for name, text in (extra_files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path, *, strict: bool = False, site_dir: Path | None = None,
          config_file: str = "mkdocs.yml") -> Built:
    """Run a real MkDocs build of the site at `root`."""
    site = site_dir or root / "site"
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    aborted = False
    try:
        config = load_config(str(root / config_file), strict=strict, site_dir=str(site))
        mkdocs_build(config)
    except Abort:
        aborted = True
    finally:
        logger.removeHandler(collect)
        logger.setLevel(old_level)
    return Built(site, collect.records, aborted)


# The example handbook's review dates are chosen against this date, so every
# status (current, due soon, overdue) shows in tests whatever the real date is.
EXAMPLE_TODAY = "2026-12-01"


# What the starter leaves for a manager to fill in.
PLACEHOLDER = re.compile(r"\[FILL IN[^\]]*\]")


def fill_in(root: Path) -> int:
    """Replace every placeholder with text, as a manager would; returns how many.

    Placeholders shown as examples in fenced code (the managers' page) are left alone,
    as `handbook check` leaves them.
    """
    count = 0
    for path in (root / "docs").rglob("*.md"):
        lines, fenced = [], False
        for line in path.read_text(encoding="utf-8").split("\n"):
            if re.match(r"^\s*(```|~~~)", line):
                fenced = not fenced
            elif not fenced:
                line, found = PLACEHOLDER.subn("Filled in", line)
                line = re.sub(r"^(year|review_year): '?Filled in'?$", r"\1: 2012", line)
                count += found
            lines.append(line)
        path.write_text("\n".join(lines), encoding="utf-8")
    return count
