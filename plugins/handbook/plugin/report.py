"""How the plugin reports problems: through MkDocs' logger, so `--strict` counts warnings."""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.plugins import get_plugin_logger

from ..problems import Problem, Severity

log = get_plugin_logger(__name__)


def report(problems: Iterable[Problem]) -> None:
    """Log each problem: errors as errors, the rest as warnings."""
    for problem in problems:
        if problem.severity is Severity.ERROR:
            log.error(str(problem))
        else:
            log.warning(str(problem))
