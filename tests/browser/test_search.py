"""Searching with Pagefind's interface on /search/, under the search page's CSP header.

The contract: the page holds ``<div id="search" data-bundle="/pagefind/">`` and
``theme/js/search.js`` starts ``new PagefindUI({element: "#search", showSubResults: false, …})``.
Event pages mark their date with ``data-pagefind-meta="date"``, and a result shows it.
"""

from __future__ import annotations

import functools
import re
import time
from collections import Counter

import pytest

from timeline import model
from timeline.kinds import LISTED

from .helpers import CSP_HEADER_SEARCH, SiteHandler, SiteServer, Watch, open_page

pytestmark = pytest.mark.browser

RESULT = ".pagefind-ui__result"
WORD = re.compile(r"[^\W\d_]{5,}")


def distinctive_word(event: model.Event, site: model.Site) -> str:
    """The word of ``event``'s title that the fewest other events use ("Kazan" if it can)."""
    counts = Counter(
        word.casefold() for other in site.events for word in set(WORD.findall(f"{other.title} {other.summary}"))
    )
    words = WORD.findall(event.title)
    assert words, f"no searchable word in the title of {event.slug}"
    return min(words, key=lambda word: (word.casefold() != "kazan", counts[word.casefold()], -len(word)))


def search_cases(site: model.Site) -> dict[str, model.Event]:
    """An event named after Kazan if there is one, and an event whose date is qualified or an interval."""
    plain = next((e for e in site.events if "kazan" in e.title.casefold()), site.events[0])
    vague = next((e for e in site.events if e.date.qualified or e.date.is_interval), plain)
    return {"distinctive": plain, "vague-date": vague}


def wait_for_result_data(page) -> None:
    """Wait until every listed result shows its page: Pagefind UI lists a result as a placeholder
    (``.pagefind-ui__loading``, no link) first and fills it in when that page's data has loaded."""
    page.wait_for_function("css => !document.querySelector(css + ' .pagefind-ui__loading')", arg=RESULT, timeout=15_000)


def find_result(page, event: model.Event):
    """The result linking to ``event``, loading more results until it shows or none are left."""
    wanted = f"/{event.url}"
    while True:
        wait_for_result_data(page)
        results = page.locator(RESULT)
        for index in range(results.count()):
            result = results.nth(index)
            link = result.locator(".pagefind-ui__result-link").first
            if link.count() and link.get_attribute("href").split("#")[0] == wanted:
                return result
        more = page.locator(".pagefind-ui__button")
        if not more.count() or not more.first.is_visible():
            return None
        shown = results.count()
        more.first.click()
        page.wait_for_function(
            "([css, n]) => document.querySelectorAll(css).length > n", arg=[RESULT, shown], timeout=10_000
        )


def type_query(page, base_url: str, query: str):
    response = open_page(page, base_url, "/search/")
    assert response.headers.get("content-security-policy") == CSP_HEADER_SEARCH
    assert page.locator('#search[data-bundle="/pagefind/"]').count() == 1
    field = page.wait_for_selector("#search input", timeout=10_000)
    field.fill(query)
    page.wait_for_selector(RESULT, timeout=15_000)
    page.wait_for_selector(".pagefind-ui__message", timeout=15_000)


@pytest.mark.parametrize("case", ["distinctive", "vague-date"])
def test_search_finds_the_event_and_shows_its_date(page, base_url, site, case):
    event = search_cases(site)[case]
    query = distinctive_word(event, site)
    type_query(page, base_url, query)
    result = find_result(page, event)
    titles = page.locator(f"{RESULT} .pagefind-ui__result-title").all_inner_texts()
    assert result is not None, f"searching {query!r} does not find /{event.url}; results: {titles}"
    text = " ".join(result.inner_text().split())
    assert event.title in text, f"the result for /{event.url} does not show its title: {text!r}"
    assert event.date.display in text, (
        f"the result for /{event.url} does not show its date {event.date.display!r}: {text!r}"
    )
    result.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_url(f"{base_url}/{event.url}")


class SlowFragments(SiteHandler):
    """Serves each result's data (``/pagefind/fragment/…``) half a second late, like a slow connection."""

    def do_GET(self) -> None:
        if self.path.startswith("/pagefind/fragment/"):
            time.sleep(0.5)
        super().do_GET()


def test_search_finds_the_event_while_result_data_arrives_late(page, site_dir, site):
    """Pagefind lists a result as a placeholder until its data arrives: the event is still found."""
    with SiteServer(site_dir, csp=True) as slow:
        slow.httpd.RequestHandlerClass = functools.partial(SlowFragments, directory=str(site_dir))
        event = search_cases(site)["vague-date"]
        query = distinctive_word(event, site)
        type_query(page, slow.url, query)
        assert find_result(page, event) is not None, f"searching {query!r} does not find /{event.url}"


def test_search_from_the_address(page, base_url, site):
    """``/search/?q=word`` runs the search at once, so a search can be linked to."""
    event = search_cases(site)["distinctive"]
    query = distinctive_word(event, site)
    open_page(page, base_url, f"/search/?q={query}")
    page.wait_for_selector(RESULT, timeout=15_000)
    assert page.locator("#search input").input_value() == query
    assert find_result(page, event) is not None, f"/search/?q={query} does not list /{event.url}"


def test_searching_breaks_no_rule(page, watch: Watch, base_url, site):
    """No console error, no CSP violation and no outside request while the search runs (WebAssembly included)."""
    event = search_cases(site)["distinctive"]
    type_query(page, base_url, distinctive_word(event, site))
    page.wait_for_load_state("networkidle")
    report = [
        *(f"uncaught error: {e}" for e in watch.page_errors),
        *(f"console error: {e}" for e in watch.errors()),
        *(f"request to another host: {url}" for url in watch.foreign_requests(base_url)),
    ]
    assert not report, "/search/:\n" + "\n".join(report)
    assert any("/pagefind/" in url and url.endswith(".pagefind") for url in watch.requests), "no index was loaded"


@pytest.mark.parametrize("query", ["Степанакерт", "Ստեփանակերտ", "Xankəndi", "Khankendi"])
def test_a_place_is_found_by_its_name_in_every_script(page, base_url, site, query):
    """A reader searching in Russian, Armenian or Azerbaijani (or a transliteration) finds Stepanakert."""
    stepanakert = site.places["stepanakert"]
    type_query(page, base_url, query)
    titles = page.locator(f"{RESULT} .pagefind-ui__result-title").all_inner_texts()
    assert find_result(page, stepanakert) is not None, f"searching {query!r} does not find Stepanakert: {titles}"


@pytest.mark.parametrize(
    ("query", "first"),
    [("Lavrov", "actors/sergey-lavrov/"), ("Kazan", "events/kazan-summit-2011/"), ("Putin", "actors/vladimir-putin/")],
)
def test_an_entrys_own_page_ranks_first_for_its_name(page, base_url, query, first):
    type_query(page, base_url, query)
    wait_for_result_data(page)
    links = page.locator(f"{RESULT} .pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('#')[0])"
    )
    assert links[0] == "/" + first, f"searching {query!r} lists first: {links[:3]}"


def test_results_say_what_they_are_and_when(page, base_url, site):
    event = site.events[len(site.events) // 2]
    type_query(page, base_url, distinctive_word(event, site))
    result = find_result(page, event)
    assert result is not None
    title = result.locator(".pagefind-ui__result-title").inner_text()
    assert title.startswith(f"Event, {event.date.display}: "), title


def test_one_letter_finds_nothing_and_the_query_stays_in_the_address(page, base_url):
    type_query(page, base_url, "Kazan")
    assert page.evaluate("window.location.search") == "?q=Kazan"
    page.locator("#search input").fill("a")
    page.wait_for_function("() => window.location.search === '?q=a'")
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT}').length === 0", timeout=10_000)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory, site):
    """``content/`` built with an index split into shards of 100 documents, served like the real site."""
    from timeline.build import build

    from .conftest import CONTENT, SETTINGS

    output = tmp_path_factory.mktemp("sharded") / "output"
    target = build(SETTINGS, CONTENT, output, extra={"TIMELINE_SEARCH_SHARD": 100})
    assert target.search_shards[1] > 1
    with SiteServer(output, csp=True) as running:
        yield running.url, target.search_shards[1]


def test_a_sharded_index_finds_events_of_every_shard(page, sharded, site):
    """Past TIMELINE_SEARCH_SHARD documents the index is split; the search page merges the shards."""
    from timeline.search import shard_of

    base_url, count = sharded
    searchable = len(site.events) + sum(len(site.entities(kind)) for kind in LISTED)
    assert count == -(-searchable // 100)
    by_shard = {}
    for event in site.events:
        by_shard.setdefault(shard_of(event.url, count), event)
    missing = []
    for shard, event in sorted(by_shard.items()):
        type_query(page, base_url, distinctive_word(event, site))
        if find_result(page, event) is None:
            missing.append((shard, event.slug))
    assert len(by_shard) == count and missing == []
