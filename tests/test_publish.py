"""Publishing that cannot go wrong quietly (issue 16): a real address, no canonical on the 404 page, _headers.

``make publish`` runs ``python -m timeline build --publish -s publishconf.py``: without a
``SITEURL``, or with an example one, it must stop before writing anything, with one line
saying what to set. A published build gives every page a canonical link but the 404 page,
which is served at any missing address.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from timeline.build import InputError, build, check_site_url

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def publish(tmp_path: Path, site_url: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(ENV) if site_url is None else {**ENV, "SITEURL": site_url}
    return subprocess.run(
        [sys.executable, "-m", "timeline", "build", "--publish", "--no-search", "-s", str(ROOT / "publishconf.py"),
         "-i", str(MINI), "-o", str(tmp_path / "output")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_publishing_without_siteurl_is_refused(tmp_path):
    result = publish(tmp_path, None)
    assert result.returncode == 2
    assert result.stderr.startswith("build failed: SITEURL is not set — publishing needs the site's full address")
    assert not (tmp_path / "output").exists()


def test_publishing_to_an_example_address_is_refused(tmp_path):
    result = publish(tmp_path, "https://nk-timeline.example.org")
    assert result.returncode == 2
    assert result.stderr.startswith("build failed: SITEURL is 'https://nk-timeline.example.org', an example address")
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("address", ["https://example.com", "http://a.b.example.net/", "https://EXAMPLE.ORG."])
def test_every_example_domain_is_refused(address):
    with pytest.raises(InputError, match="an example address"):
        check_site_url(address)


@pytest.mark.parametrize("address", ["https://myexample.org", "https://example.org.am", "https://timeline.am/"])
def test_real_addresses_are_accepted(address):
    check_site_url(address)  # raises nothing


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "out"
    build(ROOT / "publishconf.py", MINI, out, search=False, extra={"SITEURL": "https://timeline.test"})
    return out


def canonicals(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [link["href"] for link in soup.find_all("link", rel="canonical")]


def test_the_404_page_has_no_canonical_link(published):
    assert canonicals(published / "404.html") == []


def test_other_pages_have_their_canonical_link(published):
    assert canonicals(published / "events" / "day-only" / "index.html") == ["https://timeline.test/events/day-only/"]


def test_headers_say_whose_syntax_they_are(published):
    text = (published / "_headers").read_text(encoding="utf-8")
    assert text.startswith("# Security headers in Cloudflare Pages' _headers syntax")
    assert "  ! Content-Security-Policy\n" in text
