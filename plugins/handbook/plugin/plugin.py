"""The `handbook` MkDocs plugin.

It reads every document's front matter once, in `on_files`, before any page is
rendered: aggregate pages and per-page panels both need the whole handbook, and
one pass over the sources keeps the build linear in the number of documents.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from ..handbook import Handbook, load
from ..model import SourceFile
from ..problems import Severity
from ..settings import Settings, today_from_env
from .config import HandbookConfig

log = get_plugin_logger(__name__)


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Validates the handbook and adds its generated pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.handbook = Handbook()
        self.settings = Settings()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            today_from_env()
        except ValueError as error:
            raise PluginError(str(error)) from error
        self.settings = self.config.settings()
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        root = os.path.dirname(config.config_file_path or "") or os.getcwd()
        sources = [
            SourceFile(
                path=os.path.relpath(file.abs_src_path, root),
                src_uri=file.src_uri,
                text=file.content_string,
            )
            for file in files.documentation_pages()
            if file.abs_src_path and not file.generated_by
        ]
        self.handbook = load(sources, self.settings)
        for problem in self.handbook.problems:
            if problem.severity is Severity.ERROR:
                log.error(str(problem))
            else:
                log.warning(str(problem))
        return files
