"""The package's import graph, read from its source with `ast` (nothing is imported).

Three rules keep the code easy to change:
- no import cycles, counting imports inside functions and under TYPE_CHECKING
  (a cycle there still ties the modules together for a reader and a type checker);
- no page builder imports the plugin module: builders get the read-only `Site`
  (handbook.plugin.site) and return their pages through `builder.PageBuilder`;
- the domain core (everything outside the adapters `handbook.plugin`, the MkDocs
  plugin, and `handbook.cli`, which drives MkDocs builds) never imports MkDocs or
  Material, nor the adapters, so the CLI, the tests and other tools can use it
  without a build.

Each failure names the cycle or the module and the import.
"""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "plugins"
PACKAGE = "handbook"
ADAPTERS = ("handbook.plugin", "handbook.cli")
PLUGIN = "handbook.plugin.plugin"
FRAMEWORKS = ("mkdocs", "material")


def _modules() -> dict[str, Path]:
    """Every module of the package: .py files in folders that are packages
    (the starter's hooks are files `handbook init` copies, not modules)."""
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        folders = path.relative_to(ROOT).parent.parts
        if not all((ROOT.joinpath(*folders[:n]) / "__init__.py").exists()
                   for n in range(1, len(folders) + 1)):
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """(absolute module name, line) of each import in the module, wherever it is."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                # `from pkg import mod` imports a module; `from mod import name` a name.
                submodule = f"{module}.{alias.name}"
                found.append((submodule if submodule in MODULES else module, node.lineno))
    return found


def _graph() -> dict[str, dict[str, int]]:
    """Module -> {module of the package it imports: line of the first such import}."""
    graph: dict[str, dict[str, int]] = {}
    for name, path in MODULES.items():
        edges: dict[str, int] = {}
        for target, line in _imports(name, path):
            if target in MODULES and target != name:
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle through each group of modules that import each other (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, set(group)) for group in groups]


def _cycle_in(graph: dict[str, dict[str, int]], group: set[str]) -> list[str]:
    """A path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node]):
            if target == start:
                return paths[node] + [start]
            if target in group and target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    return sorted(group)


def _describe(graph: dict[str, dict[str, int]], cycle: list[str]) -> str:
    """The cycle, then where each module imports the next."""
    lines = ", ".join(f"{a} line {graph[a][b]}" for a, b in pairwise(cycle))
    return f"{' -> '.join(cycle)} ({lines})"


def _is_adapter(name: str) -> bool:
    return any(name == a or name.startswith(a + ".") for a in ADAPTERS)


def test_the_graph_is_read():
    """Guards the rules below against passing because the graph came out empty."""
    graph = _graph()
    assert {"handbook.plugin.plugin", "handbook.plugin.site", "handbook.handbook"} <= set(graph)
    assert "handbook.plugin.site" in graph["handbook.plugin.plugin"]
    assert "handbook.plugin.site" in graph["handbook.plugin.pages"]  # a relative import
    # Under TYPE_CHECKING only: still an edge.
    assert "handbook.plugin.history_layout" in graph["handbook.plugin.site"]


def test_no_import_cycles():
    graph = _graph()
    cycles = [_describe(graph, cycle) for cycle in _cycles(graph)]
    assert not cycles, "import cycles (imports inside functions and under TYPE_CHECKING " \
        "count):\n" + "\n".join(cycles)


def test_no_page_builder_imports_the_plugin():
    """Builders and the hooks' panels read the `Site`; only the plugin module knows itself."""
    graph = _graph()
    offenders = [f"{name} imports {PLUGIN} (line {edges[PLUGIN]})"
                 for name, edges in graph.items()
                 if name.startswith("handbook.plugin.") and name != PLUGIN and PLUGIN in edges]
    assert not offenders, "\n".join(offenders)


def test_the_domain_core_imports_no_framework_and_no_adapter():
    offenders = []
    for name, path in MODULES.items():
        if _is_adapter(name):
            continue
        for target, line in _imports(name, path):
            top = target.split(".")[0]
            if top in FRAMEWORKS:
                offenders.append(f"{name} imports {target} (line {line}): MkDocs and Material "
                                 "belong in handbook.plugin")
            elif _is_adapter(target):
                offenders.append(f"{name} imports the adapter {target} (line {line})")
    assert not offenders, "\n".join(offenders)


def test_the_rules_catch_what_they_should():
    """The cycle finder names a cycle, and finds none where there is none."""
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {"a": 4}}
    cycles = _cycles(graph)
    assert cycles == [["a", "b", "c", "a"]]
    assert _describe(graph, cycles[0]) == "a -> b -> c -> a (a line 1, b line 2, c line 3)"
    assert _cycles({"a": {"b": 1}, "b": {}}) == []


def test_no_module_shares_a_name_with_mikes():
    """mike (published editions, driven by `editions`) has `versions.py` and
    `git_utils.py`; ours are named so a policy's version is not mistaken for an edition."""
    import mike

    # The CLI's commands, driver and mkdocs_utils follow mike's layout on purpose.
    confusable = {"versions", "git_utils"}
    assert confusable <= {path.stem for path in Path(mike.__file__).parent.glob("*.py")}
    ours = {path.stem for path in (ROOT / PACKAGE).rglob("*.py")}
    assert not ours & confusable, f"modules named like mike's: {sorted(ours & confusable)}"
