"""The plugin's events that depend on order run in that order, however `mkdocs.yml` lists
the plugins: each has an explicit priority (see plugin.py), checked here against Material's."""

from __future__ import annotations

import yaml
from mkdocs.config import load_config

from sites import BOTH_HOOKS, REPO

PLUGINS = ["search", "tags", "material/privacy", "handbook"]  # the plugin last on purpose


def _order(tmp_path, event: str) -> list[str]:
    """Who handles `event`, in the order MkDocs calls them."""
    (tmp_path / "docs").mkdir()
    config = {"site_name": "Order", "theme": {"name": "material"}, "plugins": PLUGINS,
              "hooks": [str(REPO / "hooks" / f"{hook}.py") for hook in BOTH_HOOKS]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    loaded = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    plugins = loaded.plugins
    return [plugins._event_origins.get(method, "?") for method in plugins.events[event]]


def test_lesson_tags_are_added_before_material_collects_tags(tmp_path):
    order = _order(tmp_path, "page_markdown")
    assert order.index("handbook") < order.index("material/tags"), order


def test_the_authors_content_is_handled_before_the_hooks_add_panels(tmp_path):
    order = _order(tmp_path, "page_content")
    hooks = [i for i, name in enumerate(order) if name.endswith(".py")]  # named by path
    assert len(hooks) == 2 and order.index("handbook") < min(hooks), order


def test_deferred_parts_go_back_before_other_plugins_rewrite_pages(tmp_path):
    order = _order(tmp_path, "post_page")
    assert order.index("handbook") < order.index("material/privacy"), order
