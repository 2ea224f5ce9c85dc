"""Session fixtures for the browser tests: one built site, one local server, one Chromium.

Each xdist worker builds its own copy of ``content/`` (about a second) into a
temporary folder, serves it on a free port of 127.0.0.1 with real
``Content-Security-Policy`` headers, and drives Debian's chromium through
Playwright's sync API. ``TIMELINE_TEST_CONTENT`` may point at another content
folder (for instance ``tests/fixtures/mini``) while ``content/`` is being written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline import model
from timeline.site import load_site

from .helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, SiteServer, Watch

CONTENT = Path(os.environ.get("TIMELINE_TEST_CONTENT", ROOT / "content"))
if not CONTENT.is_absolute():
    CONTENT = ROOT / CONTENT
SETTINGS = ROOT / "pelicanconf.py"


@pytest.fixture(scope="session")
def site() -> model.Site:
    """The content as the engine reads it: what the pages must show."""
    loaded, _ = load_site(CONTENT)
    return loaded


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``content/`` built once per worker with the real command (Pagefind included)."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "build", "-s", str(SETTINGS), "-i", str(CONTENT), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[SiteServer]:
    """The built site on http://127.0.0.1:PORT, with CSP headers and a 404 page."""
    with SiteServer(site_dir, csp=True) as running:
        yield running


@pytest.fixture(scope="session")
def base_url(server: SiteServer) -> str:
    return server.url


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(context, watch: Watch):
    """A fresh tab whose console messages, errors and requests are recorded in ``watch``."""
    page = context.new_page()
    watch.attach(page)
    yield page
    page.close()
