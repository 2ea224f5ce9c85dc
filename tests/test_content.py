"""The site's own content: complete, sourced, cross-linked and in the site's own neutral voice.

Checked against the shared research notes: the anchor periods, the key dates, the
nine quotes of the April 2020 report, the threads readers follow, and the naming
rule (other names only inside quotation marks).
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from timeline.build import build
from timeline.site import load_site

CONTENT = Path(__file__).resolve().parent.parent / "content"
CONTESTED_NAMES = re.compile(r"Artsakh|occupied territor|liberated territor|Khankendi", re.I)


@pytest.fixture(scope="module")
def loaded():
    return load_site(CONTENT)


@pytest.fixture(scope="module")
def site(loaded):
    return loaded[0]


def test_content_builds_with_no_warning(loaded) -> None:
    _, report = loaded
    assert [str(w) for w in report.warnings] == []


@pytest.mark.parametrize(
    "period", ["1992", "1993", "1994", "2007", "2008", "2010", "2011", "2014", "2016", "2019-04", "2019-11", "2020-04"]
)
def test_every_anchor_period_has_events(site, period: str) -> None:
    assert any(event.date.start.iso.startswith(period) for event in site.events), period


@pytest.mark.parametrize(
    ("slug", "edtf"),
    [
        ("madrid-principles-presented-2007", "2007-11-29"),
        ("moscow-declaration-2008", "2008-11-02"),
        ("kazan-summit-2011", "2011-06-24"),
        ("kazan-document-drafting", "2010/2011"),
        ("vienna-summit-2019", "2019-03-29"),
        ("moscow-ministerial-2019", "2019-04-15"),
        ("lavrov-yerevan-visit-2019", "2019-11-10/2019-11-11"),
        ("co-chair-calls-2020", "2020-04-20"),
        ("lavrov-gorchakov-remarks-2020", "2020-04-21"),
        ("mnatsakanyan-reply-2020", "2020-04-21"),
        ("spokespersons-statements-2020", "2020-04-22/2020-04-23"),
    ],
)
def test_key_dates_match_the_research_notes(site, slug: str, edtf: str) -> None:
    events = {event.slug: event for event in site.events}
    assert events[slug].date.edtf == edtf


def test_every_event_cites_a_source_and_positions_cite_two_publishers(site) -> None:
    for event in site.events:
        assert event.sources, event.slug
        if event.quotes:
            assert len({source.publisher for source in event.sources}) >= 2, event.slug


def test_the_nine_quotes_of_the_april_2020_report(site) -> None:
    quotes = [q for e in site.events if e.date.start.iso.startswith("2020-04") for q in e.quotes]
    speakers = [q.speaker_slug for q in quotes]
    assert (speakers.count("sergey-lavrov"), speakers.count("zohrab-mnatsakanyan")) == (4, 5)
    assert all(q.translated and "asbarez.org" in q.source_url for q in quotes)
    assert any("to the the [sic] public" in q.text for q in quotes)
    lavrov = next(a for a in site.actors.values() if a.slug == "sergey-lavrov")
    assert len([q for q in lavrov.quotes if q.event.date.start.iso.startswith("2020-04")]) == 4


def test_the_reply_responds_to_the_remarks(site) -> None:
    events = {event.slug: event for event in site.events}
    reply = events["mnatsakanyan-reply-2020"]
    assert ("responds-to", "lavrov-gorchakov-remarks-2020") in [(r.type, r.other.slug) for r in reply.relations]
    remarks = events["lavrov-gorchakov-remarks-2020"]
    assert ("Answered by", "mnatsakanyan-reply-2020") in [(r.words, r.other.slug) for r in remarks.relations]


@pytest.mark.parametrize(
    "thread", ["basic-principles", "russian-hosted-summits", "phased-versus-package", "escalations-and-ceasefires"]
)
def test_required_threads_run_through_several_events(site, thread: str) -> None:
    events = site.threads[thread].events
    assert len(events) >= 4
    assert [e.sort_key for e in events] == sorted(e.sort_key for e in events)


def test_own_voice_uses_other_names_only_in_quotation_marks(site) -> None:
    """Titles and summaries are the site's voice: a contested name there must be quoted."""
    for event in site.events:
        for text in (event.title, event.summary):
            unquoted = re.sub(r'"[^"]*"|“[^”]*”', "", text)
            assert not CONTESTED_NAMES.search(unquoted), (event.slug, text)


def test_contested_documents_say_so(site) -> None:
    assert site.documents["kazan-document"].status == "unpublished"
    assert site.documents["lavrov-plan"].status == "contested"


def test_about_and_editorial_policy_exist(site) -> None:
    assert {"about", "editorial-policy"} <= set(site.pages)
    assert "[sic]" in site.pages["editorial-policy"].body_markdown


# ---------------------------------------------------------------------------
# Issue 13: content that stands beside the best references.
# Each test below checks one "Done when" item of issue 13, collects every
# offender (file and what is wrong) and asserts that the list is empty.
# ---------------------------------------------------------------------------

ROOT = CONTENT.parent
FIRST_YEAR, LAST_YEAR = 1992, 2020
MIN_EVENTS = 70

# Wikipedia and the sites that copy it, plus the mirror hosts the research notes
# name as mirrors (primidi.com, everything.explained.today: Wikipedia copies;
# shhada.ir: an OSCE press release copy; knyzew.asia: a Transitions Online copy;
# wikileaks.jcvignoli.com: a cable mirror). A host is banned when it is one of
# these domains or a subdomain of one (en.m.wikipedia.org, hy.wikipedia.org…).
BANNED_DOMAINS = (
    "wikipedia.org",
    "wikimili.com",
    "wikiwand.com",
    "everybodywiki.com",
    "dbpedia.org",
    "wiki2.org",
    "wikizero.com",
    "primidi.com",
    "explained.today",
    "shhada.ir",
    "knyzew.asia",
    "jcvignoli.com",
)
# Where an ``archived:`` copy may live: the Wayback Machine, archive.today (under
# all its names) and WebCite.
ARCHIVE_DOMAINS = (
    "web.archive.org",
    "wayback.archive.org",
    "archive.today",
    "archive.ph",
    "archive.is",
    "archive.li",
    "archive.vn",
    "archive.fo",
    "archive.md",
    "webcitation.org",
)
NEUTRAL_SIDES = {"neutral", "mediator"}  # "mediator": the OSCE, bound to impartiality between the parties
ARMENIAN_OFFICIAL = re.compile(r"\bof (?:Armenia|Nagorno-Karabakh)\b|\bArmenian Foreign Ministry\b")
AZERBAIJANI_OFFICIAL = re.compile(r"\bof Azerbaijan\b|\bAzerbaijani (?:Foreign Ministry|Presidential Administration)\b")
RESEARCH_LANGUAGE = re.compile(
    r"research behind|research notes|not verified (?:here|for this site|by this site)"
    r"|partly[\s-]verified|unverified|facts-gaps|facts\.md",
    re.I,
)
# The entities issue 13 names, by kind: their names in Armenian, Azerbaijani and Russian.
NAMED_IN_EVERY_SCRIPT = {
    "actor": [
        "armenia",
        "azerbaijan",
        "russia",
        "ilham-aliyev",
        "nikol-pashinyan",
        "serzh-sargsyan",
        "robert-kocharyan",
        "heydar-aliyev",
        "levon-ter-petrosyan",
        "sergey-lavrov",
    ],
    "place": ["nagorno-karabakh", "stepanakert", "shusha", "lachin", "kalbajar"],
}
SCRIPT_OF_LANGUAGE = {"hy": "Armenian", "az": "Latin", "ru": "Cyrillic"}


def _host(address: str) -> str:
    return (urlsplit(address).hostname or "").rstrip(".").lower()


def _on(host: str, domains: tuple[str, ...]) -> str | None:
    """The domain of ``domains`` that ``host`` is or lies under, if any."""
    return next((d for d in domains if host == d or host.endswith("." + d)), None)


def _party(actor) -> str | None:
    """Whose official position a speaker states: "Armenian", "Azerbaijani" or None.

    The states Armenia and Azerbaijan; the Karabakh Armenians' de-facto authority
    (Armenian); a person whose role makes them an official of one party: "… of
    Armenia", "… of Nagorno-Karabakh", "… of the Armenian Foreign Ministry" (and the
    same for Azerbaijan, with its Presidential Administration). Journalists,
    ambassadors *to* a party and mediators state no party's position.
    """
    if actor is None:
        return None
    if actor.slug in ("armenia", "nagorno-karabakh-republic") or actor.actor_kind == "de-facto authority":
        return "Armenian"
    if actor.slug == "azerbaijan":
        return "Azerbaijani"
    if actor.actor_kind == "person" and ARMENIAN_OFFICIAL.search(actor.role):
        return "Armenian"
    if actor.actor_kind == "person" and AZERBAIJANI_OFFICIAL.search(actor.role):
        return "Azerbaijani"
    return None


def _speaks_for(source, party: str) -> bool:
    """A source may carry ``party``'s position: its publisher is of that side or neutral."""
    side = source.outlet.side if source.outlet else ""
    return side.startswith(party) or side in NEUTRAL_SIDES


def _in_script(text: str, script: str) -> bool:
    """Every letter of ``text`` is of ``script`` (Unicode character names), and there is one."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith(script.upper() + " ") for c in letters)


class _Text(HTMLParser):
    """The text a reader sees on a page (not scripts or styles), plus titles, alt texts and meta descriptions."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        shown = ("title", "alt", "aria-label", "content") if tag == "meta" else ("title", "alt", "aria-label")
        self.parts += [value or "" for name, value in attrs if name in shown]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The whole site, built once (without the search index) into a temporary folder."""
    output = tmp_path_factory.mktemp("site") / "out"
    build(ROOT / "pelicanconf.py", CONTENT, output, search=False)
    return output.resolve()


def test_every_year_from_1992_to_2020_has_an_event(site) -> None:
    """An event counts in every year its date touches (``2010/2011`` counts in both)."""
    covered = {year for event in site.events for year in event.date.years}
    missing = [year for year in range(FIRST_YEAR, LAST_YEAR + 1) if year not in covered]
    assert missing == [], f"no event in content/events/ falls in {missing}"


def test_at_least_seventy_events(site) -> None:
    assert len(site.events) >= MIN_EVENTS, f"content/events/ holds {len(site.events)} events, fewer than {MIN_EVENTS}"


def test_every_event_has_two_sources_from_two_publishers(site) -> None:
    offenders = []
    for event in site.events:
        publishers = {source.publisher_name for source in event.sources}
        if len(event.sources) < 2 or len(publishers) < 2:
            offenders.append(f"{event.path}: {len(event.sources)} source(s) from {sorted(publishers)}")
    assert not offenders, "\n" + "\n".join(offenders)


def test_no_source_on_a_banned_domain(site) -> None:
    """No source, archived copy or document link on Wikipedia, a Wikipedia copy or a named mirror."""
    offenders = []
    for event in site.events:
        for source in event.sources:
            for key, address in (("url", source.url), ("archived", source.archived)):
                domain = _on(_host(address or ""), BANNED_DOMAINS)
                if domain:
                    offenders.append(f"{event.path}: source '{source.title}' {key} {address} is on {domain}")
    for document in site.documents.values():
        domain = _on(_host(document.link or ""), BANNED_DOMAINS)
        if domain:
            offenders.append(f"{document.path}: url {document.link} is on {domain}")
    assert not offenders, "\n" + "\n".join(offenders)


def test_archived_copies_are_on_a_web_archive(site) -> None:
    """An ``archived:`` address must be a copy on a real archive host, not the page itself or a mirror."""
    offenders = [
        f"{event.path}: source '{source.title}' archived {source.archived} is not on a web archive"
        for event in site.events
        for source in event.sources
        if source.archived and not _on(_host(source.archived), ARCHIVE_DOMAINS)
    ]
    assert not offenders, "\n" + "\n".join(offenders)


def test_every_source_names_a_declared_publisher(site) -> None:
    offenders = [
        f"{event.path}: source '{source.title}' names publisher '{source.publisher}', not in content/publishers/"
        for event in site.events
        for source in event.sources
        if source.outlet is None
    ]
    assert not offenders, "\n" + "\n".join(offenders)


def test_every_publisher_has_a_side_and_a_kind(site) -> None:
    """Readers see "<side> <kind>" next to every citation: both must be given (side may be "neutral")."""
    offenders = []
    for publisher in site.publishers.values():
        given = {"side": publisher.side, "kind": publisher.publisher_kind}
        missing = [key for key, value in given.items() if not value.strip()]
        if missing:
            offenders.append(f"{publisher.path}: {' and '.join(missing)} not given")
    assert not offenders, "\n" + "\n".join(offenders)


def test_events_stating_both_sides_positions_cite_both(site) -> None:
    """An event states a party's position when it quotes one of that party's officials
    (see ``_party``). An event quoting both an Armenian and an Azerbaijani official must
    cite, for each of the two, a publisher whose side starts with that party's name
    ("Armenian", "Armenian state", "Armenian diaspora"…) or a neutral one ("neutral", or
    the OSCE as "mediator") — "each party's position sourced to that party or to a
    neutral outlet quoting it".
    """
    offenders = []
    for event in site.events:
        parties = {_party(quote.speaker) for quote in event.quotes} - {None}
        if parties != {"Armenian", "Azerbaijani"}:
            continue
        for party in sorted(parties):
            if not any(_speaks_for(source, party) for source in event.sources):
                sides = sorted({source.outlet.side for source in event.sources if source.outlet})
                offenders.append(f"{event.path}: quotes the {party} side but cites no {party} or neutral publisher "
                                 f"(sides cited: {sides})")  # fmt: skip
    assert not offenders, "\n" + "\n".join(offenders)


def test_each_partys_quote_comes_from_that_party_or_a_neutral_outlet(site) -> None:
    """The same rule, quote by quote: a quote of an Armenian (Azerbaijani) official is
    taken from a source whose publisher is Armenian (Azerbaijani) or neutral, not from
    the other party's press or a third state's (see ``_party`` and ``_speaks_for``).
    """
    offenders = []
    for event in site.events:
        for quote in event.quotes:
            party = _party(quote.speaker)
            if party and quote.source is not None and not _speaks_for(quote.source, party):
                side = quote.source.outlet.side if quote.source.outlet else "undeclared"
                offenders.append(f"{event.path}: {quote.speaker_slug} ({party}) is quoted from "
                                 f"{quote.source.publisher_name} ({side})")  # fmt: skip
    assert not offenders, "\n" + "\n".join(offenders)


def test_events_of_one_day_carry_distinct_orders_and_are_listed_in_that_order(site) -> None:
    days: dict[str, list] = {}
    for event in site.events:
        if event.date.precision == "day" and not event.date.is_interval:
            days.setdefault(event.date.edtf, []).append(event)
    offenders = []
    for day, events in days.items():
        if len(events) < 2:
            continue
        orders = [event.order for event in events]
        if 0 in orders or len(set(orders)) != len(orders):
            offenders.append(f"{day}: " + ", ".join(f"{e.path} order {e.order or 'missing'}" for e in events))
        elif orders != sorted(orders):
            offenders.append(f"{day}: listed as {[e.slug for e in events]}, against their orders {orders}")
    assert not offenders, "\n" + "\n".join(offenders)


def test_21_april_2020_runs_remarks_reply_videoconference(site) -> None:
    expected = ["lavrov-gorchakov-remarks-2020", "mnatsakanyan-reply-2020", "ministers-videoconference-2020"]
    listed = [event.slug for event in site.events if event.slug in expected]
    assert listed == expected, f"content/events/: 21 April 2020 is listed as {listed}"


def test_no_research_language_in_rendered_pages(built) -> None:
    """Readers are told what sources say, not how the site was researched: no "research
    behind this entry", "not verified here", "partly-verified" tag, "research notes"…"""
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > MIN_EVENTS, f"the build wrote only {len(pages)} HTML pages into {built}"
    offenders = []
    for page in pages:
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        text = " ".join(" ".join(parser.parts).split())
        for match in RESEARCH_LANGUAGE.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 60]
            offenders.append(f"{page.relative_to(built)}: '{match.group()}' in …{context}…")
    assert not offenders, "\n" + "\n".join(offenders)


def test_the_named_entities_have_names_in_armenian_azerbaijani_and_russian(site) -> None:
    offenders = []
    for kind, slugs in NAMED_IN_EVERY_SCRIPT.items():
        for slug in slugs:
            entry = site.entities(kind).get(slug)
            if entry is None:
                offenders.append(f"{kind} '{slug}' does not exist")
                continue
            missing = [language for language in SCRIPT_OF_LANGUAGE if not entry.names.get(language, "").strip()]
            if missing:
                offenders.append(f"{entry.path}: names lacks {', '.join(missing)}")
    assert not offenders, "\n" + "\n".join(offenders)


def test_every_name_is_written_in_its_languages_script(site) -> None:
    """Armenian names in Armenian letters, Russian in Cyrillic, Azerbaijani in Latin
    (ə, ş, ğ… are Latin letters); spaces, hyphens, digits and punctuation do not count."""
    offenders = [
        f"{entry.path}: names.{language} '{name}' is not all in {SCRIPT_OF_LANGUAGE[language]} letters"
        for kind in ("actor", "place", "document")
        for entry in site.entities(kind).values()
        for language, name in entry.names.items()
        if language in SCRIPT_OF_LANGUAGE and not _in_script(name, SCRIPT_OF_LANGUAGE[language])
    ]
    assert not offenders, "\n" + "\n".join(offenders)
