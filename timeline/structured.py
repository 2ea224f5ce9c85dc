"""schema.org structured data (JSON-LD) that says only what the entry says.

This module owns every JSON-LD block the site publishes. Each page is a ``WebPage``
(``dateModified``: its entry's last change, ``history.py``; ``citation``: the entry's
sources) whose ``mainEntity`` is what the entry is about, typed as follows:

- **events**: a meeting (a venue or ``online: true`` in the entry) whose date is known
  without ``~``/``?`` is an ``Event``, with Google's required ``name``, ``startDate`` and
  ``location`` (a ``Place`` whose ``address`` is the venue's name as the entry gives it, or a
  ``VirtualLocation``), its ``attendee``s the entry's participants only. Anything else (a war,
  a resolution, a statement, an approximate or uncertain meeting) is not claimed as an
  ``Event``: the page states its date as ``temporalCoverage`` in EDTF, which keeps ``~`` and
  ``?`` ("2016?"), and never a day the entry does not give (month precision stays "2019-04").
- **actors**: a person is a ``Person``, a state a ``GovernmentOrganization`` (the actor is its
  government), an organisation or a de-facto authority an ``Organization`` (no claim of status).
- **places** a ``Place``, **publishers** an ``Organization``, **terms** a ``DefinedTerm``;
  names in every script (``names:``) and aliases are ``alternateName``.
- **documents** a ``CreativeWork`` (``genre``: the entry's kind: statement, resolution…),
  a ``Report`` or ``Legislation`` (a decree) where the kind says so.

The index adds the ``WebSite`` with a ``SearchAction`` (the search page reads ``?q=``); the
data page a ``Dataset`` of the downloads; every page with breadcrumbs a ``BreadcrumbList``.
"""

from __future__ import annotations

from typing import Any

from . import model
from .dates import TimelineDate
from .history import all_entries, fallback, modified
from .routes import route

CONTEXT = "https://schema.org"
ACTOR_TYPES = {"person": "Person", "state": "GovernmentOrganization"}  # others: Organization
DOCUMENT_TYPES = {"report": "Report", "decree": "Legislation"}  # others: CreativeWork
ENTITY_TYPES = {"place": "Place", "publisher": "Organization", "term": "DefinedTerm"}
DATA_FILES = (  # route, what it holds, its media type
    ("csv", "Every event, one row each", "text/csv"),
    ("data_json", "Everything: events, actors, documents, places, publishers, terms, threads", "application/json"),
    ("timelinejs", "The events for TimelineJS", "application/json"),
    ("calendar", "The events known to the day", "text/calendar"),
)


def _iso(date: TimelineDate) -> tuple[str, str]:
    return date.start.iso, date.last.iso


def is_event(event: model.Event) -> bool:
    """Whether the entry is published as a schema.org ``Event``: a meeting with a place, its date unqualified."""
    return bool(event.venue or event.online) and not event.date.qualified


def _alternate_names(entry: model.Entry) -> list[str]:
    names = [*getattr(entry, "aliases", ()), *getattr(entry, "names", {}).values()]
    return list(dict.fromkeys(name for name in names if name and name != entry.label))


def _citations(entry: model.Entry) -> list[dict[str, Any]]:
    return [
        {
            "@type": "CreativeWork",
            "name": source.title,
            "url": source.url,
            "publisher": {"@type": "Organization", "name": source.publisher},
            **({"datePublished": source.date.start.iso} if source.date and not source.date.qualified else {}),
        }
        for source in getattr(entry, "sources", ())
    ]


def _thing(entry: model.Entry, origin: str, type_name: str) -> dict[str, Any]:
    return {"@type": type_name, "@id": f"{origin}/{entry.url}#it", "name": entry.label, "url": f"{origin}/{entry.url}"}


def event_entity(event: model.Event, origin: str) -> dict[str, Any]:
    """The ``Event`` an event page is about (only when ``is_event``)."""
    start, end = _iso(event.date)
    data = {**_thing(event, origin, "Event"), "startDate": start}
    if end != start:
        data["endDate"] = end
    if event.online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "name": "Online", "url": f"{origin}/{event.url}"}
    elif event.venue:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        venue = event.venue
        data["location"] = {"@type": "Place", "name": venue.name, "address": venue.name, "url": f"{origin}/{venue.url}"}
    if event.summary:
        data["description"] = event.summary
    if event.participants:
        data["attendee"] = [
            {"@type": ACTOR_TYPES.get(p.actor.actor_kind, "Organization"), "name": p.actor.name,
             "url": f"{origin}/{p.actor.url}"}
            for p in event.participants
        ]  # fmt: skip
    return data


def entity_entity(entry: model.Entry, origin: str) -> dict[str, Any]:
    """What an entity page is about: a person, an organisation, a place, a document, a term."""
    if entry.kind == "actor":
        type_name = ACTOR_TYPES.get(getattr(entry, "actor_kind", ""), "Organization")
    elif entry.kind == "document":
        type_name = DOCUMENT_TYPES.get(getattr(entry, "document_kind", "") or "", "CreativeWork")
    else:
        type_name = ENTITY_TYPES.get(entry.kind, "Thing")
    data = _thing(entry, origin, type_name)
    alternate = _alternate_names(entry)
    if alternate:
        data["alternateName"] = alternate
    if entry.kind == "document":
        if getattr(entry, "document_kind", ""):
            data["genre"] = entry.document_kind  # type: ignore[attr-defined]
        date = getattr(entry, "date", None)
        if date is not None:
            data["temporalCoverage"] = date.edtf
    return data


def web_page(entry: model.Entry, origin: str, about: dict[str, Any] | None) -> dict[str, Any]:
    """The page of ``entry``: its last change, its sources, and what it is about."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "@id": f"{origin}/{entry.url}",
        "url": f"{origin}/{entry.url}",
        "name": entry.label,
        "dateModified": modified(entry).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
    }
    summary = getattr(entry, "summary", "")
    if summary:
        data["description"] = summary
    if about is not None:
        data["mainEntity"] = about
    citations = _citations(entry)
    if citations:
        data["citation"] = citations
    return data


def event_page(event: model.Event, origin: str) -> dict[str, Any]:
    """An event's page: an ``Event`` when it is one (``is_event``), else its date as EDTF ``temporalCoverage``."""
    data = web_page(event, origin, event_entity(event, origin) if is_event(event) else None)
    if not is_event(event):
        data["temporalCoverage"] = event.date.edtf
    return data


def entity_page(entry: model.Entry, origin: str) -> dict[str, Any]:
    return web_page(entry, origin, None if entry.kind in ("thread", "page") else entity_entity(entry, origin))


def breadcrumb_list(trail: list[tuple[str, str]], origin: str, home: str) -> dict[str, Any]:
    """The breadcrumbs a page shows, as a ``BreadcrumbList``: the home page, then ``trail``."""
    items = [(route("home"), home), *trail]
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": label,
                "item": {"@type": "WebPage", "@id": f"{origin}/{path}"},
            }
            for position, (path, label) in enumerate(items, start=1)
        ],
    }


def website(origin: str, name: str, description: str) -> dict[str, Any]:
    """The site, and how to search it (the search page reads ``?q=``)."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": f"{origin}/",
        "url": f"{origin}/",
        "name": name,
        **({"description": description} if description else {}),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{origin}/{route('search')}?q={{search_term_string}}"},
        },
    }


def dataset(origin: str, name: str, description: str, site: model.Site) -> dict[str, Any]:
    """The data files of /data/ as one ``Dataset``; ``dateModified``: the newest change of any entry."""
    newest = max((modified(entry) for entry in all_entries(site)), default=fallback())
    return {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": f"{origin}/{route('data')}",
        "url": f"{origin}/{route('data')}",
        "name": f"{name}: data",
        "description": description or name,
        "dateModified": newest.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "temporalCoverage": _coverage(site),
        "distribution": [
            {"@type": "DataDownload", "name": label, "contentUrl": f"{origin}/{route(file)}", "encodingFormat": media}
            for file, label, media in DATA_FILES
        ],
    }


def _coverage(site: model.Site) -> str:
    """The years the events span, as an ISO 8601 interval of years (``1992/2020``)."""
    years = site.years
    return f"{years[0]}/{years[-1]}" if years else ""
