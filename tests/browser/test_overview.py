"""The overview on the index, as a reader sees it at 390 px (a phone) and 1366 px (a laptop).

Measured in the browser: the size of every text, the clickable box of every mark
(getBoundingClientRect, and what a click at its centre reaches), the label a
focused or tapped mark shows, how the strip scrolls, and axe in both schemes.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .helpers import open_page, settle
from .test_accessibility import describe

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)


@pytest.fixture
def index_at(browser, base_url, watch):
    """The index in a fresh tab ``width`` px wide (touch, as a phone, when narrow)."""
    contexts = []

    def open_at(width: int, **options):
        context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        open_page(page, base_url, "/")
        settle(page, "index")
        return page

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_text_of_the_overview_is_at_least_11_css_px(index_at, width):
    page = index_at(width)
    sizes = page.eval_on_selector(
        ".overview svg",
        """svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].filter(t => t.closest('.tip') === null).map(
                t => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * scale]);
        }""",
    )
    assert len(sizes) >= 10
    small = [(text, round(size, 1)) for text, size in sizes if size < 11]
    assert not small, f"text under 11 CSS px at {width} px: {small[:5]}"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_mark_has_a_clickable_box_of_24_by_24_px(index_at, width):
    page = index_at(width)
    boxes = page.eval_on_selector_all(
        ".overview a.mark",
        """marks => marks.map(mark => {
            mark.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
            const box = mark.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return [mark.getAttribute('data-event'), box.width, box.height, !!hit && hit.closest('a') === mark];
        })""",
    )
    assert len(boxes) >= 73
    small = [(slug, round(w, 1), round(h, 1)) for slug, w, h, _ in boxes if w < 23.95 or h < 23.95]  # subpixel layout
    assert not small, f"clickable boxes under 24 x 24 px at {width} px: {small[:5]}"
    missed = [slug for slug, *_, reached in boxes if not reached]
    assert not missed, f"a click at the centre of these marks reaches something else: {missed[:5]}"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_focused_mark_shows_its_date_and_title_in_text(index_at, site, width):
    page = index_at(width)
    event = site.events[len(site.events) // 2]
    mark = page.locator(f'.overview a.mark[data-event="{event.slug}"]:not([tabindex="-1"])')
    mark.focus()
    tip = page.locator(".overview .tip")
    assert tip.is_visible()
    text = " ".join((tip.text_content() or "").split())
    assert event.date.display in text and event.title.split()[0] in text
    box = tip.bounding_box()
    scroller = page.locator(".overview-scroll").bounding_box()
    assert box and scroller
    assert scroller["x"] <= box["x"] and box["x"] + box["width"] <= scroller["x"] + scroller["width"] + 0.5
    size = page.eval_on_selector(".overview .tip text", "t => parseFloat(getComputedStyle(t).fontSize)")
    assert size >= 11


def test_a_first_tap_shows_the_label_and_a_second_opens_the_event(index_at, site):
    page = index_at(390, has_touch=True, is_mobile=True)
    event = site.events[-1]
    mark = page.locator(f'.overview a.mark[data-event="{event.slug}"]:not([tabindex="-1"])')
    mark.scroll_into_view_if_needed()
    before = page.url
    mark.tap()
    page.wait_for_timeout(300)
    assert page.url == before  # still on the index
    assert page.locator(".overview .tip").is_visible()
    assert event.title.split()[0] in (page.locator(".overview .tip").text_content() or "")
    with page.expect_navigation():
        mark.tap()
    assert page.url.endswith("/" + event.url)


def test_on_a_phone_the_strip_scrolls_by_itself_opening_at_the_busiest_years(index_at):
    page = index_at(390)
    state = page.evaluate(
        """() => {
            const scroller = document.querySelector('.overview-scroll');
            const svg = scroller.querySelector('svg');
            const cue = document.querySelector('.overview-cue');
            const view = scroller.getBoundingClientRect();
            const years = [...svg.querySelectorAll('.ticks text')].filter(t => {
                const box = t.getBoundingClientRect();
                return box.left >= view.left && box.right <= view.right;
            }).map(t => +t.textContent);
            const figure = document.querySelector('.overview').getBoundingClientRect();
            return {scrolls: scroller.scrollWidth > scroller.clientWidth, left: scroller.scrollLeft,
                    cue: cue.getBoundingClientRect().height > 0 && getComputedStyle(cue).display !== 'none',
                    years, figureLeft: figure.left, figureRight: figure.right,
                    page: document.documentElement.clientWidth,
                    svgWidth: svg.getBoundingClientRect().width, viewBox: svg.viewBox.baseVal.width};
        }"""
    )
    assert state["scrolls"] and state["cue"], state
    assert state["svgWidth"] == state["viewBox"]  # drawn at its own size: never scaled down
    assert 2019 in state["years"] or 2020 in state["years"], state["years"]  # 2019 and 2020: 7 events each
    assert state["figureLeft"] >= 0 and state["figureRight"] <= state["page"]  # the page itself does not scroll


def test_on_a_laptop_the_whole_axis_shows_without_scrolling(index_at):
    page = index_at(1366)
    state = page.evaluate(
        """() => {
            const scroller = document.querySelector('.overview-scroll');
            const svg = scroller.querySelector('svg');
            const figure = document.querySelector('.overview').getBoundingClientRect();
            return {scrolls: scroller.scrollWidth > scroller.clientWidth,
                    cue: getComputedStyle(document.querySelector('.overview-cue')).display,
                    figureLeft: figure.left, figureRight: figure.right, page: document.documentElement.clientWidth,
                    svgWidth: svg.getBoundingClientRect().width, viewBox: svg.viewBox.baseVal.width};
        }"""
    )
    assert not state["scrolls"] and state["cue"] == "none", state
    assert state["svgWidth"] == state["viewBox"]
    assert state["figureLeft"] >= 0 and state["figureRight"] <= state["page"]


def test_lanes_and_key_moments_are_labelled_in_text(index_at, site):
    page = index_at(1366)
    lanes = page.eval_on_selector_all(
        ".overview .lane-label:not([aria-hidden]) text", "ts => ts.map(t => t.textContent)"
    )
    threads = sorted(t.title for t in site.threads.values() if t.events)
    assert sorted(label.rsplit(" · ", 1)[0] for label in lanes if not label.startswith("Other")) == threads
    keys = page.eval_on_selector_all(".overview .key-label", "ks => ks.map(k => k.getAttribute('data-event'))")
    assert sorted(keys) == sorted(e.slug for e in site.events if getattr(e, "key_moment", False))


def test_without_javascript_every_event_has_a_mark_linking_to_it(browser, base_url, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_page(page, base_url, "/")
        links = page.eval_on_selector_all(
            '.overview a.mark:not([tabindex="-1"])', "marks => marks.map(m => m.getAttribute('href'))"
        )
    finally:
        context.close()
    assert sorted(link.strip("/") for link in links) == sorted(e.url.strip("/") for e in site.events)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_index_with_the_overview(index_at, scheme):
    page = index_at(390)
    page.emulate_media(color_scheme=scheme)
    page.locator(".overview a.mark").first.focus()  # with its label shown
    violations = Axe().run(page).response["violations"]
    assert not violations, f"index ({scheme}): {len(violations)} axe violation(s):\n{describe(violations)}"
