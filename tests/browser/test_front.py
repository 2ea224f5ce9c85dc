"""The front page in Chromium: it says what the site is, where to start, and its filters count honestly."""

from __future__ import annotations

import pytest

from timeline import model

from .helpers import open_page, settle

pytestmark = pytest.mark.browser


def test_the_heading_says_what_this_is_not_the_sites_name(page, base_url, site):
    open_page(page, base_url, "/")
    heading = page.locator("h1").inner_text().strip()
    assert heading == site.pages["home"].title
    assert heading != page.locator(".site-name").inner_text().strip()


def test_start_here_lists_every_key_moment_in_time_order(page, base_url, site):
    open_page(page, base_url, "/")
    links = page.locator(".start-here a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["/" + event.url for event in site.events if event.key_moment]
    assert len(links) >= 5


def test_on_a_phone_the_filters_stay_folded_so_the_events_follow_closely(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        settle(page, "index")
        filters = page.locator("#filters").bounding_box()
        first_event = page.locator("article.event-item").first.bounding_box()
        assert filters is not None and first_event is not None
        assert filters["height"] < 120, "the filters are open on a phone"
    finally:
        context.close()


def _actor_with_events_in_two_threads(site: model.Site) -> tuple[str, str, str]:
    """An actor, a thread where they appear and one where they do not (for an empty combination)."""
    for actor in sorted(site.actors.values(), key=lambda a: -len(a.events)):
        threads = {thread.slug for event in actor.events for thread in event.threads}
        absent = [t for t in site.threads if t not in threads and site.threads[t].events]
        if threads and absent:
            return actor.slug, sorted(threads)[0], absent[0]
    raise AssertionError("no actor is absent from some thread")


def test_counts_follow_the_other_filters(page, base_url, site):
    actor, thread, _ = _actor_with_events_in_two_threads(site)
    open_page(page, base_url, f"/?thread={thread}")
    settle(page, "index")
    expected = sum(
        1
        for event in site.events
        if thread in {t.slug for t in event.threads}
        and actor in {a.slug for a in event.actors} | {p.actor.slug for p in event.participants}
    )
    text = page.locator(f"#filter-actor option[value='{actor}']").inner_text()
    assert text.endswith(f"({expected})"), text


def test_a_combination_that_matches_nothing_says_what_to_remove(page, base_url, site):
    actor, _, absent_thread = _actor_with_events_in_two_threads(site)
    open_page(page, base_url, f"/?actor={actor}&thread={absent_thread}")
    settle(page, "index")
    status = page.locator("#filter-status").inner_text()
    assert status.startswith("No event matches all of these filters. Remove one of them: actor “")
    assert page.locator("article.event-item:visible").count() == 0
