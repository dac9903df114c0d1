"""Everything the CLI needs from MkDocs, in one place.

The CLI reads `mkdocs.yml` with MkDocs' own loader so that `handbook check`
uses exactly the docs folder and plugin options the build uses.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..settings import Settings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

_T = TypeVar("_T")


class ConfigError(Exception):
    """mkdocs.yml could not be read; the message says why."""


@dataclass
class Site:
    """Where the handbook lives and how it is configured."""

    docs_dir: Path
    settings: Settings = field(default_factory=Settings)
    config_file: Path | None = None
    plugin_options: dict[str, object] = field(default_factory=dict)
    has_nav: bool = False
    # MkDocs' own reading of mkdocs.yml (None without one), for what only MkDocs knows:
    # which files it publishes and where (see `clashes`).
    config: MkDocsConfig | None = None

    @property
    def root(self) -> Path:
        """The folder of mkdocs.yml, which the plugin's paths are relative to."""
        return self.config_file.parent if self.config_file else Path(".")

    def option(self, name: str, kind: type[_T]) -> _T | None:
        """The handbook plugin's option `name` when it is set and a `kind`, else None.

        MkDocs has already checked the options against the plugin's config, so a
        set option has its type; asking for the type here gives callers a typed
        value instead of `object`.
        """
        value = self.plugin_options.get(name)
        return value if isinstance(value, kind) else None


def find_site(docs_dir: str | None, config_file: str | None) -> Site:
    """Combine a docs folder given on the command line with `mkdocs.yml`, if any.

    An explicit config file must exist; the default `mkdocs.yml` is optional
    when a docs folder is given, so `handbook check some/folder` works anywhere.
    """
    path = Path(config_file or "mkdocs.yml")
    if not path.exists():
        if config_file or docs_dir is None:
            raise ConfigError(f"{path}: no such file; give a docs folder or a config file")
        return Site(Path(docs_dir))
    config = _load(path)
    plugin = config.plugins.get("handbook")
    options = dict(plugin.config) if plugin is not None else {}
    settings = plugin.config.settings() if plugin is not None else Settings()
    root = Path(docs_dir) if docs_dir else Path(os.path.relpath(config.docs_dir))
    if docs_dir:
        # The folder given is the one checked, for what MkDocs would publish from it too.
        config["docs_dir"] = os.path.abspath(docs_dir)
    return Site(root, settings, path, options, has_nav=config.nav is not None, config=config)


def _load(path: Path) -> MkDocsConfig:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    # Loading validates plugins, whose info messages are noise here.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        return load_config(config_file=str(path))
    except ConfigurationError as error:
        raise ConfigError(f"{path}: {error}") from error
