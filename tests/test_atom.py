"""Every Atom feed is valid by RFC 4287: its RELAX NG grammar and its two Schematron rules.

``tests/schemas/atom.rng`` is the grammar of RFC 4287's Appendix B (``atom.rnc`` beside
it, converted to RELAX NG's XML syntax); lxml's RelaxNG (libxml2) checks each feed
against it. The RFC's two rules that the grammar only annotates (every entry has an
author, its own or its feed's; every entry has an alternate link or content) are
checked with the XPath the RFC gives. A feedparser check alone would accept a feed
without author, ids or ``updated``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from timeline.build import build

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
MINI = ROOT / "tests" / "fixtures" / "mini"
SCHEMAS = ROOT / "tests" / "schemas"
NS = {"atom": "http://www.w3.org/2005/Atom"}
# RFC 4287 Appendix B, the s:rule annotations of atomFeed and atomEntry
RULES = {
    "atom:feed": ["atom:author or not(atom:entry[not(atom:author)])"],
    "atom:entry": [
        "atom:link[@rel='alternate'] or atom:link[not(@rel)] or atom:content",
        "atom:author or ../atom:author or atom:source/atom:author",
    ],
}


@pytest.fixture(scope="module")
def grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("atom") / "out"
    build(SETTINGS, MINI, out, search=False)
    found = sorted((out / "feeds").rglob("*.atom.xml"))
    assert len(found) == 2, found  # all events, and the fixture's one thread
    return found


def broken_rules(document: etree._ElementTree) -> list[str]:
    return [
        f"{context} #{position}: {test}"
        for context, tests in RULES.items()
        for position, node in enumerate(document.xpath(f"//{context}", namespaces=NS))
        for test in tests
        if not node.xpath(f"boolean({test})", namespaces=NS)
    ]


def test_every_feed_follows_the_rfc_grammar(grammar, feeds):
    for path in feeds:
        assert grammar.validate(etree.parse(str(path))), f"{path.name}: {grammar.error_log}"


def test_every_feed_follows_the_rfc_rules(feeds):
    for path in feeds:
        assert broken_rules(etree.parse(str(path))) == [], path.name


def test_the_feed_author_is_the_site_name(feeds):
    for path in feeds:
        names = etree.parse(str(path)).xpath("/atom:feed/atom:author/atom:name/text()", namespaces=NS)
        assert names == ["Nagorno-Karabakh: a diplomatic timeline"], path.name


def test_the_grammar_rejects_a_feed_without_id(grammar):
    feed = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><updated>2020-01-01T00:00:00Z</updated></feed>'
    assert not grammar.validate(etree.fromstring(feed))


def test_the_rules_reject_an_entry_without_author():
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id>'
        b"<updated>2020-01-01T00:00:00Z</updated><entry><title>E</title><id>urn:e</id>"
        b'<updated>2020-01-01T00:00:00Z</updated><link href="http://x/"/></entry></feed>'
    )
    assert broken_rules(etree.ElementTree(etree.fromstring(feed))) == [
        "atom:feed #0: atom:author or not(atom:entry[not(atom:author)])",
        "atom:entry #0: atom:author or ../atom:author or atom:source/atom:author",
    ]


def test_entry_ids_are_the_events_permanent_addresses(feeds):
    for path in feeds:
        document = etree.parse(str(path))
        for entry in document.xpath("//atom:entry", namespaces=NS):
            link = entry.xpath("atom:link[@rel='alternate']/@href", namespaces=NS)
            assert entry.xpath("atom:id/text()", namespaces=NS) == link, path.name
