"""What the open data is, said in machine-readable form: its schema, its columns, its licence.

This module owns the descriptions of the data files ``exports.py`` writes:

- ``CSV_FIELDS``: every column of ``events.csv``, in order, with its Table Schema type and
  what it holds (the writer's header row and the descriptor both come from it);
- ``data_schema``: the JSON Schema (draft 2020-12) of ``data/timeline.json``, shipped beside it
  at the ``data_schema`` route, so the address is stable and the file says which version it is;
- ``datapackage``: the Frictionless Data Package (v1) at the site's root, describing the CSV and
  the JSON files, with the content licence (``TIMELINE_DATA_LICENSE``), the data's schema
  version as ``version`` and its build date (the content's newest change, ``history.py``;
  never the clock) as ``created``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .routes import route

# 1.1: publishers, sources' publisher_slug and lang, order; 1.2: format, participants, venue, online;
# 1.3: $schema, built, license at the top; the CSV's BOM and its columns approximate … format
DATA_SCHEMA_VERSION = "1.3"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATA_PACKAGE_PROFILE = "data-package"  # Data Package v1; frictionless reads it as such

_BOOLEAN = {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
_LIST = "separated by “; ”"
# name -> (Table Schema field properties, what the column holds); the CSV's columns in order:
# the first fifteen as before 1.3, new ones after them, so a reader that counts columns still works.
CSV_FIELDS: dict[str, tuple[dict[str, Any], str]] = {
    "slug": ({"type": "string", "constraints": {"required": True, "unique": True}}, "The event's identifier."),
    "date": ({"type": "string"}, "The date in EDTF, e.g. 2016-04-01/2016-04-05 or 2008~."),
    "precision": (
        {"type": "string", "constraints": {"pattern": "(day|month|year)(/(day|month|year))?"}},
        "day, month or year; an interval whose ends differ gives both, e.g. year/month.",
    ),
    "start": ({"type": "string"}, "The first end, ISO 8601 at its precision (2019-04 is a month, never a day)."),
    "end": ({"type": "string"}, "The last end, ISO 8601 at its precision."),
    "display_date": ({"type": "string"}, "The date as the site shows it."),
    "title": ({"type": "string"}, "The event's title."),
    "summary": ({"type": "string"}, "One or two sentences."),
    "actors": ({"type": "string"}, f"Slugs of the actors the entry names, {_LIST}."),
    "places": ({"type": "string"}, f"Slugs of the places the entry names, {_LIST}."),
    "documents": ({"type": "string"}, f"Slugs of the documents the entry names, {_LIST}."),
    "threads": ({"type": "string"}, f"Slugs of the event's threads, {_LIST}."),
    "tags": ({"type": "string"}, f"Tags, {_LIST}."),
    "url": ({"type": "string", "format": "uri"}, "The event's page."),
    "source_urls": ({"type": "string"}, "The addresses of the entry's sources, separated by spaces."),
    "approximate": (_BOOLEAN, "true when either end of the date is approximate (EDTF ~)."),
    "uncertain": (_BOOLEAN, "true when either end of the date is uncertain (EDTF ?)."),
    "participants": (
        {"type": "string"},
        f"Who took part in a meeting, as slug:role (host, mediator, party, observer), {_LIST}.",
    ),
    "venue": ({"type": "string"}, "The slug of the place a meeting was held, or empty."),
    "online": (_BOOLEAN, "true for a meeting held online."),
    "format": ({"type": "string"}, "The kind of meeting (summit, ministerial…), empty when it is not a meeting."),
}
CSV_COLUMNS = tuple(CSV_FIELDS)


def iso_utc(when: dt.datetime) -> str:
    """A time as ISO 8601 in UTC, to the second, with ``Z``: ``2020-04-23T10:11:12Z``."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def package_name(site_name: str) -> str:
    """A Data Package ``name`` (lower-case letters, digits, ``-``, ``.``, ``_``) from the site's name."""
    return re.sub(r"[^a-z0-9._]+", "-", site_name.casefold()).strip("-") or "timeline"


def license_record(setting: dict[str, str] | None) -> dict[str, str] | None:
    """``TIMELINE_DATA_LICENSE`` as a Data Package licence (``name``, ``path``, ``title``), or None."""
    if not setting:
        return None
    return {key: str(setting[key]) for key in ("name", "path", "title") if setting.get(key)}


# -- JSON Schema of data/timeline.json ------------------------------------------------
def _obj(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    """An object with exactly ``properties``, every one required."""
    value: dict[str, Any] = {"type": "object"}
    if description:
        value["description"] = description
    return {**value, "properties": properties, "required": list(properties), "additionalProperties": False}


def _list(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_STRING = {"type": "string"}
_URL = {"type": "string", "format": "uri"}
_SLUG = {"$ref": "#/$defs/slug"}
_SLUGS = _list(_SLUG)
_NAMES = _list(_STRING)


def _entry(description: str, **properties: dict[str, Any]) -> dict[str, Any]:
    common = {"slug": _SLUG, "url": _URL, "body_html": {"type": "string", "description": "Sanitised HTML."}}
    return _obj({**common, **properties}, description)


def data_schema(origin: str, version: str = DATA_SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema of ``data/timeline.json`` at ``version``; its ``$id`` is the file's own address."""
    date = _or_null({"$ref": "#/$defs/date"})
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{origin}/{route('data_schema')}",
        "title": "The timeline's data",
        "description": (
            f"data/timeline.json, schema version {version}: a change that removes or renames a key raises the "
            "major version, one that adds keys the minor version."
        ),
        **_obj(
            {
                "$schema": {**_URL, "description": "The address of this schema."},
                "schema_version": {"const": version},
                "built": {
                    "type": "string",
                    "format": "date-time",
                    "description": "The content's newest change (its git history), in UTC: the data's date.",
                },
                "license": _or_null(_obj({"name": _STRING, "path": _URL, "title": _STRING}, "The content's licence.")),
                "events": _list({"$ref": "#/$defs/event"}),
                "actors": _list(_entry("", name=_STRING, kind=_STRING, role=_STRING, aliases=_NAMES)),
                "documents": _list(
                    _entry("", name=_STRING, date=date, kind=_STRING, status=_STRING, text_url=_or_null(_URL))
                ),
                "places": _list(_entry("", name=_STRING, aliases=_NAMES)),
                "publishers": _list(
                    _entry(
                        "",
                        name=_STRING,
                        kind=_STRING,
                        side=_STRING,
                        country=_STRING,
                        web_address=_or_null(_URL),
                        aliases=_NAMES,
                    )
                ),
                "terms": _list(
                    _entry(
                        "A glossary term.",
                        name=_STRING,
                        aliases=_NAMES,
                        names={"type": "object", "additionalProperties": _STRING},
                        sources=_list(_obj({"title": _STRING, "publisher": _STRING, "url": _URL})),
                        events=_SLUGS,
                    )
                ),
                "threads": _list(_entry("", title=_STRING, summary=_STRING, events=_SLUGS)),
            }
        ),
        "$defs": {
            "slug": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]*$"},
            "date": _obj(
                {
                    "edtf": _STRING,
                    "display": _STRING,
                    "precision": {"type": "string", "pattern": "^(day|month|year)(/(day|month|year))?$"},
                    "start": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                    "end": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                    "approximate": {"type": "boolean"},
                    "uncertain": {"type": "boolean"},
                },
                "A date no more precise than the entry: start and end are ISO 8601 at their precision.",
            ),
            "event": _entry(
                "An event.",
                title=_STRING,
                date={"$ref": "#/$defs/date"},
                date_note=_STRING,
                order=_or_null({"type": "integer"}),
                summary=_STRING,
                tags=_NAMES,
                actors=_SLUGS,
                places=_SLUGS,
                documents=_SLUGS,
                threads=_SLUGS,
                related=_list(_obj({"type": _STRING, "event": _SLUG})),
                format=_or_null(_STRING),
                participants=_list(_obj({"actor": _SLUG, "role": _STRING})),
                venue=_or_null(_SLUG),
                online={"type": "boolean"},
                sources=_list(
                    _obj(
                        {
                            "title": _STRING,
                            "publisher": _STRING,
                            "publisher_slug": _or_null(_SLUG),
                            "lang": _or_null(_STRING),
                            "date": date,
                            "url": _URL,
                            "archived": _or_null(_URL),
                        }
                    )
                ),
                quotes=_list(
                    _obj(
                        {
                            "speaker": _or_null(_SLUG),
                            "text": _STRING,
                            "source": _or_null(_URL),
                            "translated": {"type": "boolean"},
                        }
                    )
                ),
            ),
        },
    }


# -- the Data Package ------------------------------------------------------------------
def datapackage(
    origin: str, name: str, description: str, built: dt.datetime, license: dict[str, str] | None
) -> dict[str, Any]:
    """The Frictionless Data Package (v1) of the data files: the CSV as a tabular resource, the JSON files."""
    resources: list[dict[str, Any]] = [
        {
            "name": "events",
            "path": route("csv"),
            "profile": "tabular-data-resource",
            "title": "Every event, one row each",
            "description": (
                "UTF-8 with a byte order mark (so spreadsheets opened by double-click read it as UTF-8), "
                "comma-separated, CRLF line ends, a header row. A cell that would start with =, +, - or @ "
                "starts with an apostrophe instead, so spreadsheets do not run it as a formula."
            ),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": '"',
                "doubleQuote": True,
                "header": True,
            },
            "schema": {
                "fields": [
                    {"name": column, **properties, "description": text}
                    for column, (properties, text) in CSV_FIELDS.items()
                ],
                "missingValues": [""],
                "primaryKey": ["slug"],
            },
        },
        {
            "name": "timeline-data",
            "path": route("data_json"),
            "profile": "data-resource",
            "title": "Everything: events, actors, documents, places, publishers, terms, threads",
            # the schema is not a resource of its own: frictionless reads a *schema.json as a Table Schema
            "description": f"Described by the JSON Schema (draft 2020-12) at {origin}/{route('data_schema')}.",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        },
        {
            "name": "timelinejs",
            "path": route("timelinejs"),
            "profile": "data-resource",
            "title": "The events for TimelineJS 3",
            "description": "Knight Lab's TimelineJS 3 JSON format; texts are HTML.",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        },
    ]
    package: dict[str, Any] = {
        "profile": DATA_PACKAGE_PROFILE,
        "name": package_name(name),
        "id": f"{origin}/{route('datapackage')}",
        "title": name,
        "description": description or name,
        "homepage": f"{origin}/{route('data')}",
        "version": DATA_SCHEMA_VERSION,
        "created": iso_utc(built),
    }
    if license:
        package["licenses"] = [license]
    package["resources"] = resources
    return package
