"""The benchmark scripts still load and know their options.

`make bench` is run by hand, so a script broken by a change elsewhere (one
bench module renaming what another imports) would otherwise go unnoticed until
someone next measures. This runs each script's --help, which imports it; it
measures nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=BENCH, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.mark.parametrize("script", ["run.py", "history.py", "serve.py"])
def test_each_benchmark_script_loads(script):
    result = _run(str(BENCH / script), "--help")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_the_asset_weight_table_prints():
    """weight.py takes no options and only reads the assets: it runs whole."""
    result = _run(str(BENCH / "weight.py"))
    assert result.returncode == 0, result.stderr
    assert "| **all** |" in result.stdout
