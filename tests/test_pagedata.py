"""The ready-made values of event pages: the lead that is not read twice, quotes joined, tag links."""

from __future__ import annotations

from pathlib import Path

from timeline import model
from timeline.pagedata import event_lead, joined_quotes, tag_links


def event(summary: str, body_html: str) -> model.Event:
    found = model.Event("event", "e", Path("events/e.md"))
    found.summary, found.body_html = summary, body_html
    return found


def test_the_summary_is_the_lead_unless_the_body_opens_with_it():
    summary = "The presidents met in Kazan."
    assert event_lead(event(summary, "<p>Something else first.</p>")) == summary
    repeated = (
        '<p>The presidents <a href="/x/">met</a> in Kazan<sup class="citation"><a href="#source-1">1</a></sup>.</p>'
    )
    assert event_lead(event(summary, repeated)) == ""
    assert (
        event_lead(event(summary, "<p>Later, the presidents met in Kazan.</p><p>The presidents met in Kazan.</p>"))
        == summary
    )
    assert event_lead(event("", "<p>x</p>")) == ""


def quote(speaker: str, text: str, source: str = "https://a.example/1", translated: bool = False) -> model.Quote:
    return model.Quote(speaker, text, source, translated)


def test_consecutive_parts_of_one_passage_are_joined_with_an_ellipsis():
    quotes = [
        quote("lavrov", "First part,"),
        quote("lavrov", "second part."),
        quote("aliyev", "Another speaker."),
        quote("lavrov", "Lavrov again."),
        quote("lavrov", "Other source.", source="https://b.example/2"),
    ]
    assert [(q.speaker_slug, q.text) for q in joined_quotes(quotes)] == [
        ("lavrov", "First part … second part."),
        ("aliyev", "Another speaker."),
        ("lavrov", "Lavrov again."),
        ("lavrov", "Other source."),
    ]
    assert [q.text for q in quotes][:2] == ["First part,", "second part."], "the entry's own quotes are unchanged"


def test_a_translated_part_is_not_joined_to_an_original_one():
    assert len(joined_quotes([quote("a", "One."), quote("a", "Two.", translated=True)])) == 2


def test_tags_link_to_the_filtered_index():
    found = event("", "")
    found.tags = ["Minsk Group", "summit"]
    assert tag_links(found) == [("Minsk Group", "?tag=minsk-group"), ("summit", "?tag=summit")]


def test_tags_link_nowhere_when_the_index_cannot_filter():
    found = event("", "")
    found.tags = ["Minsk Group", "summit"]
    assert tag_links(found, filterable=False) == [("Minsk Group", ""), ("summit", "")]
