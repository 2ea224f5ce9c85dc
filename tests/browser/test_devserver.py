"""``make devserver`` as a contributor uses it: save, see the change; break, see the error."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from timeline.devserver import QUICK_NOTE
from timeline.output import BuildLock

from .helpers import ROOT

pytestmark = pytest.mark.browser

MINI = ROOT / "tests" / "fixtures" / "mini"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def devserver(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "timeline", "devserver", "-s", str(ROOT / "pelicanconf.py"), "-i", str(content),
         "-o", str(tmp_path / "output"), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"the dev server did not start:\n{process.stdout.read() if process.stdout else ''}")
    yield f"http://127.0.0.1:{port}", content
    process.terminate()
    process.wait(timeout=10)


def test_saving_reloads_the_page_and_errors_show_until_fixed(devserver, page) -> None:
    url, content = devserver
    entry = content / "events" / "day-only.md"
    page.goto(f"{url}/events/day-only/")
    assert page.locator("h1").inner_text() == "A day event"

    entry.write_text(entry.read_text().replace('title: "A day event"', 'title: "A renamed event"'))
    expect(page.locator("h1")).to_have_text("A renamed event", timeout=30_000)

    entry.write_text(entry.read_text().replace("date: 2019-11-11", "date: 2019-02-30"))
    overlay = page.locator("#devserver-errors")
    overlay.wait_for(timeout=30_000)
    assert "day-only.md:3: date: day 30 in '2019-02-30' does not exist" in overlay.inner_text()
    assert page.locator("h1").inner_text() == "A renamed event"  # the last good page is still served

    entry.write_text(entry.read_text().replace("date: 2019-02-30", "date: 2019-11-12"))
    expect(page.locator("header time")).to_have_attribute("datetime", "2019-11-12", timeout=30_000)
    assert page.locator("#devserver-errors").count() == 0


def test_only_the_dev_server_adds_the_reload_script(devserver) -> None:
    url, content = devserver
    with urllib.request.urlopen(f"{url}/") as response:
        assert '<script src="/__dev/reload.js"></script></body>' in response.read().decode()
    assert "__dev/reload.js" not in (content.parent / "output" / "index.html").read_text()


def test_a_text_edit_shows_at_once_and_says_search_catches_up(devserver, page) -> None:
    url, content = devserver
    entry = content / "events" / "day-only.md"
    page.goto(f"{url}/events/day-only/")
    page.locator("h1").wait_for()
    deadline = time.monotonic() + 30  # the dev server loads its preview of the site after the first build
    while not json.loads(urllib.request.urlopen(f"{url}/__dev/state").read())["preview"]:
        assert time.monotonic() < deadline, "the quick preview was never ready"
        time.sleep(0.1)
    # hold the output's build lock, as a long build would: the full build behind the save waits for it
    with BuildLock(content.parent / "output"):
        entry.write_text(entry.read_text() + "\nA sentence typed just now.\n")
        expect(page.locator(".body")).to_contain_text("A sentence typed just now.", timeout=30_000)
        note = page.locator("#devserver-note")
        expect(note).to_have_text(QUICK_NOTE, timeout=10_000)
    expect(note).to_have_count(0, timeout=30_000)  # the full build is done: the note goes
    expect(page.locator(".body")).to_contain_text("A sentence typed just now.")
