"""The web editor's files at /admin/, added only when the `editor` option is on.

They are static files, not pages: no theme, no search index, and none of the site's
other pages load the editor's program.
"""

from __future__ import annotations

import os
import re
import subprocess
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..generated_paths import EDITOR_CONFIG, EDITOR_DIR, EDITOR_PAGE, EDITOR_VENDORED

if TYPE_CHECKING:
    from ..editor import EditorSettings

# `handbook edit` sets it: the configuration then points at the local back end.
LOCAL_ENV = "HANDBOOK_EDITOR"
PORT_ENV = "HANDBOOK_EDITOR_PORT"  # and the port of its local back end
_GITHUB = re.compile(r"^https?://github\.com/([^/]+/[^/]+?)(?:\.git)?/?$")


def _current_branch(root: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", root, "symbolic-ref", "--short", "HEAD"],
                                capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout.strip() or None


def editor_settings(config: MkDocsConfig, root: str, branch: str,
                    auth_domain: str | None = None) -> EditorSettings:
    # Imported here, not above: the plugin imports this module on every build, and the
    # editor (with ruamel.yaml and the scaffold) is wanted only when the option is on.
    from ..editor import LOCAL_PORT, EditorSettings
    from ..scaffold import FOLDERS

    local = os.environ.get(LOCAL_ENV) == "local"
    match = _GITHUB.match(config.repo_url or "")
    sections = tuple(folder for folder in FOLDERS.values()
                     if os.path.isfile(os.path.join(config.docs_dir, folder, "index.md")))
    return EditorSettings(
        docs_folder=os.path.relpath(config.docs_dir, root).replace(os.sep, "/"),
        repo=match.group(1) if match else None,
        branch=(_current_branch(root) or branch) if local else branch,
        local=local,
        local_port=int(os.environ.get(PORT_ENV) or LOCAL_PORT),
        site_url=config.site_url or None,
        auth_domain=auth_domain,
        sections=sections,
    )


def add_editor(files: Files, config: MkDocsConfig, settings: EditorSettings) -> None:
    from ..editor import ADMIN, admin_page, config_yaml

    files.append(File.generated(config, EDITOR_PAGE, content=admin_page(settings)))
    files.append(File.generated(config, EDITOR_CONFIG, content=config_yaml(settings)))
    for name in EDITOR_VENDORED:
        files.append(File.generated(config, f"{EDITOR_DIR}/{name}",
                                    abs_src_path=str(ADMIN / name)))
