"""A bad environment gets one clear line and leaves the published site as it was.

A full disk, a read-only output, a missing content folder or settings file and
Ctrl-C are not bugs of ours: the maintainer sees what happened and where, never
a traceback, and the site that was published stays byte for byte. The full disk
and the read-only file system are real: a small tmpfs mounted in a private
mount namespace (``unshare``), so the test needs no privileges on the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.corpus import generate

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SETTINGS = ROOT / "pelicanconf.py"
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

# Runs inside the namespace: build once on a small file system, spoil it, build again.
SCENARIO = r"""
import hashlib, json, os, subprocess, sys
from pathlib import Path

mount, content, settings, how = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
output = mount / "output"

def build():
    return subprocess.run([sys.executable, "-m", "timeline", "build", "--no-search", "-s", settings,
                           "-i", str(content), "-o", str(output)], capture_output=True, text=True)

def snapshot():
    return {str(p.relative_to(mount)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(output.resolve().rglob("*")) if p.is_file()}

first = build()
assert first.returncode == 0, first.stderr
before = snapshot()
entry = content / "events" / "day-only.md"
entry.write_text(entry.read_text().replace('title: "A day event"', 'title: "After the trouble"'))
if how == "full":
    with open(mount / "filler", "wb", buffering=0) as filler:  # nothing left in a buffer for close() to write
        try:
            while True:
                filler.write(b"x" * 65536)
                filler.flush()
        except OSError:
            pass
else:
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
second = build()
print(json.dumps({"code": second.returncode, "stderr": second.stderr, "same": snapshot() == before}))
"""


def _in_namespace(tmp_path: Path, how: str) -> dict:
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to mount a small file system for this test")
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    mount = tmp_path / "small-disk"
    mount.mkdir()
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", sys.executable, "-c", SCENARIO, str(mount),
         str(content), str(SETTINGS), how],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_full_disk_is_one_line_and_the_site_stays(tmp_path: Path) -> None:
    outcome = _in_namespace(tmp_path, "full")
    assert outcome["code"] == 1
    lines = outcome["stderr"].strip().splitlines()
    assert "Traceback" not in outcome["stderr"]
    assert lines[-1].startswith("build failed: No space left on device")
    assert lines[-1].endswith("/output was left as it was")
    assert outcome["same"]


def test_a_read_only_output_is_one_line_and_the_site_stays(tmp_path: Path) -> None:
    outcome = _in_namespace(tmp_path, "read-only")
    assert outcome["code"] == 1
    assert outcome["stderr"].startswith("build failed: Read-only file system: ")
    assert len(outcome["stderr"].strip().splitlines()) == 1
    assert outcome["same"]


def _build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline", "build", "--no-search", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_content_folder_is_one_line(tmp_path: Path) -> None:
    result = _build("-s", str(SETTINGS), "-i", str(tmp_path / "nowhere"), "-o", str(tmp_path / "output"))
    assert result.returncode == 2
    assert result.stderr == (
        f"build failed: the content folder {tmp_path / 'nowhere'} does not exist — give INPUTDIR=<the folder "
        f"holding events/>; {tmp_path / 'output'} was left as it was\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_missing_settings_file_is_one_line(tmp_path: Path) -> None:
    result = _build("-s", str(tmp_path / "nope.py"), "-i", str(MINI), "-o", str(tmp_path / "output"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"build failed: the settings file {tmp_path / 'nope.py'} does not exist")
    assert len(result.stderr.splitlines()) == 1


def test_a_broken_settings_file_is_one_line_with_its_line(tmp_path: Path) -> None:
    settings = tmp_path / "pelicanconf.py"
    settings.write_text('SITENAME = "x"\nTHEME = (\n')
    result = _build("-s", str(settings), "-i", str(MINI), "-o", str(tmp_path / "output"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"build failed: {settings}:2: the settings file fails: SyntaxError")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("value", ['"two"', "-1", "True", "1.5"])
def test_a_count_that_is_not_a_whole_number_is_named_with_its_line(tmp_path: Path, value: str) -> None:
    settings = tmp_path / "pelicanconf.py"
    plugin = f"PLUGIN_PATHS = [{str(ROOT)!r}]"
    lines = ['SITENAME = "x"', plugin, 'PLUGINS = ["timeline"]', f"TIMELINE_WORKERS = {value}"]
    settings.write_text("\n".join(lines) + "\n")
    result = _build("-s", str(settings), "-i", str(MINI), "-o", str(tmp_path / "output"))
    assert (result.returncode, result.stderr.split(" — ")[0]) == (
        2,
        f"build failed: {settings}:4: TIMELINE_WORKERS: {eval(value)!r} is not a whole number of at least 0",
    )


def test_publishing_needs_a_web_address(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "build", "--publish", "--no-search", "-s", str(ROOT / "publishconf.py"),
         "-i", str(MINI), "-o", str(tmp_path / "output")],
        cwd=ROOT, env={**ENV, "SITEURL": "timeline.example.org"}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("build failed: SITEURL is 'timeline.example.org', not a web address")
    assert not (tmp_path / "output").exists()


def test_ctrl_c_is_one_line_and_the_site_stays(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate(300, content)
    output = tmp_path / "output"
    assert _build("-s", str(SETTINGS), "-i", str(content), "-o", str(output)).returncode == 0
    published = {p: p.read_bytes() for p in sorted(output.resolve().rglob("*")) if p.is_file()}
    building = subprocess.Popen(
        [sys.executable, "-m", "timeline", "build", "--no-search", "-s", str(SETTINGS), "-i", str(content),
         "-o", str(output)],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        # as from a terminal: a test runner's worker may ignore SIGINT, and a child would inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    started = tmp_path / ".output.b" / ".timeline-build"  # the build has begun its folder
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(building.pid, signal.SIGINT)
    _, stderr = building.communicate(timeout=60)
    assert (building.returncode, stderr) == (130, f"build interrupted; {output} was left as it was\n")
    assert {p: p.read_bytes() for p in sorted(output.resolve().rglob("*")) if p.is_file()} == published
