"""What a link to any page shows when it is shared, or found: title, description, picture.

This site (``content/``) is built (without the search index) and every page read with
BeautifulSoup, as a link preview or a search engine reads its ``<head>``: a title of at most
70 characters and a description of at most 160, each unique across the site; Open Graph
``og:type``, ``og:site_name``, ``og:title``/``og:description`` as the page's own, ``og:image``
an absolute address of a PNG the build publishes (1200 × 630, read from its header);
``twitter:card``.
"""

from __future__ import annotations

import struct
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from timeline.build import build
from timeline.pagedata import DESCRIPTION_LIMIT, TITLE_LIMIT, page_title, shorten
from timeline.routes import route

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
SITE = "Nagorno-Karabakh: a diplomatic timeline"  # pelicanconf.py's SITENAME


@pytest.fixture(scope="module")
def heads(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, BeautifulSoup]]:
    """The built site and every page's ``<head>``, by its path in the output."""
    out = tmp_path_factory.mktemp("site") / "out"
    build(SETTINGS, ROOT / "content", out, search=False)
    pages = {
        page.relative_to(out).as_posix(): BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        for page in sorted(out.rglob("*.html"))
    }
    assert len(pages) > 300, "the site should have hundreds of pages"
    return out, pages


def meta(head: BeautifulSoup, key: str) -> str:
    found = head.find_all("meta", attrs={"property": key}) or head.find_all("meta", attrs={"name": key})
    assert len(found) == 1, f"{len(found)} <meta> {key}"
    return found[0]["content"]


def test_every_title_and_description_fits_and_is_unique(heads):
    _, pages = heads
    titles, descriptions = defaultdict(list), defaultdict(list)
    for path, head in pages.items():
        title, description = head.title.get_text(), meta(head, "description")
        assert 0 < len(title) <= TITLE_LIMIT, f"{path}: {len(title)} characters: {title}"
        assert 0 < len(description) <= DESCRIPTION_LIMIT, f"{path}: {len(description)} characters: {description}"
        titles[title].append(path)
        descriptions[description].append(path)
    assert not {t: p for t, p in titles.items() if len(p) > 1}, "titles shared by pages"
    assert not {d: p for d, p in descriptions.items() if len(p) > 1}, "descriptions shared by pages"


def test_every_page_has_open_graph_and_twitter_card(heads):
    _, pages = heads
    for path, head in pages.items():
        assert meta(head, "og:title") == head.title.get_text(), path
        assert meta(head, "og:description") == meta(head, "description"), path
        assert meta(head, "og:site_name") == SITE, path
        expected_type = "article" if path.startswith("events/") else "website"
        assert meta(head, "og:type") == expected_type, path
        assert meta(head, "twitter:card") == "summary_large_image", path
        assert meta(head, "og:image:alt"), path


def test_the_share_image_is_a_published_png_at_an_absolute_address(heads):
    out, pages = heads
    addresses = {meta(head, "og:image") for head in pages.values()}
    assert len(addresses) == 1
    address = urlsplit(addresses.pop())
    assert address.scheme in ("http", "https") and address.netloc, "og:image must be absolute"
    assert address.path == "/" + route("share_image")
    data = (out / route("share_image")).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG (most previews read no SVG)"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    head = next(iter(pages.values()))
    assert (width, height) == (int(meta(head, "og:image:width")), int(meta(head, "og:image:height"))) == (1200, 630)
    assert len(data) < 300_000, "a preview picture should be light"


def test_a_long_title_loses_the_site_name_before_its_own_words():
    long_own = "Foreign ministers hold three days of talks with co-chairs in Geneva"  # 67 characters
    assert page_title(f"{long_own} — {SITE}", SITE, "Karabakh timeline") == long_own
    mid = "Aliyev and Sargsyan meet in Vienna after almost two years"
    assert page_title(f"{mid} — {SITE}", SITE, "NK") == f"{mid} — NK"
    assert page_title(f"Years — {SITE}", SITE, "NK") == f"Years — {SITE}"


def test_a_shortened_title_keeps_the_parenthesis_that_tells_it_apart():
    head = "Statement of the heads of delegation of the co-chair countries"
    one = page_title(f"{head} (Vienna, 7 December 2017) — {SITE}", SITE)
    two = page_title(f"{head} (Bratislava, December 2019) — {SITE}", SITE)
    assert one != two and one.endswith("(Vienna, 7 December 2017)") and len(one) <= TITLE_LIMIT


def test_shortening_cuts_at_a_word():
    assert shorten("one two three", 9) == "one two…"
    assert shorten("  one   two ", 20) == "one two"
