"""Builds the CLI runs itself, in this process: the offline copy and the site a PDF is printed from.

Each is a normal MkDocs build of the handbook's own mkdocs.yml with a few
options changed for that build only, so the manager keeps one configuration.
"""

from __future__ import annotations

import logging
import os
import zipfile
from pathlib import Path
from typing import Any

from .mkdocs_utils import ConfigError

OFFLINE_PLUGIN = "offline"


def _raw_plugins(config_file: Path) -> object:
    """The `plugins` entry of mkdocs.yml as written (after INHERIT), to add one to it."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with open(config_file, "rb") as handle:
        raw = yaml_load(handle, get_yaml_loader(
            config=MkDocsConfig(config_file_path=str(config_file))))
    return raw.get("plugins", ["search"])


def with_plugin(plugins: object, name: str) -> object:
    """`plugins` as mkdocs.yml may write them (a list or a mapping) with `name` added."""
    if isinstance(plugins, dict):
        return {**plugins, name: plugins.get(name) or {}}
    items = list(plugins) if isinstance(plugins, list) else []
    names = {item if isinstance(item, str) else next(iter(item), None) for item in items}
    return items if name in names or f"material/{name}" in names else [*items, name]


def build_site(config_file: Path, site_dir: Path, *, offline: bool = False,
               use_directory_urls: bool | None = None):
    """Build the handbook into `site_dir`: its config, or None (after MkDocs has said why)
    if the build aborted."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    # Config overrides of any type, as load_config takes them (its **kwargs are untyped).
    options: dict[str, Any] = {"site_dir": str(site_dir)}
    if offline:
        options["plugins"] = with_plugin(_raw_plugins(config_file), OFFLINE_PLUGIN)
    if use_directory_urls is not None:
        options["use_directory_urls"] = use_directory_urls
    logger = logging.getLogger("mkdocs")
    level = logger.level
    # find_site quietened MkDocs to read the config; a build's warnings matter.
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), **options)
        build(config)
    except ConfigurationError as error:
        raise ConfigError(f"{config_file}: {error}") from error
    except Abort:
        return None
    finally:
        logger.setLevel(level)
    return config


def zip_folder(folder: Path, target: Path, top: str) -> int:
    """Zip every file under `folder` into `target`, inside a folder `top`; the file count.

    Written beside the target and renamed, so a half-written zip never takes its place.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    count = 0
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
                count += 1
    os.replace(partial, target)
    return count
