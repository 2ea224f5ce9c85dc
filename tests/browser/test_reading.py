"""Reading the site in a real browser: lists, links, navigation, keyboard, errors, CSP and dates.

Every expectation comes from the content itself (``load_site``), so the tests
follow ``content/`` as it grows.
"""

from __future__ import annotations

import itertools

import pytest

from timeline import model
from timeline.kinds import KINDS, LISTED
from timeline.pagedata import group_by_year
from timeline.site import load_site

from .conftest import CONTENT
from .helpers import CSP_HEADER, CSP_HEADER_SEARCH, PAGE_KINDS, Watch, open_page, path_of, settle, visible_text

pytestmark = pytest.mark.browser


def href_path(page, base_url: str, selector: str) -> list[str]:
    """The absolute hrefs of ``selector``'s links, as site paths."""
    hrefs = page.eval_on_selector_all(selector, "links => links.map(link => link.href)")
    return [href.removeprefix(base_url) for href in hrefs]


# -- the index and the event pages ------------------------------------------------------
def test_index_lists_every_event(page, base_url, site):
    open_page(page, base_url, "/")
    titles = page.locator("article.event-item .event-title").all_inner_texts()
    assert len(titles) == len(site.events)
    assert sorted(t.strip() for t in titles) == sorted(e.title for e in site.events)
    links = href_path(page, base_url, "article.event-item .event-title a")
    assert links == ["/" + event.url for event in site.events], "the index does not list the events in order"


def test_every_event_link_opens_its_event_page(page, base_url, site):
    open_page(page, base_url, "/")
    first = site.events[0]
    page.locator(f"#{first.anchor} .event-title a").click()
    page.wait_for_url(f"{base_url}/{first.url}")
    assert page.locator("main h1").inner_text().strip() == first.title
    by_path = {"/" + event.url: event for event in site.events}
    open_page(page, base_url, "/")
    links = href_path(page, base_url, "article.event-item .event-title a")
    assert set(links) == set(by_path)
    for link in links:
        open_page(page, base_url, link)
        assert facts(page)["h1"] == by_path[link].title, link


FACTS = """() => {
    const text = node => node ? node.textContent.replace(/\\s+/g, ' ').trim() : null;
    const href = (root, css) => {
        const link = root.querySelector(css);
        return link ? link.getAttribute('href') : null;
    };
    const navs = document.querySelectorAll('nav.breadcrumbs[aria-label]');
    const trail = navs[0];
    return {
        h1: text(document.querySelector('main h1')),
        trails: navs.length,
        links: trail ? [...trail.querySelectorAll('a')].map(a => [a.getAttribute('href'), text(a)]) : [],
        current: trail ? [...trail.querySelectorAll('[aria-current=page]')].map(text) : [],
        earlier: href(document, '.prev-next-time a[rel=prev]'),
        later: href(document, '.prev-next-time a[rel=next]'),
        steps: [...document.querySelectorAll('nav.thread-step')].map(nav => [
            href(nav, '.prev a'),
            href(nav, '.next a'),
        ]),
    };
}"""


def facts(page) -> dict:
    """The page's heading, breadcrumb trail and thread steps, in one round trip to the browser."""
    return page.evaluate(FACTS)


def breadcrumb_trail(page) -> tuple[list[tuple[str, str]], str]:
    found = facts(page)
    assert found["trails"] == 1, f"{page.url}: {found['trails']} breadcrumb navigations"
    assert len(found["current"]) == 1, f"{page.url}: the breadcrumb does not mark the current page"
    return [tuple(link) for link in found["links"]], found["current"][0]


def test_breadcrumbs_on_event_pages(page, base_url, site):
    for event in site.events:
        open_page(page, base_url, "/" + event.url)
        links, current = breadcrumb_trail(page)
        assert links[0][0] == "/", f"{event.url}: the trail does not start at the timeline"
        assert (f"/years/{event.date.lower.year}/", str(event.date.lower.year)) in links, event.url
        assert current == event.title, event.url


@pytest.mark.parametrize("kind", LISTED)
def test_breadcrumbs_on_entity_pages(page, base_url, site, kind):
    entities = site.entities(kind)
    assert entities, f"the content has no {kind}"
    for entity in entities.values():
        open_page(page, base_url, "/" + entity.url)
        links, current = breadcrumb_trail(page)
        assert links[0][0] == "/", f"{entity.url}: the trail does not start at the timeline"
        assert any(href == "/" + KINDS[kind].list_path for href, _ in links), f"{entity.url}: no link to the list"
        assert current == entity.label, entity.url


def test_previous_and_next_event_links(page, base_url, site):
    """Clicking "Later" from the first event visits every event in order; each "Earlier" points back."""
    events = site.events
    open_page(page, base_url, "/" + events[0].url)
    for position, event in enumerate(events):
        assert page.url == f"{base_url}/{event.url}"
        found = facts(page)
        assert found["h1"] == event.title
        earlier = f"/{events[position - 1].url}" if position else None
        later = f"/{events[position + 1].url}" if position + 1 < len(events) else None
        assert (found["earlier"], found["later"]) == (earlier, later), f"{event.url}: Earlier/Later links"
        check_thread_steps(page, event)
        if later:
            page.locator(".prev-next-time a[rel=next]").click()
            page.wait_for_url(base_url + later)
    page.locator(".prev-next-time a[rel=prev]").click()
    page.wait_for_url(f"{base_url}/{events[-2].url}" if len(events) > 1 else f"{base_url}/{events[0].url}")


def check_thread_steps(page, event: model.Event) -> None:
    """Each thread the event is in links to that thread's previous and next event."""
    found = facts(page)["steps"]
    expected = [
        [f"/{step.previous.url}" if step.previous else None, f"/{step.next.url}" if step.next else None]
        for step in event.thread_steps
    ]
    assert found == expected, f"{event.url}: thread previous/next links"


def test_previous_and_next_year_links(page, base_url, site):
    years = site.years
    open_page(page, base_url, f"/years/{years[0]}/")
    for year, following in itertools.pairwise(years):
        assert page.locator("main h1").inner_text().strip() == str(year)
        page.locator("main a[rel=next]").click()
        page.wait_for_url(f"{base_url}/years/{following}/")
    assert page.locator("main a[rel=next]").count() == 0


def test_jump_to_year_links_target_existing_ids(page, base_url, site):
    open_page(page, base_url, "/")
    hrefs = page.locator("nav.year-menu a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"#y{year}" for year, _ in group_by_year(site.events)]
    missing = [href for href in hrefs if page.locator(href).count() != 1]
    assert not missing, f"year links without a target: {missing}"
    last = hrefs[-1]
    page.locator(f'nav.year-menu a[href="{last}"]').click()
    page.wait_for_function("hash => location.hash === hash", arg=last)
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        arg=last[1:],
    )


# -- keyboard ---------------------------------------------------------------------------
def test_skip_link_moves_focus_to_main(page, base_url):
    open_page(page, base_url, "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + ' ' + document.activeElement.getAttribute('href')")
    assert focused.split() == ["skip-link", "#main"], f"the first Tab focuses {focused!r}, not the skip link"
    assert page.locator("a.skip-link").is_visible()
    box = page.locator("a.skip-link").bounding_box()
    assert box and box["y"] + box["height"] > 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")


# The focused element's link as an absolute URL (SVG links have no string .href).
FOCUSED_HREF = """() => {
    const element = document.activeElement;
    const href = element && element.getAttribute('href');
    return href ? new URL(href, location.href).href : '';
}"""


@pytest.mark.parametrize(("path", "nav"), [("/", "nav.site-nav"), ("/data/", "footer nav")])
def test_tab_reaches_navigation_links(page, base_url, path, nav):
    open_page(page, base_url, path)
    wanted = href_path(page, base_url, f"{nav} a")
    assert wanted, f"no links in {nav}"
    reached = []
    focusable = page.evaluate("document.querySelectorAll('a[href], button, input, select, [tabindex]').length")
    for _ in range(focusable + 5):
        page.keyboard.press("Tab")
        href = page.evaluate(FOCUSED_HREF)
        reached.append(href.removeprefix(base_url))
        if all(link in reached for link in wanted):
            break
    assert [link for link in wanted if link not in reached] == [], f"Tab never reaches these {nav} links"


# -- errors, requests and the security policy ------------------------------------------------
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_errors_and_only_local_requests(page, watch: Watch, base_url, site, kind):
    path = path_of(site, kind)
    open_page(page, base_url, path, 404 if kind == "404" else 200)
    settle(page, kind)
    icons = page.locator("link[rel~=icon]").evaluate_all("links => links.map(l => l.href)")
    for icon in icons:  # Chromium fetches a favicon once per profile: check each one directly
        assert page.request.get(icon).status == 200, f"{path}: the icon {icon} is missing"
    problems = {
        "uncaught errors": watch.page_errors,
        "console errors": watch.errors(allow_404_for=base_url + path if kind == "404" else None),
        "failed requests": watch.failed,
        "requests to other hosts": watch.foreign_requests(base_url),
    }
    report = [f"{what}: {item}" for what, items in problems.items() for item in items]
    assert not report, f"{path}:\n" + "\n".join(report)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_content_security_policy(page, watch: Watch, base_url, site, kind):
    """The page declares its own policy before any resource, the server adds a header, nothing is blocked."""
    path = path_of(site, kind)
    response = open_page(page, base_url, path, 404 if kind == "404" else 200)
    settle(page, kind)
    expected_header = CSP_HEADER_SEARCH if kind == "search" else CSP_HEADER
    assert response.headers.get("content-security-policy") == expected_header
    head = page.eval_on_selector_all(
        "head > *", "nodes => nodes.map(n => [n.localName, n.getAttribute('http-equiv') || ''])"
    )
    metas = [i for i, (name, equiv) in enumerate(head) if name == "meta" and equiv.lower() == "content-security-policy"]
    assert len(metas) == 1, f"{path}: expected one <meta http-equiv=Content-Security-Policy>, found {len(metas)}"
    loads = [i for i, (name, _) in enumerate(head) if name in ("link", "script", "style")]
    assert not loads or metas[0] < loads[0], f"{path}: the policy comes after a resource it should govern"
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives.get("default-src") == ["'self'"], f"{path}: {policy}"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, f"{path}: {policy}"
    if kind == "search":
        assert "'wasm-unsafe-eval'" in directives.get("script-src", []), f"{path}: Pagefind needs wasm: {policy}"
    else:
        assert "wasm-unsafe-eval" not in policy, f"{path}: only the search page may compile WebAssembly"
    violations = watch.csp_violations()
    assert not violations, f"{path}: blocked by the Content Security Policy:\n" + "\n".join(violations)


# -- without JavaScript -------------------------------------------------------------------
def test_index_without_javascript_lists_every_event(browser, base_url, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        response = page.goto(base_url + "/")
        assert response is not None and response.status == 200
        titles = page.locator("article.event-item .event-title").all_inner_texts()
        assert sorted(t.strip() for t in titles) == sorted(e.title for e in site.events)
        hidden = page.locator("article.event-item").evaluate_all("items => items.filter(i => !i.offsetParent).length")
        assert hidden == 0, f"{hidden} events are hidden when JavaScript is off"
    finally:
        context.close()


# -- dates ----------------------------------------------------------------------------------
DATE_SHAPES = {
    "day": lambda d: not d.is_interval and d.precision == "day" and not d.qualified,
    "month": lambda d: not d.is_interval and d.precision == "month" and not d.qualified,
    "year": lambda d: not d.is_interval and d.precision == "year" and not d.qualified,
    "interval": lambda d: d.is_interval,
    "approximate": lambda d: d.start.approximate,
    "uncertain": lambda d: d.start.uncertain,
}


# Shapes the site's content has today; the fixture of tests/test_build.py covers every form.
CONTENT_DATES = [event.date for event in load_site(CONTENT)[0].events]
PRESENT_SHAPES = [shape for shape, test in DATE_SHAPES.items() if any(test(date) for date in CONTENT_DATES)]


def test_the_content_shows_the_main_date_shapes():
    assert {"day", "month", "interval", "uncertain"} <= set(PRESENT_SHAPES)


@pytest.mark.parametrize("shape", PRESENT_SHAPES)
def test_event_dates_at_their_precision(page, base_url, site, shape):
    event = next(e for e in site.events if DATE_SHAPES[shape](e.date))
    date = event.date
    expected = [date.start.iso] + ([date.end.iso] if date.end else [])
    for path, selector in (
        ("/" + event.url, "article.event > header .event-date"),
        ("/", f"#{event.anchor} .event-date"),
    ):
        open_page(page, base_url, path)
        stamps = page.locator(f"{selector} time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
        assert stamps == expected, f"{path}: <time datetime> of {event.slug} ({date.edtf})"
        assert visible_text(page, selector) == date.display, f"{path}: the date of {event.slug} ({date.edtf})"
