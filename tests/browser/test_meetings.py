"""/meetings/ in Chromium: every meeting a row that links to its event, filters that work and live in the URL,
sorting, and the whole table without JavaScript."""

from __future__ import annotations

import pytest

from timeline import model

from .helpers import open_page

pytestmark = pytest.mark.browser

ROWS = "#meetings-table tbody tr"


def meeting_events(site: model.Site) -> list[model.Event]:
    events = [event for event in site.events if event.meeting_format]
    assert events, "the content declares no meeting (format:)"
    return events


def test_every_meeting_is_a_row_linking_to_its_event(page, base_url, site):
    open_page(page, base_url, "/meetings/")
    links = page.locator(f"{ROWS} td:first-child a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["/" + event.url for event in meeting_events(site)]


def test_filtering_by_participant_shows_only_their_meetings_and_keeps_it_in_the_address(page, base_url, site):
    events = meeting_events(site)
    counts: dict[str, int] = {}
    for event in events:
        for participant in event.participants:
            counts[participant.actor.slug] = counts.get(participant.actor.slug, 0) + 1
    assert counts, "no meeting names its participants"
    slug = max(counts, key=lambda s: (0 < counts[s] < len(events), counts[s]))
    open_page(page, base_url, "/meetings/")
    page.select_option("#filter-participant", slug)
    assert page.locator(f"{ROWS}:not([hidden])").count() == counts[slug]
    assert page.url.endswith(f"/meetings/?participant={slug}")
    page.reload()
    assert page.locator(f"{ROWS}:not([hidden])").count() == counts[slug]


def test_filtering_by_format(page, base_url, site):
    events = meeting_events(site)
    summits = sum(1 for event in events if event.meeting_format == "summit")
    assert summits, "no meeting is a summit"
    open_page(page, base_url, "/meetings/?format=summit")
    assert page.locator(f"{ROWS}:not([hidden])").count() == summits


def test_sorting_by_venue_and_back_by_date(page, base_url, site):
    open_page(page, base_url, "/meetings/")
    page.click("th:nth-child(3) button.sort")
    venues = [v.strip().lower() for v in page.locator(f"{ROWS} td:nth-child(3)").all_inner_texts()]
    assert venues == sorted(venues)
    page.click("th:nth-child(1) button.sort")
    links = page.locator(f"{ROWS} td:first-child a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["/" + event.url for event in meeting_events(site)]


def test_without_javascript_every_meeting_shows_and_the_filters_stay_hidden(browser, base_url, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "/meetings/")
        assert page.locator(f"{ROWS}:visible").count() == len(meeting_events(site))
        assert not page.locator("#meeting-filters").is_visible()
    finally:
        context.close()
