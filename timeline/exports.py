"""Data files others can use: feeds, sitemap, robots, CSV, iCalendar, JSON and JSON-LD.

Each function takes the loaded ``Site`` and returns text; ``write_exports``
writes them all. Every value is escaped for where it lands and for how its
consumer decodes it: XML by the feed and sitemap writers (and HTML once more
inside the Atom summary, which is declared HTML), CSV cells against spreadsheet
formulas, iCalendar by the ``icalendar`` package, TimelineJS's fields as
TimelineJS 3.9 reads each of them (see ``timelinejs``), and ``<``/``>``/``&``
inside JSON that sits in a ``<script>`` element. No date is more precise than the entry:
the CSV and JSON carry EDTF and precision; the calendar holds only the events
known to the day (see the Data page). What the data files are (the CSV's columns, the
JSON Schema of the full JSON, the Data Package with the licence, version and build date)
is said in ``opendata.py``; they are written here, with the files they describe.

Nothing here reads the clock: every "last changed" stamp (Atom ``updated``, sitemap
``lastmod``, iCalendar ``DTSTAMP`` and ``LAST-MODIFIED``, JSON-LD ``dateModified``) is
the entry's last change in the content's history (``history.py``), so two builds of
one commit are byte-identical.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import escape

from . import model
from .cache import FragmentCache, bytes_digest
from .dates import Point, TimelineDate
from .history import all_entries, fallback, modified
from .opendata import CSV_COLUMNS, DATA_SCHEMA_VERSION, data_schema, datapackage, iso_utc, license_record
from .routes import route

FEED_FULL_TEXT = 50
LOCAL_ORIGIN = "http://127.0.0.1:8000"
# Excel and LibreOffice read a CSV opened by double-click as UTF-8 only when it starts with a byte
# order mark (without one Excel reads "1992–1997" as "1992â€“1997"); pandas, Python's csv with
# "utf-8-sig" and frictionless drop it.
CSV_BOM = "\ufeff"
# A spreadsheet reads a cell starting with one of these as a formula; LibreOffice's
# "Trim spaces" import option first strips leading blanks, so they are looked through.
_FORMULA_STARTS = ("=", "+", "-", "@")
_BLANK_STARTS = ("\t", "\r", "\n")
# TimelineJS ids the title slide by its headline's slug when it has none, and renames
# an event whose slug collides with it; no slug (they start with a letter or digit) is this.
TIMELINEJS_TITLE_ID = "_title"


def public_url(settings: dict) -> str:
    """Absolute address of the site's root: SITEURL when absolute, else the local preview address."""
    for key in ("SITEURL", "FEED_DOMAIN"):
        value = (settings.get(key) or "").rstrip("/")
        if value.startswith(("http://", "https://")):
            return value
    return LOCAL_ORIGIN


def last_changed(entries: Iterable[model.Entry]) -> dt.datetime:
    """The newest last change of ``entries`` (the fallback date when there are none)."""
    return max((modified(entry) for entry in entries), default=fallback())


def build_date(site: model.Site) -> dt.datetime:
    """The data's date: the content's newest change (``Site.changed``, set by the build from the history;
    a deleted entry counts), else the newest last change of its entries. Never the clock."""
    return site.changed or last_changed(all_entries(site))


# -- Atom ---------------------------------------------------------------------
def atom_feed(
    title: str,
    events: Iterable[model.Event],
    origin: str,
    feed_path: str,
    page_path: str = "",
    author: str = "",
    also_changed: Iterable[model.Entry] = (),
    pieces: FragmentCache | None = None,
) -> str:
    """An Atom feed (RFC 4287) of ``events``, newest event dates first.

    The feed's ``author`` (the site's name unless ``TIMELINE_FEED_AUTHOR`` says
    otherwise) stands for every entry. An entry's ``updated`` is its file's last
    change (``history.py``), so a correction reaches feed readers; its ``id`` is the
    event's permanent address, never its dates or text; its title starts with the
    date as readers see it. No ``published``: an event's date is not when its entry
    was written. The feed's ``updated`` is the newest of its entries' and of
    ``also_changed`` (a thread's own file, whose title the feed carries). Every
    event has an entry with its summary; the newest ``FEED_FULL_TEXT`` also carry
    their full text (a feed of thousands of full texts would weigh megabytes).

    feedgenerator writes the feed's head and each ``<entry>`` on its own; an entry's
    XML is kept in ``pieces`` by what it shows, so a rebuild makes only the changed ones.
    """
    pieces = pieces or FragmentCache(None)
    newest_first = sorted(events, key=lambda event: event.sort_key, reverse=True)
    feed = Atom1Feed(
        title=title,
        link=f"{origin}/{page_path}",
        feed_url=f"{origin}/{feed_path}",
        description="",
        language="en",
        feed_guid=f"{origin}/{feed_path}",
        author_name=author or title,
    )
    latest = last_changed([*newest_first, *also_changed])
    feed.latest_post_date = lambda: latest  # type: ignore[method-assign]
    buffer = io.StringIO()
    feed.write(buffer, "utf-8")  # the head alone: the entries go before the closing tag
    head = buffer.getvalue().removesuffix("</feed>")

    def key(position: int, event: model.Event) -> str:
        # the entry's file (title, date, summary, tags), its body as rendered, its last change, its threads' titles
        body = bytes_digest(event.body_html.encode()) if position < FEED_FULL_TEXT else "-"
        threads = " ".join(thread.digest for thread in event.threads)
        return f"{event.digest} {body} {modified(event).isoformat()} {threads}"

    def entry(item: tuple[str, int, model.Event]) -> str:  # kept on its own too: most events are in two feeds
        fingerprint, position, event = item
        make = functools.partial(_atom_entry, feed, event, origin, position < FEED_FULL_TEXT)
        return pieces.get(("atom", origin, fingerprint), make)

    items = [(key(position, event), position, event) for position, event in enumerate(newest_first)]
    runs = pieces.runs(items, lambda item: item[2].slug, lambda item: item[0], entry, f"atom {origin}")
    return head + "".join(runs) + "</feed>"


def _atom_entry(feed: Atom1Feed, event: model.Event, origin: str, full: bool) -> str:
    """One ``<entry>`` of ``feed``, as feedgenerator writes it inside the feed."""
    feed.items = []
    feed.add_item(
        title=f"{event.date.display}: {event.title}",
        link=f"{origin}/{event.url}",
        unique_id=f"{origin}/{event.url}",
        description=str(escape(event.summary or event.title)),  # Atom's <summary type="html">
        content=(event.body_html or None) if full else None,
        updateddate=modified(event),
        categories=[thread.title for thread in event.threads] + event.tags,
    )
    buffer = io.StringIO()
    feed.write_items(SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True))
    return buffer.getvalue()


# -- sitemap and robots ---------------------------------------------------------
def w3c_datetime(when: dt.datetime) -> str:
    """A time as the sitemap protocol's W3C Datetime, in UTC, to the second."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def sitemap(paths: Iterable[str], origin: str, changed: dict[str, dt.datetime] | None = None) -> str:
    """The sitemap of ``paths``; an entry's page (in ``changed``) has its file's last change as ``lastmod``.

    Other pages (the index, years, lists) have no ``lastmod``: they change with many entries,
    and a date taken from any of them would say that editing one entry changed them all.
    """
    changed = changed or {}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(set(paths)):
        when = changed.get(path)
        lastmod = f"<lastmod>{w3c_datetime(when)}</lastmod>" if when else ""
        lines.append(f"  <url><loc>{escape(origin + '/' + path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(origin: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {origin}/{route('sitemap')}\n"


# -- CSV ------------------------------------------------------------------------
def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @ (after blanks too), tab or CR/LF gets a ``'``."""
    if value.startswith(_BLANK_STARTS) or value.lstrip().startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _flag(value: bool) -> str:
    return "true" if value else "false"


def events_csv(site: model.Site, origin: str, pieces: FragmentCache | None = None) -> Iterator[str]:
    """``events.csv``: a byte order mark, a header row (``opendata.CSV_FIELDS``), one row per event; the rows
    are kept in ``pieces`` by their events' files."""
    pieces = pieces or FragmentCache(None)
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(CSV_COLUMNS)
    yield CSV_BOM + header.getvalue()
    # a row shows its event's file alone (the slugs it names are as written: references are not aliases)
    yield from pieces.runs(site.events, _slug, _digest, functools.partial(_csv_row, origin=origin), f"csv {origin}")


def _slug(entry: model.Entry) -> str:
    return entry.slug


def _digest(entry: model.Entry) -> str:
    return entry.digest


def _csv_row(event: model.Event, origin: str) -> str:
    date = event.date
    row = (
        event.slug,
        date.edtf,
        date.precision,
        date.start.iso,
        date.last.iso,
        date.display,
        event.title,
        event.summary,
        "; ".join(a.slug for a in event.actors),
        "; ".join(p.slug for p in event.places),
        "; ".join(d.slug for d in event.documents),
        "; ".join(t.slug for t in event.threads),
        "; ".join(event.tags),
        f"{origin}/{event.url}",
        " ".join(s.url for s in event.sources),
        _flag(date.start.approximate or bool(date.end and date.end.approximate)),
        _flag(date.start.uncertain or bool(date.end and date.end.uncertain)),
        "; ".join(f"{slug}:{role}" for slug, role in event.participant_refs),
        event.venue_slug,
        _flag(event.online),
        event.meeting_format,
    )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_cell(str(value)) for value in row])
    return buffer.getvalue()


# -- iCalendar --------------------------------------------------------------------
def calendar_span(date: TimelineDate) -> tuple[dt.date, dt.date | dt.timedelta] | None:
    """First day and the day after the last (or, when that is past 9999-12-31, the length), for dates
    known to the day; None otherwise."""
    ends = [date.start] + ([date.end] if date.end else [])
    if any(point.precision != "day" or point.qualified for point in ends):
        return None
    if date.upper == dt.date.max:  # no exclusive end day exists: RFC 5545 allows DURATION instead of DTEND
        return date.lower, date.upper - date.lower + dt.timedelta(days=1)
    return date.lower, date.upper + dt.timedelta(days=1)


def events_ics(site: model.Site, origin: str, name: str, pieces: FragmentCache | None = None) -> str:
    from icalendar import Calendar, Event

    pieces = pieces or FragmentCache(None)
    calendar = Calendar()
    calendar.add("prodid", "-//nk-timeline//timeline plugin//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = origin.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]

    def vevent(event: model.Event, span: tuple[dt.date, dt.date | dt.timedelta]) -> str:
        entry = Event()
        entry.add("uid", f"{event.slug}@{host}")
        # no METHOD: DTSTAMP is when the information last changed (RFC 5545 3.8.7.2), as LAST-MODIFIED
        entry.add("dtstamp", modified(event))
        entry.add("last-modified", modified(event))
        entry.add("dtstart", span[0])
        entry.add("duration" if isinstance(span[1], dt.timedelta) else "dtend", span[1])
        entry.add("summary", event.title)
        entry.add("description", (event.summary + "\n\n" if event.summary else "") + f"{origin}/{event.url}")
        entry.add("url", f"{origin}/{event.url}")
        if event.venue:  # where it was held, not every place the entry names
            entry.add("location", event.venue.name)
        return entry.to_ical().decode("utf-8")

    dated = [(event, span) for event in site.events if (span := calendar_span(event.date)) is not None]

    def key(item: tuple[model.Event, Any]) -> str:
        event = item[0]
        return f"{event.digest} {event.venue.digest if event.venue else ''} {modified(event).isoformat()}"

    entries = pieces.runs(dated, lambda item: item[0].slug, key, lambda item: vevent(*item), f"ics {origin}")
    text = calendar.to_ical().decode("utf-8")
    end = "END:VCALENDAR\r\n"
    return text.removesuffix(end) + "".join(entries) + end


# -- TimelineJS -------------------------------------------------------------------
def _tljs_date(point: Point) -> dict[str, str]:
    value = {"year": str(point.year)}
    if point.month:
        value["month"] = str(point.month)
    if point.day:
        value["day"] = str(point.day)
    return value


def _tljs_plain(text: str) -> str:
    """A TimelineJS "plain" field (``group``, ``display_date``), escaped twice.

    TimelineJS 3.9 strips markup from these by parsing them as HTML and taking the
    text (``stripMarkup``, src/js/core/TimelineConfig.js:12 and core/Util.js:666),
    which decodes one level of entities, then puts that text back into ``innerHTML``
    (timenav/TimeGroup.js:87, media/types/Text.js:67, slider/SlideNav.js:103). Escaped
    once, ``&lt;img onerror=…&gt;`` would become an element; escaped twice it is text.
    """
    return str(escape(str(escape(text))))


def timelinejs(
    site: model.Site, origin: str, title: str, description: str, pieces: FragmentCache | None = None
) -> Iterator[str]:
    """TimelineJS3's JSON: dates only as precise as known; every text escaped as TimelineJS 3.9 reads it.

    ``headline`` and ``text`` are HTML that TimelineJS passes through DOMPurify into
    ``innerHTML`` (core/TimelineConfig.js:7, 379; media/types/Text.js:99, 110): escaped
    once. ``group`` and ``display_date`` are decoded once more first (``_tljs_plain``).
    ``autolink`` is off on every slide: TimelineJS's ``linkify`` (core/Util.js:477) runs
    *after* DOMPurify, on text whose quotes are raw again, and its ``www.`` pattern
    copies ``'`` into an ``href='…'`` attribute, so a summary could add attributes
    (event handlers) to the link it makes. ``unique_id`` is the slug, which TimelineJS
    keeps as the slide's element ``id`` (slider/Slide.js:251, ``<slug>-marker`` in
    timenav/TimeMarker.js:272): slugs are letters, digits, ``-`` and ``_``, safe there.

    The text comes in pieces to write one after the other: ``json.dumps`` of
    ``{"title": …, "events": […]}``, byte for byte. Each event's item is kept in
    ``pieces`` by its file and its first thread's (the group it shows).
    """
    pieces = pieces or FragmentCache(None)
    yield json.dumps({"title": _tljs_title(title, description)}, ensure_ascii=False)[:-1] + ', "events": ['

    def key(event: model.Event) -> str:
        return f"{event.digest} {event.threads[0].digest if event.threads else ''}"

    def item(event: model.Event) -> str:  # each after ", ": the very first one's is taken off
        return ", " + json.dumps(_tljs_event(event, origin), ensure_ascii=False)

    for position, run in enumerate(pieces.runs(site.events, _slug, key, item, f"timelinejs {origin}")):
        yield run.removeprefix(", ") if position == 0 else run
    yield "]}"


def _tljs_title(title: str, description: str) -> dict[str, Any]:
    return {
        "unique_id": TIMELINEJS_TITLE_ID,
        "autolink": False,
        "text": {"headline": str(escape(title)), "text": f"<p>{escape(description)}</p>"},
    }


def _tljs_event(event: model.Event, origin: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "unique_id": event.slug,
        "autolink": False,
        "start_date": _tljs_date(event.date.start),
        "text": {
            "headline": str(escape(event.title)),
            "text": f'<p>{escape(event.summary)}</p><p><a href="{escape(origin + "/" + event.url)}">'
            "Read the entry and its sources</a></p>",
        },
    }
    if event.date.end:
        item["end_date"] = _tljs_date(event.date.end)
    if event.date.qualified or event.date.is_interval:
        item["display_date"] = _tljs_plain(event.date.display)
    if event.threads:
        item["group"] = _tljs_plain(event.threads[0].title)
    return item


# -- full data --------------------------------------------------------------------
def _date_json(date: TimelineDate | None) -> dict[str, Any] | None:
    if date is None:
        return None
    return {
        "edtf": date.edtf,
        "display": date.display,
        "precision": date.precision,
        "start": date.start.iso,
        "end": date.last.iso,
        "approximate": date.start.approximate or bool(date.end and date.end.approximate),
        "uncertain": date.start.uncertain or bool(date.end and date.end.uncertain),
    }


def full_data_json(
    site: model.Site, origin: str, pieces: FragmentCache | None = None, license: dict[str, str] | None = None
) -> Iterator[str]:
    """``full_data`` as JSON text, in pieces to write one after the other (the whole is tens of megabytes
    on a large site); each event's record is kept between builds by what it shows."""
    pieces = pieces or FragmentCache(None)
    data = full_data(site, origin, with_events=False, license=license)
    heading = {key: data.pop(key) for key in ("$schema", "schema_version", "built", "license")}
    yield json.dumps(heading, ensure_ascii=False)[:-1] + ', "events": ['

    def key(event: model.Event) -> str:
        # the event's file, and the publishers its sources name (a renamed one changes the record)
        outlets = " ".join(source.outlet.digest if source.outlet else "-" for source in event.sources)
        return f"{event.digest} {outlets}"

    def record(event: model.Event) -> str:  # each after ", ": the very first one's is taken off
        return ", " + _event_json(event, origin)

    for position, run in enumerate(pieces.runs(site.events, _slug, key, record, f"json {origin}")):
        yield run.removeprefix(", ") if position == 0 else run
    yield "], " + json.dumps(data, ensure_ascii=False)[1:]


def _event_json(event: model.Event, origin: str) -> str:
    return json.dumps(_event_record(event, origin), ensure_ascii=False)


def _common(entry: model.Entry, origin: str) -> dict[str, Any]:
    return {"slug": entry.slug, "url": f"{origin}/{entry.url}", "body_html": entry.body_html}


def _event_record(e: model.Event, origin: str) -> dict[str, Any]:
    return {
        **_common(e, origin),
        "title": e.title,
        "date": _date_json(e.date),
        "date_note": e.date_note,
        "order": e.order or None,
        "summary": e.summary,
        "tags": e.tags,
        "actors": [a.slug for a in e.actors],
        "places": [p.slug for p in e.places],
        "documents": [d.slug for d in e.documents],
        "threads": [t.slug for t in e.threads],
        "related": [{"type": e_type, "event": slug} for e_type, slug in e.related_refs],
        "format": e.meeting_format or None,
        "participants": [{"actor": slug, "role": role} for slug, role in e.participant_refs],
        "venue": e.venue_slug or None,
        "online": e.online,
        "sources": [
            {
                "title": s.title,
                "publisher": s.publisher_name,
                "publisher_slug": s.outlet.slug if s.outlet else None,
                "lang": s.lang or None,
                "date": _date_json(s.date),
                "url": s.url,
                "archived": s.archived,
            }
            for s in e.sources
        ],
        "quotes": [
            {"speaker": q.speaker_slug, "text": q.text, "source": q.source_url, "translated": q.translated}
            for q in e.quotes
        ],
    }


def full_data(
    site: model.Site, origin: str, with_events: bool = True, license: dict[str, str] | None = None
) -> dict[str, Any]:
    """Everything in the site, entities included (the JSON Schema at the ``data_schema`` route; the Data page).

    It starts with its schema's address, its schema version, its build date (``build_date``) and the
    content's licence (``TIMELINE_DATA_LICENSE``, or null).
    """
    data: dict[str, Any] = {
        "$schema": f"{origin}/{route('data_schema')}",
        "schema_version": DATA_SCHEMA_VERSION,
        "built": iso_utc(build_date(site)),
        "license": license,
    }
    if with_events:
        data["events"] = [_event_record(e, origin) for e in site.events]
    data["actors"] = [
        {**_common(a, origin), "name": a.name, "kind": a.actor_kind, "role": a.role, "aliases": a.aliases}
        for a in site.actors.values()
    ]
    data["documents"] = [
        {
            **_common(d, origin),
            "name": d.name,
            "date": _date_json(d.date),
            "kind": d.document_kind,
            "status": d.status,
            "text_url": d.link,
        }
        for d in site.documents.values()
    ]
    data["places"] = [{**_common(p, origin), "name": p.name, "aliases": p.aliases} for p in site.places.values()]
    data["publishers"] = [
        {
            **_common(p, origin),
            "name": p.name,
            "kind": p.publisher_kind,
            "side": p.side,
            "country": p.country,
            "web_address": p.link,
            "aliases": p.aliases,
        }
        for p in site.publishers.values()
    ]
    data["terms"] = [
        {
            **_common(t, origin),
            "name": t.name,
            "aliases": t.aliases,
            "names": t.names,
            "sources": [{"title": s.title, "publisher": s.publisher_name, "url": s.url} for s in t.sources],
            "events": [e.slug for e in t.events],
        }
        for t in site.entities("term").values()
    ]
    data["threads"] = [
        {**_common(t, origin), "title": t.title, "summary": t.summary, "events": [e.slug for e in t.events]}
        for t in site.threads.values()
    ]
    return data


# -- JSON-LD ------------------------------------------------------------------------
def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</script>``, ``<!--`` or ``&`` can break out."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- writing ------------------------------------------------------------------------
def write_text(folder: Path, path: str, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces, in order) to ``folder/path`` as UTF-8."""
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        if isinstance(text, str):
            handle.write(text)
        else:
            handle.writelines(text)


def write_feeds(site: model.Site, settings: dict, folder: Path, cache: Path | None = None) -> list[str]:
    """Write the Atom feeds (all events, and one per thread) into ``folder``; ``cache`` keeps their entries."""
    origin = public_url(settings)
    name = settings.get("SITENAME", "Timeline")
    author = settings.get("TIMELINE_FEED_AUTHOR") or name
    pieces = FragmentCache(cache, "feeds")
    try:
        everything = route("feed")
        write_text(folder, everything, atom_feed(name, site.events, origin, everything, author=author, pieces=pieces))
        files = [everything]
        for thread in site.threads.values():  # one feed's text in memory at a time
            path = route("thread_feed", slug=thread.slug)
            write_text(folder, path, atom_feed(f"{name}: {thread.title}", thread.events, origin, path, thread.url,
                                               author, [thread], pieces))  # fmt: skip
            files.append(path)
        pieces.save()
    finally:
        pieces.close()
    return files


def write_data_files(site: model.Site, settings: dict, folder: Path, cache: Path | None = None) -> list[str]:
    """Write the CSV, iCalendar and JSON downloads, the JSON Schema and the Data Package describing
    them into ``folder``; ``cache`` keeps their pieces."""
    origin = public_url(settings)
    name = settings.get("SITENAME", "Timeline")
    description = settings.get("SITE_DESCRIPTION", "")
    license = license_record(settings.get("TIMELINE_DATA_LICENSE"))
    pieces = FragmentCache(cache)
    package = datapackage(origin, name, description, build_date(site), license)
    # no indent: the JSON files are for programs, and json's C encoder only runs without one
    makers: dict[str, Callable[[], str | Iterator[str]]] = {
        route("csv"): lambda: events_csv(site, origin, pieces),
        route("calendar"): lambda: events_ics(site, origin, name, pieces),
        route("timelinejs"): lambda: timelinejs(site, origin, name, description, pieces),
        route("data_json"): lambda: full_data_json(site, origin, pieces, license),
        route("data_schema"): lambda: json.dumps(data_schema(origin), ensure_ascii=False, indent=2) + "\n",
        route("datapackage"): lambda: json.dumps(package, ensure_ascii=False, indent=2) + "\n",
    }
    try:
        for path, make in makers.items():  # one file's text in memory at a time
            write_text(folder, path, make())
        pieces.save()
    finally:
        pieces.close()
    return list(makers)


def write_site_index(
    pages: Iterable[str], settings: dict, folder: Path, changed: dict[str, dt.datetime] | None = None
) -> None:
    """``sitemap.xml`` of every page written (but the 404 page) and ``robots.txt``; ``changed``: each
    entry page's last change."""
    origin = public_url(settings)
    paths = (p for p in pages if p != route("not_found"))
    write_text(folder, route("sitemap"), sitemap(paths, origin, changed))
    write_text(folder, route("robots"), robots(origin))
