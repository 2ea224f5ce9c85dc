"""The data files, read back by the programs people use to read them.

``tests/fixtures/mini`` is built (without the search index) and each export is
parsed by a real consumer: feedparser for Atom, ``icalendar`` for the calendar,
``csv`` for the spreadsheet, the TimelineJS3 JSON format field by field,
``xml.etree`` for the sitemap, BeautifulSoup for JSON-LD. A second tree with
hostile titles, summaries, quotes and source titles checks that every export
escapes them for where they land.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from timeline import exports, model
from timeline.build import build
from timeline.diagnostics import ContentError
from timeline.history import read_history
from timeline.kinds import KINDS, LISTED
from timeline.site import load_site

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
MINI = ROOT / "tests" / "fixtures" / "mini"
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ISO_AT = {"year": r"\d{4}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
FORMULA_STARTS = ("=", "+", "-", "@")


def is_formula(cell: str) -> bool:
    """Whether a spreadsheet may read ``cell`` as a formula: a formula sign first, or after blanks
    (LibreOffice's "Trim spaces" import option strips them), or a tab or line break first."""
    return cell.startswith(("\t", "\r", "\n")) or cell.lstrip().startswith(FORMULA_STARTS)


# TimelineJS3's JSON format (https://timeline.knightlab.com/docs/json-format.html)
TLJS_TOP = {"title", "events", "eras", "scale"}
TLJS_SLIDE = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink", "unique_id"}
TLJS_DATE = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}
TLJS_TEXT = {"headline", "text"}


def build_site(content: Path, out: Path) -> Path:
    build(SETTINGS, content, out, search=False)
    return out


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[model.Site, Path]:
    site, _ = load_site(MINI)
    return site, build_site(MINI, tmp_path_factory.mktemp("mini") / "out")


def event_link(out: Path, event: model.Event) -> str:
    """The absolute address exports give an event (the build's public origin)."""
    origin = urlsplit(robots_sitemap(out)).scheme + "://" + urlsplit(robots_sitemap(out)).netloc
    return f"{origin}/{event.url}"


def robots_sitemap(out: Path) -> str:
    lines = [
        line for line in (out / "robots.txt").read_text(encoding="utf-8").splitlines() if line.startswith("Sitemap:")
    ]
    assert len(lines) == 1, "robots.txt names no sitemap (or several)"
    return lines[0].split(":", 1)[1].strip()


def calendar_days(date) -> bool:
    """Whether a date belongs in a calendar: known to the day at both ends, not approximate or uncertain."""
    ends = [date.start] + ([date.end] if date.end else [])
    return all(point.precision == "day" and not point.qualified for point in ends)


def precision_of(iso: str) -> str:
    return next(name for name, pattern in ISO_AT.items() if re.fullmatch(pattern, iso))


# -- Atom -------------------------------------------------------------------------------
def check_feed(path: Path, events: list[model.Event], out: Path) -> None:
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0, f"{path.name}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    newest_first = sorted(events, key=lambda e: e.sort_key, reverse=True)
    assert [entry.link for entry in feed.entries] == [event_link(out, e) for e in newest_first], path.name
    changed = read_history(MINI)  # updated: the entry's last change (tests/test_history.py), not its event's date
    for entry, event in zip(feed.entries, newest_first, strict=True):
        assert entry.title == f"{event.date.display}: {event.title}"
        assert dt.datetime(*entry.updated_parsed[:6], tzinfo=dt.UTC) == changed.of(event.source)


def test_atom_feed_of_all_events(mini):
    site, out = mini
    check_feed(out / "feeds" / "all.atom.xml", site.events, out)


def test_atom_feed_of_each_thread(mini):
    site, out = mini
    feeds = sorted((out / "feeds" / "threads").glob("*.atom.xml"))
    assert [f.name for f in feeds] == sorted(f"{slug}.atom.xml" for slug in site.threads)
    for path in feeds:
        check_feed(path, site.threads[path.name.removesuffix(".atom.xml")].events, out)


# -- iCalendar -------------------------------------------------------------------------------
def test_calendar_holds_day_precise_events_as_all_day_entries(mini):
    site, out = mini
    calendar = Calendar.from_ical((out / "events.ics").read_bytes())
    assert [c.name for c in calendar.subcomponents] == ["VEVENT"] * len(calendar.subcomponents)
    expected = {e.slug: e for e in site.events if calendar_days(e.date)}
    assert expected, "the fixture has no event known to the day"
    found = {}
    for component in calendar.walk("VEVENT"):
        slug = str(component["UID"]).split("@", 1)[0]
        found[slug] = component
    assert sorted(found) == sorted(expected), "the calendar must hold exactly the unqualified day-precision events"
    for slug, component in found.items():
        event = expected[slug]
        start, end = component.decoded("DTSTART"), component.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date, f"{slug}: not an all-day (DATE) entry"
        assert component["DTSTART"].params.get("VALUE") == "DATE"
        assert start == event.date.lower
        assert end == event.date.upper + dt.timedelta(days=1), f"{slug}: DTEND must be the day after the last day"
        assert str(component["SUMMARY"]) == event.title
        assert str(component["URL"]) == event_link(out, event)


# -- CSV --------------------------------------------------------------------------------------
def test_csv_lists_every_event_at_its_precision(mini):
    site, out = mini
    with (out / "events.csv").open(encoding="utf-8-sig", newline="") as handle:  # it starts with a BOM
        rows = list(csv.DictReader(handle))
    assert [row["slug"] for row in rows] == [e.slug for e in site.events]
    for row, event in zip(rows, site.events, strict=True):
        date = event.date
        assert row["start"] == date.start.iso and precision_of(row["start"]) == date.start.precision, row
        assert row["end"] == date.last.iso and precision_of(row["end"]) == date.last.precision, row
        assert row["date"] == date.edtf
        assert row["precision"] == date.precision
        assert row["display_date"] == date.display
        assert row["title"] == event.title
        assert row["url"] == event_link(out, event)


# -- TimelineJS ----------------------------------------------------------------------------------
def check_tljs_date(value: dict, point, where: str) -> None:
    assert set(value) <= TLJS_DATE, f"{where}: keys TimelineJS does not know: {set(value) - TLJS_DATE}"
    assert isinstance(value["year"], str) and value["year"].isdigit(), f"{where}: year {value['year']!r}"
    assert int(value["year"]) == point.year
    for name, known in (("month", point.month), ("day", point.day)):
        if known:
            assert isinstance(value.get(name), str) and value[name].isdigit(), f"{where}: {name} {value.get(name)!r}"
            assert int(value[name]) == known, where
        else:
            assert name not in value, f"{where}: {name} given although the date is known only to the {point.precision}"


def test_timelinejs_json_follows_the_format(mini):
    site, out = mini
    data = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert set(data) <= TLJS_TOP, f"unknown top-level keys: {set(data) - TLJS_TOP}"
    assert set(data["title"]["text"]) <= TLJS_TEXT
    assert isinstance(data["title"]["text"]["headline"], str) and data["title"]["text"]["headline"]
    assert [slide["unique_id"] for slide in data["events"]] == [e.slug for e in site.events]
    for slide, event in zip(data["events"], site.events, strict=True):
        where = event.slug
        assert set(slide) <= TLJS_SLIDE, f"{where}: unknown keys {set(slide) - TLJS_SLIDE}"
        assert set(slide["text"]) <= TLJS_TEXT
        assert html.unescape(slide["text"]["headline"]) == event.title
        check_tljs_date(slide["start_date"], event.date.start, f"{where} start_date")
        if event.date.end:
            check_tljs_date(slide["end_date"], event.date.end, f"{where} end_date")
        else:
            assert "end_date" not in slide, where
        # TimelineJS decodes these two once before it writes them as HTML: escaped twice
        if event.date.qualified or event.date.is_interval:
            assert html.unescape(html.unescape(slide["display_date"])) == event.date.display, where
        else:
            assert "display_date" not in slide, where
        if event.threads:
            assert html.unescape(html.unescape(slide["group"])) == event.threads[0].title, where
        else:
            assert "group" not in slide, where


def test_full_json_has_its_schema(mini):
    site, out = mini
    data = json.loads((out / "data" / "timeline.json").read_text(encoding="utf-8"))
    assert isinstance(data.get("schema_version"), str) and re.fullmatch(r"\d+\.\d+", data["schema_version"])
    for kind in ("events", "actors", "documents", "places", "threads"):
        assert isinstance(data.get(kind), list), f"no list of {kind}"
    assert [e["slug"] for e in data["events"]] == [e.slug for e in site.events]
    for kind in LISTED:
        assert sorted(x["slug"] for x in data[KINDS[kind].folder]) == sorted(site.entities(kind))
    for item, event in zip(data["events"], site.events, strict=True):
        assert item["date"]["start"] == event.date.start.iso and item["date"]["end"] == event.date.last.iso


# -- sitemap, robots, JSON-LD -----------------------------------------------------------------------
def test_sitemap_lists_every_page_but_404(mini):
    _, out = mini
    tree = ET.parse(out / "sitemap.xml")
    assert tree.getroot().tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [loc.text for loc in tree.findall("s:url/s:loc", SITEMAP_NS)]
    assert len(locs) == len(set(locs)), "a page is listed twice"
    # absolute addresses; with SITEURL = "" (pelicanconf.py) they are the local server's
    assert all(loc.startswith("http://127.0.0.1:8000/") for loc in locs)
    listed = {urlsplit(loc).path for loc in locs}
    pages = {"/" + p.parent.relative_to(out).as_posix() + "/" for p in out.rglob("index.html")}
    pages = {"/" if p == "/./" else p for p in pages}
    assert listed == pages, f"missing: {sorted(pages - listed)}; extra: {sorted(listed - pages)}"
    assert not any("404" in loc for loc in locs)
    assert (out / "404.html").is_file()


def test_robots_points_to_the_sitemap(mini):
    _, out = mini
    text = (out / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text
    sitemap = robots_sitemap(out)
    assert sitemap == "http://127.0.0.1:8000/sitemap.xml"  # SITEURL = "" (pelicanconf.py): the local server
    first_loc = ET.parse(out / "sitemap.xml").find("s:url/s:loc", SITEMAP_NS).text
    assert urlsplit(first_loc).netloc == urlsplit(sitemap).netloc


def jsonld_of(page: Path) -> tuple[str, dict]:
    """The page's own JSON-LD block (a ``WebPage``; the ``BreadcrumbList`` is another) and its text."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    raws = [script.string or "" for script in soup.find_all("script", type="application/ld+json")]
    pages = [(raw, json.loads(raw)) for raw in raws if json.loads(raw)["@type"] == "WebPage"]
    assert len(pages) == 1, f"{page}: {len(pages)} WebPage blocks"
    return pages[0]


def test_event_jsonld_keeps_the_precision(mini):
    site, out = mini
    for event in site.events:
        _, data = jsonld_of(out / event.url / "index.html")
        assert data["@context"] == "https://schema.org"
        assert data["name"] == event.title
        about = data.get("mainEntity")
        if about is None:  # not published as an Event: its date as the entry gives it (EDTF)
            assert data["temporalCoverage"] == event.date.edtf, event.slug
            continue
        assert about["@type"] == "Event"
        assert about["startDate"] == event.date.start.iso, event.slug
        assert precision_of(about["startDate"]) == event.date.start.precision
        if "endDate" in about:
            assert about["endDate"] == event.date.last.iso
            assert precision_of(about["endDate"]) == event.date.last.precision


# -- hostile values -----------------------------------------------------------------------------------
REJECTED = {  # a value -> the error that names it
    "</script><script>alert(1)</script>": "raw <script> markup is not allowed",
    '"><img src=x onerror=alert(1)>': "an event handler attribute (onerror=) is not allowed",
}
REJECTED_PLACES = {"title": (2, "title"), "summary": (4, "summary"), "source title": (8, "sources[0].title"),
                   "quote": (13, "quotes[0].text")}  # fmt: skip

# Values the contract accepts but that are dangerous somewhere: HTML, XML, JSON in <script>,
# spreadsheets, iCalendar lines.
HOSTILE = [
    "Ends the </title> early",
    '"quoted" & <b>bold</b>',
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "Line one\r\nLine two",
    "Talks end\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected",
    "CDATA ]]> and comment --> end",
    "&lt;img src=x onerror=alert(1)&gt; &amp; AT&amp;T",
]


def event_file(slug: str, day: str, title: str, summary: str, source_title: str, quote: str) -> str:
    """An event entry; every value is written as a JSON string, which YAML reads verbatim."""
    url = f"https://news.example.org/{slug}"
    return (
        "---\n"
        f"title: {json.dumps(title)}\n"
        f'date: "{day}"\n'
        f"summary: {json.dumps(summary)}\n"
        "actors: [leader-a]\n"
        "threads: [talks]\n"
        "sources:\n"
        f"  - title: {json.dumps(source_title)}\n"
        "    publisher: Example News\n"
        f"    url: {url}\n"
        "quotes:\n"
        "  - speaker: leader-a\n"
        f"    text: {json.dumps(quote)}\n"
        f"    source: {url}\n"
        "---\n"
        "Body.\n"
    )


def tree_with(tmp: Path, entries: dict[str, str]) -> Path:
    content = tmp / "content"
    shutil.copytree(MINI, content)
    for slug, text in entries.items():
        (content / "events" / f"{slug}.md").write_text(text, encoding="utf-8", newline="")
    return content


@pytest.mark.parametrize("where", REJECTED_PLACES)
@pytest.mark.parametrize("value", REJECTED, ids=["script", "onerror"])
def test_raw_markup_is_rejected(tmp_path, value, where):
    fields = {"title": "Harmless", "summary": "Harmless.", "source_title": "Harmless", "quote": "Harmless."}
    fields[where.replace(" ", "_")] = value
    content = tree_with(tmp_path, {"hostile": event_file("hostile", "2015-01-01", **fields)})
    with pytest.raises(ContentError) as caught:
        load_site(content)
    errors = [(Path(d.path).name, d.line, d.key, d.message) for d in caught.value.report.errors]
    assert errors == [("hostile.md", *REJECTED_PLACES[where], REJECTED[value])]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[model.Site, Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("hostile")
    values = {f"hostile-{i}": value for i, value in enumerate(HOSTILE)}
    entries = {
        slug: event_file(slug, f"2015-01-{i + 1:02d}", value, value, value, value)
        for i, (slug, value) in enumerate(values.items())
    }
    content = tree_with(tmp, entries)
    site, _ = load_site(content)
    for slug, value in values.items():
        event = next(e for e in site.events if e.slug == slug)
        assert (event.title, event.summary, event.sources[0].title, event.quotes[0].text) == (value,) * 4
    return site, build_site(content, tmp / "out"), values


def squash(text: str) -> str:
    return " ".join(text.split())


def test_hostile_values_are_text_in_html(hostile):
    _, out, values = hostile
    pages = sorted(out.rglob("*.html"))
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(out)
        assert not soup.find_all(["b", "img"]), f"{where}: markup from content became elements"
        assert len(soup.head.find_all("title")) == 1, f"{where}: the <title> was broken"
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", f"{where}: inline script"
    for slug, value in values.items():
        soup = BeautifulSoup((out / "events" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert squash(soup.find("h1").get_text()) == squash(value), slug
        assert squash(soup.title.get_text()).startswith(squash(value) + " — "), slug
        assert squash(soup.find("meta", attrs={"name": "description"})["content"]) == squash(value), slug
        assert squash(soup.select_one("article.event .lead").get_text()) == squash(value), slug
        assert squash(soup.select_one("ol.sources a").get_text()) == squash(value), slug
        assert squash(soup.select_one("figure.quote blockquote").get_text()) == squash(value), slug
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    shown = {squash(t.get_text()) for t in index.select("article.event-item .event-title")}
    assert {squash(v) for v in values.values()} <= shown


def test_hostile_values_in_jsonld(hostile):
    _, out, values = hostile
    for slug, value in values.items():
        raw, data = jsonld_of(out / "events" / slug / "index.html")
        assert "</" not in raw and "<!--" not in raw and "]]>" not in raw, f"{slug}: {raw[:200]}"
        assert data["name"] == value and data["description"] == value, slug
        assert data["citation"][0]["name"] == value, slug


def test_hostile_values_in_csv(hostile):
    site, out, values = hostile
    with (out / "events.csv").open(encoding="utf-8-sig", newline="") as handle:  # it starts with a BOM
        rows = {row["slug"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {e.slug for e in site.events}
    for slug, value in values.items():
        expected = "'" + value if is_formula(value) else value
        assert rows[slug]["title"] == expected, slug
        assert rows[slug]["summary"] == expected, slug
    for row in rows.values():
        for column, cell in row.items():
            assert not is_formula(cell), f"{row['slug']}: the {column} cell {cell!r} is a formula"


def test_hostile_values_in_calendar(hostile):
    site, out, values = hostile
    text = (out / "events.ics").read_text(encoding="utf-8")
    calendar = Calendar.from_ical(text)
    expected = [e for e in site.events if calendar_days(e.date)]
    components = calendar.walk("VEVENT")
    assert len(components) == len(expected), "a component was injected (or one is missing)"
    assert len(re.findall(r"^BEGIN:VEVENT\r?$", text, re.M)) == len(expected)
    summaries = {str(c["UID"]).split("@", 1)[0]: str(c["SUMMARY"]) for c in components}
    assert "Injected" not in summaries.values()
    for slug, value in values.items():
        # iCalendar TEXT has one line break, "\n": CRLF inside a value comes back as LF.
        assert summaries[slug] == value.replace("\r\n", "\n"), slug


def test_hostile_values_in_atom(hostile):
    site, out, values = hostile
    feed = feedparser.parse((out / "feeds" / "all.atom.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    titles = {entry.link.rstrip("/").rsplit("/", 1)[-1]: entry.title for entry in feed.entries}
    root = ET.parse(out / "feeds" / "all.atom.xml").getroot()
    raw_titles = [e.findtext(f"{{{ATOM}}}title") for e in root.findall(f"{{{ATOM}}}entry")]
    for slug, value in values.items():
        event = next(e for e in site.events if e.slug == slug)
        # XML turns a literal CRLF into LF when it is read; nothing else may change.
        assert titles[slug] == f"{event.date.display}: {value}".replace("\r\n", "\n"), slug
        assert f"{event.date.display}: {value}".replace("\r\n", "\n") in raw_titles, slug


def test_hostile_summaries_read_as_written_in_atom(hostile):
    """Atom's <summary> is declared HTML: a reader shows what it decodes, so the text must survive that."""
    _, out, values = hostile
    feed = feedparser.parse((out / "feeds" / "all.atom.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    summaries = {entry.link.rstrip("/").rsplit("/", 1)[-1]: entry.summary_detail for entry in feed.entries}
    for slug, value in values.items():
        assert summaries[slug].type == "text/html", slug
        shown = BeautifulSoup(summaries[slug].value, "html.parser")
        assert not shown.find_all(True), f"{slug}: the summary became markup: {summaries[slug].value!r}"
        assert shown.get_text() == value.replace("\r\n", "\n"), slug


def test_csv_cells_after_blanks_are_not_formulas():
    """Entry values arrive stripped, but the CSV writer does not rely on it: LibreOffice's "Trim spaces"
    import option would strip the blanks and then read a formula."""
    for value in (" =1+1", "\u00a0@SUM(A1)", "\n=1+1", "\t-2", "=1+1"):
        assert exports.csv_cell(value) == "'" + value, repr(value)
    for value in ("1+1", "Talks - day two", "a = b"):
        assert exports.csv_cell(value) == value, repr(value)


def test_hostile_values_in_timelinejs(hostile):
    _, out, values = hostile
    data = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    slides = {slide["unique_id"]: slide for slide in data["events"]}
    for slug, value in values.items():
        headline = slides[slug]["text"]["headline"]
        assert "<" not in headline and ">" not in headline and '"' not in headline, f"{slug}: {headline!r}"
        assert html.unescape(headline) == value, slug
        body = BeautifulSoup(slides[slug]["text"]["text"], "html.parser")
        assert not body.find_all(["b", "img", "script"]), slug
        assert squash(body.find("p").get_text()) == squash(value), slug
    full = json.loads((out / "data" / "timeline.json").read_text(encoding="utf-8"))
    titles = {e["slug"]: e["title"] for e in full["events"]}
    assert all(titles[slug] == value for slug, value in values.items())


# -- the last representable day -------------------------------------------------------------------
def test_events_ending_on_9999_12_31_are_in_the_calendar_with_a_duration(tmp_path):
    """No exclusive DTEND exists after 9999-12-31; RFC 5545 lets DURATION give the length instead."""
    days = {"last-day": "9999-12-31", "last-two-days": "9999-12-30/9999-12-31"}
    content = tree_with(
        tmp_path,
        {slug: event_file(slug, day, "At the end", "Summary.", "Report", "Words.") for slug, day in days.items()},
    )
    site, _ = load_site(content)
    calendar = Calendar.from_ical(exports.events_ics(site, "https://example.org", "Timeline"))
    found = {str(c["UID"]).split("@", 1)[0]: c for c in calendar.walk("VEVENT")}
    for slug, length in (("last-day", 1), ("last-two-days", 2)):
        component = found[slug]
        assert component.decoded("DTSTART") == dt.date(9999, 12, 32 - length), slug
        assert "DTEND" not in component, slug
        assert component.decoded("DURATION") == dt.timedelta(days=length), slug


# -- who took part and where (issue 14) ----------------------------------------------------------------
MEETING = """---
title: Leaders meet
date: "2011-06-24"
summary: The leaders met.
format: summit
actors: [mentioned-only]
places: [named-city]
participants:
  - actor: host-leader
    role: host
  - actor: party-leader
    role: party
venue: meeting-city
sources:
  - title: Report
    publisher: Example News
    url: https://example.org/report
---
The talks were held in [the meeting city](place:meeting-city).
"""


@pytest.fixture(scope="module")
def meeting_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("meeting")
    content = root / "content"
    for folder, slug, text in (
        ("actors", "mentioned-only", "---\nname: Mentioned Only\nkind: person\n---\n"),
        ("actors", "host-leader", "---\nname: Host Leader\nkind: person\n---\n"),
        ("actors", "party-leader", "---\nname: Party Leader\nkind: person\n---\n"),
        ("places", "named-city", "---\nname: Named City\n---\n"),
        ("places", "meeting-city", "---\nname: Meeting City\n---\n"),
        ("events", "leaders-meet", MEETING),
    ):
        (content / folder).mkdir(parents=True, exist_ok=True)
        (content / folder / f"{slug}.md").write_text(text)
    build(SETTINGS, content, root / "out", search=False)
    return root / "out"


def test_jsonld_attendees_are_the_participants_only(meeting_site):
    _, data = jsonld_of(meeting_site / "events" / "leaders-meet" / "index.html")
    assert [a["name"] for a in data["mainEntity"]["attendee"]] == ["Host Leader", "Party Leader"]


def test_jsonld_location_is_the_venue_only(meeting_site):
    _, data = jsonld_of(meeting_site / "events" / "leaders-meet" / "index.html")
    data = data["mainEntity"]
    assert (data["location"]["name"], data["eventAttendanceMode"]) == (
        "Meeting City",
        "https://schema.org/OfflineEventAttendanceMode",
    )


def test_calendar_location_is_the_venue_only(meeting_site):
    calendar = Calendar.from_ical((meeting_site / "events.ics").read_bytes())
    locations = [str(event.get("location")) for event in calendar.walk("VEVENT")]
    assert locations == ["Meeting City"]


def test_an_event_that_names_actors_but_no_participants_claims_no_attendee(mini):
    site, out = mini
    mentioning = [e for e in site.events if e.actors and not e.participants]
    assert mentioning, "the fixture has no event that only mentions actors"
    for event in mentioning:
        _, data = jsonld_of(out / event.url / "index.html")
        about = data.get("mainEntity", {})
        assert "attendee" not in about and "location" not in about, event.slug
