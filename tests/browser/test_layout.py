"""How pages are laid out for a reader (issue 15): no sideways scrolling at any width, spacing, the sticky
year bar, quote captions, tag links, print, and the event page's date, facts box, citations and quotes.

Each test asserts what a reader sees in Debian's chromium: boxes measured on the page, text as rendered.
"""

from __future__ import annotations

import pytest

from .helpers import PAGE_KINDS, open_page, path_of, settle, visible_text

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 768, 1366)


# -- no page scrolls sideways --------------------------------------------------------------------
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_page_scrolls_horizontally(browser, base_url, site, kind, width):
    """The document is exactly as wide as the viewport: nothing pushes the page sideways."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        path = path_of(site, kind)
        open_page(page, base_url, path, 404 if kind == "404" else 200)
        settle(page, kind)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")  # opened, too
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        wider = page.evaluate(
            """width => [...document.querySelectorAll('body *')].filter(e => {
                   const r = e.getBoundingClientRect();
                   return r.width > 0 && r.right > width + 0.5 && !e.closest('.overview-scroll, .table-scroll, table');
               }).slice(0, 5)
                 .map(e => e.localName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
            width,
        )
        assert widths[0] == widths[2] and widths[1] <= widths[2], f"{path} at {width}px: {widths}, too wide: {wider}"
    finally:
        context.close()


# -- spacing, captions, tags ---------------------------------------------------------------------
DATE_TO_TITLE = """() => [...document.querySelectorAll('.event-item')].map(item => {
    const date = item.querySelector('.event-date').getBoundingClientRect();
    const title = item.querySelector('.event-title').getBoundingClientRect();
    return title.top - date.bottom;
})"""


@pytest.mark.parametrize("kind", ["index", "year"])
def test_each_date_sits_just_above_its_title(page, base_url, site, kind):
    """On year pages titles are h2, on the index h3: either way the date is no more than a few px above."""
    open_page(page, base_url, path_of(site, kind))
    gaps = page.evaluate(DATE_TO_TITLE)
    assert gaps and max(gaps) <= 6, f"{kind}: gaps between dates and titles {sorted(set(round(g) for g in gaps))}"


def expected_caption(quote) -> str:
    words = quote.speaker.name
    if quote.source:
        words += f" — quoted by {quote.source.publisher_name}"
        if quote.source.outlet:
            words += f" ({quote.source.outlet.speaks_for})"
    if quote.translated:
        words += " (English translation as published)"
    return words


def test_quote_captions_keep_their_spaces(page, base_url, site):
    event = next((e for e in site.events if any(q.translated and q.source and q.source.outlet for q in e.quotes)), None)
    assert event, "no event has a translated quote from a declared outlet"
    open_page(page, base_url, "/" + event.url)
    captions = [" ".join(text.split()) for text in page.locator("figure.quote figcaption").all_inner_texts()]
    assert captions and set(captions) <= {expected_caption(q) for q in event.quotes}, captions


def test_tags_link_to_the_index_filtered_by_them(page, base_url, site):
    from timeline.pagedata import tag_slug

    event = max(site.events, key=lambda e: len(e.tags))
    open_page(page, base_url, "/" + event.url)
    hrefs = page.locator("ul.tags a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"/?tag={tag_slug(tag)}" for tag in event.tags]
    tag = min(event.tags, key=lambda t: sum(t in e.tags for e in site.events))
    page.locator("ul.tags a", has_text=tag).first.click()
    page.wait_for_url(f"{base_url}/?tag={tag_slug(tag)}")
    page.wait_for_load_state("networkidle")
    shown = page.locator("article.event-item").evaluate_all("items => items.filter(i => i.offsetParent).length")
    assert shown == sum(tag in e.tags for e in site.events), f"the index filtered by {tag!r} shows {shown} events"


# -- the sticky year bar -------------------------------------------------------------------------
def scroll_into_year(page, year: int, offset: int = 400) -> None:
    page.evaluate(
        "([id, offset]) => window.scrollTo({top: document.getElementById(id).getBoundingClientRect().top"
        " + window.scrollY + offset, behavior: 'instant'})",
        [f"y{year}", offset],
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_year_bar_is_one_line(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        open_page(page, base_url, "/")
        tops = page.locator("nav.year-menu a").evaluate_all("links => links.map(a => Math.round(a.offsetTop))")
        assert tops and len(set(tops)) == 1, f"at {width}px the year bar wraps onto {len(set(tops))} lines"
    finally:
        context.close()


def busy_years(site) -> list[int]:
    counts = {}
    for event in site.events:
        counts[event.date.lower.year] = counts.get(event.date.lower.year, 0) + 1
    return sorted(year for year, count in counts.items() if count >= 3)


@pytest.mark.parametrize("width", [390, 1366])
def test_year_bar_shows_the_year_being_read(browser, base_url, site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        open_page(page, base_url, "/")
        years = busy_years(site)
        assert years, "no year has three events"
        for year in (years[0], years[-1]):
            scroll_into_year(page, year, 250)
            shown = page.evaluate(
                """() => {
                    const bar = document.querySelector('nav.year-menu').getBoundingClientRect();
                    const element = document.elementFromPoint(bar.left + 30, bar.top + bar.height / 2);
                    const heading = element && element.closest('section.year > h2');
                    return heading ? heading.textContent.trim() : (element ? element.outerHTML.slice(0, 80) : null);
                }"""
            )
            assert shown == str(year), f"at {width}px, reading {year}, the bar's left shows {shown!r}"
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_no_timeline_dot_pokes_out_of_the_year_bar(browser, base_url, site, width):
    """With an event's dot level with the bar, nothing of the list shows in the bar's band."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        open_page(page, base_url, "/")
        found = page.evaluate(
            """() => {
                const bar = document.querySelector('nav.year-menu');
                const item = document.querySelectorAll('.event-list > li')[12];
                const band = bar.getBoundingClientRect().height;
                const top = item.getBoundingClientRect().top + window.scrollY - band / 2 + 12;
                window.scrollTo({top: top, behavior: 'instant'});
                const box = bar.getBoundingClientRect();
                const hits = [];
                for (let x = 0; x < window.innerWidth; x += 2) {
                    for (const y of [box.top + 2, box.top + box.height / 2, box.bottom - 2]) {
                        const element = document.elementFromPoint(x, y);
                        if (element && element.closest('.event-list')) hits.push(Math.round(x) + ',' + Math.round(y));
                    }
                }
                return hits;
            }"""
        )
        assert not found, f"at {width}px the timeline shows through the bar at {found[:5]}"
    finally:
        context.close()


# -- print -------------------------------------------------------------------------------------
def event_with_dated_sources(site):
    return max(site.events, key=lambda e: (sum(1 for s in e.sources if s.date), len(e.quotes)))


GAP_BEFORE_URLS = """() => [...document.querySelectorAll('.sources .print-url')].map(span => {
    // the last character written before the printed address, and the address's first box ("<" included)
    const walker = document.createTreeWalker(span.parentNode, NodeFilter.SHOW_TEXT);
    let last = null;
    for (let node = walker.nextNode(); node && !span.contains(node); node = walker.nextNode()) {
        if (span.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING && node.data.trim()) last = node;
    }
    const range = document.createRange();
    const end = last.data.replace(/\\s+$/, '').length;
    range.setStart(last, end - 1);
    range.setEnd(last, end);
    const before = range.getBoundingClientRect();
    const first = span.getClientRects()[0];
    return Math.abs(first.top - before.top) > 2 ? null : first.left - before.right;
}).filter(gap => gap !== null)"""


def test_printed_addresses_are_set_apart_from_the_text(page, base_url, site):
    page.emulate_media(media="print")
    open_page(page, base_url, "/" + event_with_dated_sources(site).url)
    gaps = page.evaluate(GAP_BEFORE_URLS)
    assert gaps and min(gaps) >= 2, f"gaps before printed addresses: {sorted(round(g, 1) for g in gaps)}"


@pytest.mark.parametrize("kind", ["index", "event", "actor", "year"])
def test_print_leaves_out_navigation_and_chips(page, base_url, site, kind):
    page.emulate_media(media="print")
    open_page(page, base_url, path_of(site, kind))
    printed = page.evaluate(
        """() => [...document.querySelectorAll('nav, .chips, .breadcrumbs, .backlink')]
            .filter(e => e.getClientRects().length).map(e => e.localName + '.' + e.className)"""
    )
    assert not printed, f"{kind}: printed {printed}"


def test_print_has_page_margins(page, base_url, site):
    page.emulate_media(media="print")
    open_page(page, base_url, path_of(site, "event"))
    margins = page.evaluate(
        """() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
            .filter(rule => rule instanceof CSSPageRule)
            .map(rule => rule.style.marginTop + ' ' + rule.style.marginLeft)"""
    )
    assert margins and all(float(part.rstrip("cmpx")) > 0 for m in margins for part in m.split()), margins


@pytest.mark.parametrize("kind", ["event", "actor", "year"])
def test_print_shows_the_page_address(page, base_url, site, kind):
    path = path_of(site, kind)
    page.emulate_media(media="print")
    open_page(page, base_url, path)
    assert page.locator(".permalink").is_visible(), f"{path}: no address printed"
    assert page.locator(".permalink").inner_text().strip().endswith(path), page.locator(".permalink").inner_text()
    page.emulate_media(media="screen")
    assert not page.locator(".permalink").is_visible(), "the printed address shows on screen"


# -- event pages ---------------------------------------------------------------------------------
def test_the_date_is_the_event_page_kicker(page, base_url, site):
    event = next(e for e in site.events if e.date_note)
    open_page(page, base_url, "/" + event.url)
    boxes = page.evaluate(
        """() => {
            const box = css => {
                const r = document.querySelector(css).getBoundingClientRect();
                return [r.top, r.bottom, r.left, r.right];
            };
            const size = css => parseFloat(getComputedStyle(document.querySelector(css)).fontSize);
            return {date: box('article.event > header .event-date'), h1: box('main h1'),
                    note: box('article.event > header .date-note'), body: size('.body p'),
                    dateSize: size('article.event > header .event-date'),
                    noteSize: size('article.event > header .date-note')};
        }"""
    )
    assert boxes["date"][1] <= boxes["h1"][0], "the date is not above the title"
    assert boxes["dateSize"] >= 1.1 * boxes["body"], f"the date ({boxes['dateSize']}px) is not large"
    assert boxes["noteSize"] < boxes["body"], "the date's caveat is not a small note"
    assert boxes["note"][0] < boxes["date"][1] and boxes["note"][2] >= boxes["date"][3], (
        "the caveat is not beside the date"
    )


def facts_expected(event) -> list[tuple[str, str]]:
    from timeline.pagedata import participants_by_role

    rows = [("When", event.date.display)]
    if event.meeting_format:
        rows.append(("Format", event.meeting_format.capitalize()))
    if event.venue or event.online:
        rows.append(("Where", event.venue.name if event.venue else "Online"))
    rows += [(label, ", ".join(a.name for a in actors)) for label, actors in participants_by_role(event)]
    if event.documents:
        rows.append(
            ("Documents" if len(event.documents) > 1 else "Document", "; ".join(d.label for d in event.documents))
        )
    if event.thread_steps:
        label = "Threads" if len(event.thread_steps) > 1 else "Thread"
        rows.append(
            (label, "; ".join(f"{s.thread.title} ({s.position} of {len(s.thread.events)})" for s in event.thread_steps))
        )
    return rows


FACT_ROWS = """() => {
    const words = node => {
        const copy = node.cloneNode(true);
        copy.querySelectorAll('.visually-hidden').forEach(hidden => hidden.remove());
        return copy.textContent.replace(/\\s+/g, ' ').trim();
    };
    return [...document.querySelectorAll('.facts-box dt')].map(dt => {
        const dd = dt.nextElementSibling, items = dd.querySelectorAll('li');
        return [words(dt), items.length ? [...items].map(words).join('; ') : words(dd)];
    });
}"""


def test_every_event_has_a_facts_box_with_when_where_who_documents_threads(page, base_url, site):
    for event in site.events:
        open_page(page, base_url, "/" + event.url)
        rows = [tuple(row) for row in page.evaluate(FACT_ROWS)]
        assert rows == facts_expected(event), event.url


@pytest.mark.parametrize(("width", "beside"), [(390, False), (1366, True)])
def test_facts_box_beside_the_body_on_desktop_above_it_on_a_phone(browser, base_url, site, width, beside):
    event = next(e for e in site.events if e.participants and e.body_html)
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        open_page(page, base_url, "/" + event.url)
        facts = page.locator(".facts-box").bounding_box()
        body = page.locator(".body").bounding_box()
        if beside:
            assert facts["x"] >= body["x"] + body["width"] and facts["y"] < body["y"] + body["height"], (facts, body)
        else:
            assert facts["y"] + facts["height"] <= body["y"], (facts, body)
    finally:
        context.close()


def test_the_summary_is_not_read_twice(page, base_url, site):
    for event in site.events:
        open_page(page, base_url, "/" + event.url)
        lead = page.locator("article.event > header .lead")
        first = page.locator(".body p").first
        if lead.count() and first.count():
            norm = lambda text: " ".join(text.split()).casefold().rstrip(". ")  # noqa: E731
            assert norm(lead.inner_text()) != norm(visible_text(page, ".body p")), event.url


IN_VIEW = """id => {
    const r = document.getElementById(id).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
}"""


def test_citations_are_numbered_superscripts_that_link_both_ways(page, base_url, site):
    event = max(site.events, key=lambda e: len(e.citations))
    open_page(page, base_url, "/" + event.url)
    marks = page.locator("sup.citation a")
    assert marks.count() >= 2
    looks = marks.first.evaluate(
        """a => { const s = getComputedStyle(a.parentNode), p = getComputedStyle(a.closest('p'));
                  return [s.verticalAlign, parseFloat(s.fontSize) / parseFloat(p.fontSize)]; }"""
    )
    assert looks[0] == "super" and looks[1] < 0.8, looks
    numbers = marks.evaluate_all(
        "links => links.map(a => [...a.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(''))"
    )
    assert all(n.isdigit() for n in numbers), numbers
    target = marks.nth(1)
    mark_id = target.get_attribute("id")
    number = mark_id.split("-")[1]
    target.click()
    page.wait_for_function("n => location.hash === '#source-' + n", arg=number)
    page.wait_for_function(IN_VIEW, arg=f"source-{number}")  # scrolling may be smooth
    page.locator(f'#source-{number} a.backlink[href="#{mark_id}"]').click()
    page.wait_for_function("id => location.hash === '#' + id", arg=mark_id)
    page.wait_for_function(IN_VIEW, arg=mark_id)


def test_parts_of_one_passage_show_as_one_quote(page, base_url, site):
    def runs(event):
        groups = []
        for quote in event.quotes:
            key = (quote.speaker_slug, quote.source_url, quote.translated)
            if groups and groups[-1][0] == key:
                groups[-1][1].append(quote)
            else:
                groups.append((key, [quote]))
        return [parts for _, parts in groups]

    event = max(site.events, key=lambda e: max((len(r) for r in runs(e)), default=0))
    longest = max(runs(event), key=len)
    assert len(longest) > 1, "no event splits a passage into several quotes"
    open_page(page, base_url, "/" + event.url)
    texts = [" ".join(t.split()) for t in page.locator("figure.quote blockquote").all_inner_texts()]
    assert len(texts) == len(runs(event)), texts
    joined = " … ".join(q.text.rstrip().rstrip(",") if i < len(longest) - 1 else q.text for i, q in enumerate(longest))
    assert " ".join(joined.split()) in texts, texts
