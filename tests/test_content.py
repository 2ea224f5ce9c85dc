"""The site's own content: complete, sourced, cross-linked and in the site's own neutral voice.

Checked against the shared research notes: the anchor periods, the key dates, the
nine quotes of the April 2020 report, the threads readers follow, and the naming
rule (other names only inside quotation marks).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
