"""Notice a handbook hook that is missing, listed twice or out of date.

The review panel and the sign-off section come from hooks that each setting
copies into its own repository and names in `mkdocs.yml`, so it can change
them. A hook left out, listed twice or kept from an old release would make a
feature vanish (or double) without a word; the build warns instead, so
`--strict` fails and says what to add.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

STARTER_HOOKS = Path(__file__).resolve().parent.parent / "starter" / "hooks"


@dataclass(frozen=True)
class HookSpec:
    name: str          # the file name in hooks/, without .py
    feature: str       # what staff would miss without it
    version: int       # raised when the starter's copy changes in a way settings must take up
    function: str      # the function of plugin/panels.py the hook delegates to


HOOKS = (
    HookSpec("review_dates", "the review status panel on every controlled document", 1,
             "review_panel"),
    HookSpec("signoff", "the staff sign-off section on documents with key points", 1,
             "signoff_section"),
)


def _identify(module: ModuleType) -> tuple[HookSpec, int] | None:
    """Which handbook hook a module is, and the version it declares (0: an older copy)."""
    declared = getattr(module, "HANDBOOK_HOOK", None)
    for spec in HOOKS:
        if isinstance(declared, tuple) and len(declared) == 2 and declared[0] == spec.name:
            version = declared[1]
            return spec, version if isinstance(version, int) else 0
    # An older copy has no HANDBOOK_HOOK; it is known by the function it calls (panels is not
    # imported here: it imports the plugin, which imports this module).
    called = {(getattr(value, "__module__", None), getattr(value, "__name__", None))
              for value in vars(module).values() if callable(value)}
    for spec in HOOKS:
        if (f"{__package__}.panels", spec.function) in called:
            return spec, 0
    return None


def hook_problems(hooks: Mapping[str, ModuleType]) -> list[str]:
    """One sentence for each handbook hook that is missing, doubled or out of date."""
    found: dict[str, list[tuple[str, int]]] = {spec.name: [] for spec in HOOKS}
    for path, module in hooks.items():
        known = _identify(module)
        if known is not None:
            found[known[0].name].append((path, known[1]))
    problems = []
    for spec in HOOKS:
        starter = STARTER_HOOKS / f"{spec.name}.py"
        listed = found[spec.name]
        if not listed:
            problems.append(
                f"hooks: hooks/{spec.name}.py is not listed, so {spec.feature} is missing. "
                f"Copy {starter} into your hooks/ folder and add '- hooks/{spec.name}.py' "
                "under 'hooks:' in mkdocs.yml (or set 'check_hooks: false' in the handbook "
                "plugin's options to go without it)")
        elif len(listed) > 1:
            paths = " and ".join(path for path, _ in listed)
            problems.append(f"hooks: {paths} both add {spec.feature}, so it would show twice: "
                            "list it once under 'hooks:' in mkdocs.yml")
        for path, version in listed:
            if version < spec.version:
                problems.append(
                    f"hooks: {path} is an older copy of the {spec.name} hook (version "
                    f"{version}; this release expects {spec.version}). Replace it with {starter}, "
                    "then make your own changes to it again")
    return problems
