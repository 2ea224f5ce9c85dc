"""Processes a build starts die with it, and their errors come back whole (``timeline/processes.py``).

A build killed with ``kill -9`` must not leave an export process or Pagefind
writing into the folder the next build uses.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from timeline.processes import in_child_process

ROOT = Path(__file__).resolve().parent.parent

# A "build" that starts a child through ``how``, then is killed while the child still works.
KILLED_BUILD = """
import os, signal, sys, time
from pathlib import Path
from timeline.processes import in_child_process, start_tool

folder = Path(sys.argv[1])

def slow_writer():
    (folder / "child.pid.tmp").write_text(str(os.getpid()))
    (folder / "child.pid.tmp").rename(folder / "child.pid")  # whole, or not there at all
    time.sleep(2)
    (folder / "late-page.html").write_text("written after the build was killed")

if sys.argv[2] == "fork":
    in_child_process(slow_writer)
else:
    import subprocess
    script = "import os, sys, time; from pathlib import Path; f = Path(sys.argv[1]); "
    script += "(f / 'child.pid.tmp').write_text(str(os.getpid())); (f / 'child.pid.tmp').rename(f / 'child.pid'); "
    script += "time.sleep(2); (f / 'late-page.html').write_text('late')"
    start_tool([sys.executable, "-c", script, str(folder)])
while not (folder / "child.pid").exists():
    time.sleep(0.01)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie waiting for its (dead) parent's reaper counts as gone
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


@pytest.mark.parametrize("how", ["fork", "tool"], ids=["export-process", "pagefind-like-tool"])
def test_a_killed_builds_children_die_with_it(tmp_path: Path, how: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(tmp_path), how],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)
    time.sleep(2.5)  # past the moment the child would have written
    assert not (tmp_path / "late-page.html").exists()


def _fill_disk() -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/site/feeds/all.atom.xml")


def test_a_childs_error_reaches_the_parent_as_itself() -> None:
    wait = in_child_process(_fill_disk)
    with pytest.raises(OSError) as raised:
        wait()
    assert (raised.value.errno, raised.value.filename) == (errno.ENOSPC, "/site/feeds/all.atom.xml")


def test_a_child_that_succeeds_returns_quietly(tmp_path: Path) -> None:
    wait = in_child_process((tmp_path / "done").write_text, "yes")
    wait()
    assert (tmp_path / "done").read_text() == "yes"


def test_a_child_exit_without_an_exception_is_still_a_failure() -> None:
    wait = in_child_process(os._exit, 3)
    with pytest.raises(RuntimeError, match="_exit failed in its process"):
        wait()


def test_the_harness_is_not_fooled_by_a_zombie() -> None:
    """``_alive`` says a finished, unreaped process is gone: the test above depends on it."""
    process = subprocess.Popen(["true"])
    time.sleep(0.5)
    assert not _alive(process.pid)
    process.wait()


KILLED_BUILD = textwrap.dedent(KILLED_BUILD)


def test_a_child_started_behind_runs_at_a_lower_priority() -> None:
    def niceness() -> int:
        return os.nice(0)

    parent = os.nice(0)
    assert (in_child_process(niceness)(), in_child_process(niceness, behind=True)()) == (parent, min(parent + 10, 19))
