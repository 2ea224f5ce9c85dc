"""Other Pelican plugins see the timeline's pages (Pelican citizenship).

The timeline writes its pages itself, so it announces each one, written or left
as it was, with Pelican's ``content_written`` signal. pelican-sitemap (from PyPI,
pinned in requirements-dev.txt) collects the pages it is told about and writes
``sitemap.txt`` at the end: if every page of ours is in it, other plugins that
act on written pages see them too.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from timeline.build import build

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SETTINGS = ROOT / "pelicanconf.py"
WITH_SITEMAP_PLUGIN = {"PLUGINS": ["timeline", "pelican.plugins.sitemap"], "SITEMAP": {"format": "txt"}}


def _our_pages(output: Path) -> list[str]:
    """Every page address our own sitemap.xml lists (all pages but the 404 page)."""
    return sorted(re.findall(r"<loc>([^<]+)</loc>", (output / "sitemap.xml").read_text()))


def test_a_plugin_from_pypi_sees_every_page(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build(SETTINGS, MINI, output, search=False, extra=WITH_SITEMAP_PLUGIN)
    announced = (output / "sitemap.txt").read_text().split()
    pages = [url.replace("http://127.0.0.1:8000", "") for url in _our_pages(output)]
    assert sorted(url for url in announced if not url.endswith("/404.html")) == pages


def test_pages_left_as_they_were_are_announced_too(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output = tmp_path / "output"
    for _ in range(3):  # the third build reuses the first one's folder
        done = build(SETTINGS, content, output, search=False, extra=WITH_SITEMAP_PLUGIN)
    assert done.pages_reused > 0
    announced = (output / "sitemap.txt").read_text().split()
    pages = [url.replace("http://127.0.0.1:8000", "") for url in _our_pages(output)]
    assert sorted(url for url in announced if not url.endswith("/404.html")) == pages
