"""Checking one entry's front matter against the content contract.

This module owns the contract: which keys each kind of entry takes, which are
required, what shape each value has, and which values are unsafe to publish.
``build_entry`` turns a ``RawEntry`` into a model object, reporting every problem
it finds (never only the first) as a ``Diagnostic`` with file, line and key.
Links between entries are checked later, by ``references``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import model
from .dates import DateError, parse_date
from .diagnostics import Report, did_you_mean, key_name
from .frontmatter import UNSAFE_CHARACTER, RawEntry, describe_character
from .kinds import BOOL, DATE, KINDS, LIST, MAPPINGS, NAMES, ORDER, SLUGS, TEXT, URL, Kind
from .markup import costly_markup

# kind -> key -> (shape, required), and list-of-mappings key -> its keys: from the kinds table
SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    name: {key: (spec.shape, spec.required) for key, spec in kind.keys.items()} for name, kind in KINDS.items()
}
ITEM_SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    key: {item: (spec.shape, spec.required) for item, spec in value.items.items()}
    for kind in KINDS.values()
    for key, value in kind.keys.items()
    if value.items
}
ACTOR_KINDS = ("person", "state", "organisation", "de-facto authority")
MEETING_FORMATS = ("summit", "ministerial", "mediator visit", "phone call", "videoconference", "multilateral forum")
PARTICIPANT_ROLES = ("host", "mediator", "party", "observer")
RELATION_TYPES = tuple(model.RELATION_WORDS)
# a language as BCP 47 writes it: hy, az, ru, az-Cyrl, sr-Latn-RS…
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?")
SLUG_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

# Markup that must never reach a page, whatever the content says: (pattern, problem, hint).
UNSAFE = (
    (re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|applet|base|meta|link|style|form)\b", re.I),
     "raw <{0}> markup is not allowed", "remove it; write plain Markdown"),
    # [^<>], not [^>]: each character is then scanned from one '<' at most (linear on '<<<<…');
    # a handler after a '<' inside the tag is still found, from that '<'.
    (re.compile(r"<[^<>]*?[\s/\"'](on[a-z]+)\s*=", re.I),
     "an event handler attribute ({0}=) is not allowed", "remove the attribute; entries cannot run scripts"),
    (re.compile(r"\b(javascript|vbscript)\s*:|\b(data)\s*:\s*text/html", re.I),
     "a '{0}:' URL is not allowed", "link to an http(s) address or another entry instead"),
)  # fmt: skip


def unsafe_markup(text: str) -> list[tuple[str, str, int]]:
    """``(problem, hint, offset)`` for every unsafe construct in ``text``, in order."""
    found = []
    for pattern, message, hint in UNSAFE:
        for match in pattern.finditer(text):
            name = next(group for group in match.groups() if group)
            found.append((message.format(name.lower()), hint, match.start()))
    return sorted(found, key=lambda item: item[2])


def _unsafe_characters_in_values(value: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """``(key path, character)`` of the first ``UNSAFE_CHARACTER`` in each key and text value.

    Checked on the values YAML built, not on the file: ``"\\0"`` or ``"\\uFFFE"``
    escapes only become characters when YAML reads them.
    """
    found: list[tuple[tuple, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (match := UNSAFE_CHARACTER.search(key)):
                found.append(((*path, key), match.group()))
            found += _unsafe_characters_in_values(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _unsafe_characters_in_values(item, (*path, index))
    elif isinstance(value, str) and (match := UNSAFE_CHARACTER.search(value)):
        found.append((path, match.group()))
    return found


def _check_characters(raw: RawEntry, report: Report) -> bool:
    """Report invisible characters that break feeds and pages (values, then body); True if any."""
    in_values = _unsafe_characters_in_values(raw.meta)
    for key_path, char in in_values:
        report.error(raw.path, raw.line_of(*key_path), key_name(key_path), *describe_character(char))
    first: dict[str, int] = {}  # a PDF paste brings dozens: one error per character, on its first line
    counts: dict[str, int] = {}
    for match in UNSAFE_CHARACTER.finditer(raw.body):
        char = match.group()
        first.setdefault(char, match.start())
        counts[char] = counts.get(char, 0) + 1
    for char, offset in first.items():
        problem, hint = describe_character(char)
        if counts[char] > 1:
            problem += f" ({counts[char]} times in the body)"
        report.error(raw.path, raw.body_line + raw.body.count("\n", 0, offset), "body", problem, hint)
    return bool(in_values or first)


class _Checker:
    """Checks one raw entry, reporting into a shared ``Report``."""

    def __init__(self, raw: RawEntry, kind: str, report: Report) -> None:
        self.raw, self.kind, self.report = raw, kind, report
        self.failed = False

    def error(self, key_path: tuple, message: str, hint: str) -> None:
        self.failed = True
        self.report.error(self.raw.path, self.raw.line_of(*key_path), key_name(key_path), message, hint)

    def warning(self, key_path: tuple, message: str, hint: str) -> None:
        self.report.warning(self.raw.path, self.raw.line_of(*key_path), key_name(key_path), message, hint)

    def check_keys(self, values: dict, schema: dict, prefix: tuple) -> None:
        for key in values:
            if key not in schema:
                name = str(key)
                suggestion = did_you_mean(name, schema)
                if not suggestion.startswith("did you mean"):
                    suggestion = "known keys are: " + ", ".join(schema)
                self.error((*prefix, name), f"unknown key '{name}'", suggestion)
        for key, (_, required) in schema.items():
            if required and _blank(values.get(key)):
                what = "is missing" if key not in values else "is empty"
                self.error((*prefix, key) if key in values else prefix, f"'{key}' {what}", _fill_hint(key))

    def value(self, values: dict, key: str, shape: str, prefix: tuple = ()) -> Any:
        """The value of ``key`` in ``shape``, or None (after reporting) if it has another."""
        value = values.get(key)
        path = (*prefix, key)
        if value is None:
            return None
        if shape == DATE:
            try:
                return parse_date(value)
            except DateError as error:
                self.error(path, error.message, error.hint)
                return None
        if shape == NAMES:
            if not isinstance(value, dict):
                self.error(path, f"expected a list of 'language: name' lines, found a {_shape_name(value)}",
                           f"write {key}: then, indented, one line per language, e.g.   ru: Степанакерт")  # fmt: skip
                return None
            names = {}
            for language, name in value.items():
                if not isinstance(language, str) or not LANGUAGE_TAG.fullmatch(language):
                    self.error((*path, str(language)), f"'{language}' is not a language tag",
                               "use its short tag: hy (Armenian), az (Azerbaijani), ru (Russian)…")  # fmt: skip
                elif _blank(name) or isinstance(name, (dict, list, bool)):
                    self.error((*path, language), f"the {language} name is empty", "write the name after the tag")
                else:
                    self.check_safe((*path, language), str(name).strip())
                    names[language] = str(name).strip()
            return names
        if shape == ORDER:
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 999:
                return value
            shown = str(value).lower() if isinstance(value, bool) else value
            self.error(path, f"'{shown}' is not a position (a whole number from 1)",
                       f"write {key}: 1 on the event that happened first that day, 2 on the next…")  # fmt: skip
            return None
        if shape == BOOL:
            if isinstance(value, bool):
                return value
            self.error(path, f"'{value}' is not true or false", f"write {key}: true or {key}: false")
            return None
        if shape in (TEXT, URL):
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                self.error(path, f"expected text, found a {_shape_name(value)}", "write it on one line after the key")
                return None
            text = str(value).strip()
            if not text:
                return None  # blank is absent: reported above when required, a missing summary when not
            self.check_safe(path, text)
            if shape == URL and not re.match(r"https?://[^\s/$.?#][^\s]*$", text, re.I):
                self.error(path, f"'{text}' is not a web address", "give a full http:// or https:// URL")
                return None
            return text
        if shape in (LIST, SLUGS):
            if isinstance(value, (str, int)):
                value = [value]  # a single name is a list of one
            if not isinstance(value, list):
                self.error(path, f"expected a list, found a {_shape_name(value)}", f"write {key}: [first, second]")
                return None
            items = []
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)) or item is None:
                    self.error((*path, index), f"item {index + 1} is not a single word or name", "write plain names")
                    continue
                text = str(item).strip()
                if not text:
                    self.error((*path, index), f"item {index + 1} is empty", "remove it, or write the name")
                    continue
                self.check_safe((*path, index), text)
                if shape == SLUGS and not SLUG_PATTERN.fullmatch(text):
                    self.error((*path, index), f"'{text}' is not a slug", "use the file name of an entry, without .md")
                    continue
                items.append(text)
            return items
        if shape == MAPPINGS:
            if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                self.error(path, f"expected a list of '- key: value' items, found a {_shape_name(value)}",
                           f"see the '{key}' example in CONTRIBUTING.md")  # fmt: skip
                return None
            return value
        raise AssertionError(shape)

    def check_safe(self, path: tuple, text: str) -> None:
        for problem, hint, _ in unsafe_markup(text)[:1]:
            self.error(path, problem, hint)

    def fields(self, values: dict, schema: dict, prefix: tuple = ()) -> dict[str, Any]:
        self.check_keys(values, schema, prefix)
        return {key: self.value(values, key, shape, prefix) for key, (shape, _) in schema.items()}

    def items(self, values: dict, key: str) -> list[dict[str, Any]]:
        """Checked fields of each mapping in the list under ``key``."""
        checked = []
        items = values.get(key)
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            return checked  # the wrong shape was reported by ``fields``
        for index, item in enumerate(items):
            checked.append(self.fields(item, ITEM_SCHEMA[key], (key, index)))
        return checked


def _blank(value: object) -> bool:
    """Missing, empty, or only spaces: nothing a reader could see."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _shape_name(value: object) -> str:
    return {dict: "mapping", list: "list", bool: "true/false"}.get(type(value), type(value).__name__)


def _fill_hint(key: str) -> str:
    examples = {
        "title": 'title: "Leaders meet in Kazan"',
        "date": 'date: "2011-06-24"',
        "name": "name: Sergey Lavrov",
        "kind": f"kind: one of {', '.join(ACTOR_KINDS)}",
        "url": "url: https://…",
        "publisher": "publisher: TASS",
        "speaker": "speaker: <actor slug>",
        "text": "text: the words, verbatim",
        "source": "source: <url of one of this event's sources>",
        "event": "event: <event slug>",
        "type": f"type: one of {', '.join(RELATION_TYPES)}",
    }
    return "add " + examples.get(key, f"{key}: …")


def _fields(check: _Checker, values: dict, kind: Kind) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model fields the kind's plain keys fill (empty values for missing ones), and every key's checked value."""
    checked = check.fields(values, SCHEMA[kind.name])
    empty = {LIST: [], SLUGS: [], TEXT: "", DATE: None, URL: None, BOOL: False, ORDER: 0, NAMES: {}}
    fields = {}
    for key, spec in kind.keys.items():
        attribute = spec.attribute(key)
        if attribute is not None:
            value = checked[key]
            fields[attribute] = empty[spec.shape] if value is None else value
    return fields, checked


def _sources(check: _Checker, values: dict) -> list[model.Source]:
    sources = []
    for item in check.items(values, "sources"):
        if item["url"] and item["title"] and item["publisher"]:
            sources.append(model.Source(item["title"], item["publisher"], item["url"], item["date"], item["archived"],
                                        item["lang"] or ""))  # fmt: skip
    return sources


def _document_parts(check: _Checker, values: dict, fields: dict[str, Any], checked: dict[str, Any]) -> dict:
    """Sources, and the elements with each side's reading; a reading's source is one of the document's."""
    sources = _sources(check, values)
    urls = {source.url for source in sources}
    reading_keys = KINDS["document"].keys["elements"].items["readings"].items
    reading_schema = {key: (spec.shape, spec.required) for key, spec in reading_keys.items()}
    elements = []
    for index, item in enumerate(check.items(values, "elements")):
        readings = []
        raw_readings = (values["elements"][index] or {}).get("readings") or []
        for number, raw in enumerate(raw_readings if isinstance(raw_readings, list) else []):
            if not isinstance(raw, dict):
                continue  # the shape was reported with the element
            path = ("elements", index, "readings", number)
            reading = check.fields(raw, reading_schema, path)
            if reading["source"] and reading["source"] not in urls:
                check.error((*path, "source"), f"'{reading['source']}' is not the url of one of its sources",
                            "add the source under the document's sources: first, and copy its url here")  # fmt: skip
            elif all(reading[key] for key in ("side", "text", "speaker", "date", "source")):
                readings.append(model.Reading(reading["side"], reading["text"], reading["speaker"], reading["date"],
                                              reading["source"], bool(reading["translated"])))  # fmt: skip
        if item["title"]:
            elements.append(model.Element(item["title"], readings))
    return {"sources": sources, "elements": elements}


def _term_parts(check: _Checker, values: dict, fields: dict[str, Any], checked: dict[str, Any]) -> dict[str, Any]:
    return {"sources": _sources(check, values)}


def _event_parts(check: _Checker, values: dict, fields: dict[str, Any], checked: dict[str, Any]) -> dict[str, Any]:
    """Sources, relations and quotes of an event, and its warnings."""
    sources = _sources(check, values)
    related = []
    for index, item in enumerate(check.items(values, "related")):
        kind = item["type"]
        if kind and kind not in RELATION_TYPES:
            check.error(("related", index, "type"), f"unknown relation type '{kind}'",
                        did_you_mean(kind, RELATION_TYPES) + f" (types: {', '.join(RELATION_TYPES)})")  # fmt: skip
        elif kind and item["event"]:
            related.append((kind, item["event"]))
    quotes = []
    for item in check.items(values, "quotes"):
        if item["speaker"] and item["text"] and item["source"]:
            quotes.append(model.Quote(item["speaker"], item["text"], item["source"], bool(item["translated"])))
    meeting = _meeting_parts(check, values, fields, checked)
    if not fields["summary"] and not check.failed:
        check.warning(("title",), "the event has no summary", "add summary: one sentence readers see in lists")
    if not values.get("sources"):
        check.warning(
            ("title",), "the event cites no source", "add sources: with at least one title, publisher and url"
        )
    return {"related_refs": related, "sources": sources, "quotes": quotes, **meeting}


def _not_one_of(check: _Checker, path: tuple, what: str, value: str, allowed: tuple[str, ...]) -> None:
    """Report a value that is not one of ``allowed``, naming the closest and all of them."""
    check.error(path, f"unknown {what} '{value}'", did_you_mean(value, allowed) + f" (one of: {', '.join(allowed)})")


def _meeting_parts(check: _Checker, values: dict, fields: dict[str, Any], checked: dict[str, Any]) -> dict[str, Any]:
    """Format, participants and venue of an event: checked against their lists and each other."""
    meeting_format = fields["meeting_format"]
    if meeting_format and meeting_format not in MEETING_FORMATS:
        _not_one_of(check, ("format",), "meeting format", meeting_format, MEETING_FORMATS)
    participants: list[tuple[str, str]] = []
    for index, item in enumerate(check.items(values, "participants")):
        actor, role = item["actor"], item["role"]
        if role and role not in PARTICIPANT_ROLES:
            _not_one_of(check, ("participants", index, "role"), "role", role, PARTICIPANT_ROLES)
        elif actor and not SLUG_PATTERN.fullmatch(actor):
            check.error(("participants", index, "actor"), f"'{actor}' is not a slug", "give an actor file's name")
        elif actor and any(actor == known for known, _ in participants):
            check.error(("participants", index, "actor"), f"'{actor}' is listed twice",
                        "list each participant once, with the role they had")  # fmt: skip
        elif actor and role:
            participants.append((actor, role))
    venues = checked["venue"] or []
    if len(venues) > 1:
        check.error(("venue",), "an event has one venue", "name the place it was held; other places go under places:")
    if venues and fields["online"]:
        check.error(("venue",), "an online event has no venue",
                    "remove venue:, or online: true if the meeting was held in person")  # fmt: skip
    return {"participant_refs": participants, "venue_slug": venues[0] if venues else ""}


def _actor_parts(check: _Checker, values: dict, fields: dict[str, Any], checked: dict[str, Any]) -> dict[str, Any]:
    actor_kind = fields["actor_kind"]
    if actor_kind and actor_kind not in ACTOR_KINDS:
        check.error(("kind",), f"unknown actor kind '{actor_kind}'",
                    did_you_mean(actor_kind, ACTOR_KINDS) + f" (kinds: {', '.join(ACTOR_KINDS)})")  # fmt: skip
    return {}


def _corrections(check: _Checker, values: dict) -> list[model.Correction]:
    """What was corrected and when, newest first; a correction is dated to the day."""
    corrections = []
    for index, item in enumerate(check.items(values, "corrections")):
        date, text = item["date"], item["text"]
        if date and (date.precision != "day" or date.is_interval or date.qualified):
            check.error(("corrections", index, "date"), f"'{date.edtf}' is not one day",
                        "give the day the entry was corrected, e.g. date: 2026-12-01")  # fmt: skip
        elif date and text:
            corrections.append(model.Correction(date, text))
    return sorted(corrections, key=lambda correction: correction.date.sort_key, reverse=True)


# What a kind checks beyond the shapes of its keys, and the model fields that makes.
KIND_CHECKS: dict[str, Callable[[_Checker, dict, dict[str, Any], dict[str, Any]], dict[str, Any]]] = {
    "event": _event_parts,
    "actor": _actor_parts,
    "term": _term_parts,
    "document": _document_parts,
}


def build_entry(raw: RawEntry, kind: str, slug: str, report: Report) -> model.Entry | None:
    """The model object for ``raw``, or None if it has errors (all reported)."""
    check = _Checker(raw, kind, report)
    check.failed = _check_characters(raw, report)
    for problem, hint, offset in unsafe_markup(raw.body) + costly_markup(raw.body):
        report.error(raw.path, raw.body_line + raw.body.count("\n", 0, offset), "body", problem, hint)
        check.failed = True
    spec = KINDS[kind]
    fields, checked = _fields(check, raw.meta, spec)
    parts = KIND_CHECKS.get(kind, lambda *_: {})(check, raw.meta, fields, checked)
    if "corrections" in spec.keys:
        parts["corrections"] = _corrections(check, raw.meta)
    entry = spec.model(
        kind=kind, slug=slug, path=raw.path, body_markdown=raw.body, url=spec.path(slug), **fields, **parts
    )
    for quote in getattr(entry, "quotes", ()):
        quote.event = entry
    for correction in entry.corrections:
        correction.entry = entry
    return None if check.failed else entry


__all__ = ["ACTOR_KINDS", "ITEM_SCHEMA", "RELATION_TYPES", "SCHEMA", "build_entry", "unsafe_markup"]
