"""Background work: results land on disk, and a failure fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from handbook.plugin.offload import Offload


def _fail() -> None:
    raise ValueError("no such review date")


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "in line (mkdocs serve)"])
def test_results_are_written_when_the_build_ends(tmp_path: Path, fork: bool) -> None:
    offload = Offload(fork=fork)
    computed, written = tmp_path / "site" / "reviews.ics", tmp_path / "site" / "sheet.html"
    offload.compute_file(str(computed), lambda: b"BEGIN:VCALENDAR")
    offload.run("sheets", lambda: written.parent.mkdir(parents=True, exist_ok=True)
                or written.write_text("stamped"))
    assert not computed.exists()  # MkDocs empties the site folder after on_files
    offload.finish()
    assert computed.read_bytes() == b"BEGIN:VCALENDAR"
    assert written.read_text() == "stamped"


def test_a_failure_in_a_child_fails_the_build_with_its_reason(tmp_path: Path) -> None:
    offload = Offload()
    offload.run("sign-off sheets", _fail)
    offload.compute_file(str(tmp_path / "reviews.json"), lambda: b"{}")
    with pytest.raises(PluginError, match=r"sign-off sheets failed(.|\n)*no such review date"):
        offload.finish()
    offload.close()  # nothing left to stop


def test_close_stops_children_that_are_still_running() -> None:
    offload = Offload()
    offload.run("slow", lambda: __import__("time").sleep(30))
    (job,) = offload._jobs
    assert job.process is not None and job.process.is_alive()
    offload.close()
    assert not job.process.is_alive()
    assert job.process.exitcode is not None and job.process.exitcode < 0  # terminated
