"""Links between entries: resolving slugs, backlinks, inverse relations, threads.

Given every entry of a site, this module turns the slugs an event names into the
objects themselves, and builds everything that points the other way: each
entity's chronological list of events, each actor's quotes, each event's
relations in both directions, each thread's order with previous/next per event,
and the list of cited sources. Every unknown slug is reported with the file,
line and key where it was written and the closest known slug (or, when the slug
names an entry of another kind, that kind); every body address that is no entry
link, with the closest ``kind:slug``. A relation written twice, or from both of
its events, is a warning.

All of it is one pass over the events and their references: linear in events
plus references, with lookups in dicts (no scan of all events per event).
"""

from __future__ import annotations

import difflib
import re

from . import model
from .diagnostics import Report, did_you_mean, key_name, slugify
from .frontmatter import Positions
from .kinds import KINDS
from .markup import LINK_KINDS, BadLink, lines_of_link, lines_of_text

# "an event", "a term": how messages name one entry of each kind
ARTICLE = {kind: ("an " if kind[0] in "aeiou" else "a ") + kind for kind in KINDS}
EVENT_KEYS = {"actor": "actors", "place": "places", "document": "documents", "thread": "threads"}
# Where to look for a slug written after an unknown kind ("person:lavrov"): entities before events.
GUESS_ORDER = (*(kind for kind in KINDS if kind not in ("event", "page")), "event", "page")


def content_folder(entry: model.Entry) -> str:
    """The content folder as the contributor sees it, from one of its entries ("content/", "", …)."""
    shown = entry.path.as_posix()
    return shown[: -len(entry.source)] if entry.source and shown.endswith(entry.source) else "content/"


def name_aliases(entries: dict[str, model.Entry]) -> dict[str, str]:
    """Slugified names and aliases -> slug, so 'lavrov' can suggest 'sergey-lavrov'."""
    aliases: dict[str, str] = {}
    for slug, entry in entries.items():
        names = [entry.label, *getattr(entry, "aliases", [])]
        for name in names:
            key = slugify(name)
            aliases.setdefault(key, slug)
            for word in key.split("-"):
                if len(word) > 3:
                    aliases.setdefault(word, slug)
    return aliases


class Resolver:
    """Looks slugs up for one site and reports the ones that name nothing."""

    def __init__(
        self,
        site: model.Site,
        raws: dict[tuple[str, str], Positions],
        report: Report,
        broken: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    ) -> None:
        self.site, self.raws, self.report, self.broken = site, raws, report, broken
        self.events = {event.slug: event for event in site.events}
        self._aliases: dict[str, dict[str, str]] = {}
        # (from, to) slugs of every relation read so far -> its type and item index, for repeats
        self.relations: dict[tuple[str, str], tuple[str, int]] = {}

    def table(self, kind: str) -> dict[str, model.Entry]:
        return self.events if kind == "event" else self.site.entities(kind)  # type: ignore[return-value]

    def lookup(self, kind: str, slug: str) -> model.Entry | None:
        return self.table(kind).get(slug)

    def url(self, kind: str, slug: str) -> str | None:
        entry = self.lookup(kind, slug)
        return None if entry is None else entry.url

    def aliases(self, kind: str) -> dict[str, str]:
        if kind not in self._aliases:
            self._aliases[kind] = name_aliases(self.table(kind))
        return self._aliases[kind]

    def exists(self, kind: str, slug: str) -> bool:
        """Whether an entry ``kind:slug`` exists, with or without errors of its own."""
        return slug in self.table(kind) or (kind, slug) in self.broken

    def unknown(self, entry: model.Entry, key_path: tuple, kind: str, slug: str, line: int | None = None) -> None:
        if (kind, slug) in self.broken:
            return  # it exists but has errors of its own, reported in its file
        table = self.table(kind)
        raw = self.raws[(entry.kind, entry.slug)]
        key = key_name(key_path)
        line = line if line is not None else raw.line_of(*key_path)
        other = next((k for k in KINDS if k != kind and self.exists(k, slug)), None)
        if other is not None:
            self.report.error(entry.path, line, key, f"'{slug}' is {ARTICLE[other]}, not {ARTICLE[kind]}",
                              _where_it_goes(key_path[0], other, slug))  # fmt: skip
            return
        self.report.error(
            entry.path,
            line,
            key,
            f"no {kind} is called '{slug}'",
            did_you_mean(slug, [*table, *(s for k, s in self.broken if k == kind)], self.aliases(kind))
            + f" (or create {content_folder(entry)}{KINDS[kind].folder}/{slug}.md)",
        )

    def closest(self, kind: str, slug: str) -> str | None:
        """The known slug of ``kind`` closest to ``slug`` (by name, alias or spelling), if any is close."""
        if self.exists(kind, slug):
            return slug
        hint = did_you_mean(slug, self.table(kind), self.aliases(kind))
        match = re.match(r"did you mean '([^']*)'", hint)
        return match[1] if match else None

    def suggest_link(self, kind: str, rest: str) -> str | None:
        """The entry link closest to ``kind:rest`` as written: the closest kind, then the closest slug."""
        written, _, fragment = rest.partition("#")
        slug = written.strip().strip("/").strip()
        folded = kind.strip().casefold()
        if folded not in LINK_KINDS and folded.endswith("s"):
            folded = folded[:-1]  # events: -> event:
        kinds = [folded] if folded in LINK_KINDS else difflib.get_close_matches(folded, LINK_KINDS, n=1)
        found = next(((k, near) for k in kinds if (near := self.closest(k, slug))), None)
        found = found or next(((k, slug) for k in GUESS_ORDER if self.exists(k, slug)), None)
        found = found or next(((k, near) for k in GUESS_ORDER if (near := self.closest(k, slug))), None)
        if found is None:
            return None
        return f"{found[0]}:{found[1]}" + (f"#{fragment.strip()}" if fragment.strip() else "")

    def bad_link(self, entry: model.Entry, link: BadLink, line: int) -> None:
        """Report a body address that is neither an entry link nor a web address."""
        suggestion = self.suggest_link(link.kind, link.rest)
        if link.autolink:
            message = f"'{link.written}' is not a link: Markdown leaves it out of the page"
            hint = f"write [the words to show]({suggestion or link.written[1:-1]})"
        else:
            message = f"'{link.written}' is neither a link to an entry nor a web address"
            hint = (f"did you mean '{suggestion}'? " if suggestion else "") + (
                f"(an entry link is kind:slug, kind one of {', '.join(LINK_KINDS)}; a web address starts https://)"
            )
        self.report.error(entry.path, line, "body", message, hint)


def _where_it_goes(key: str, kind: str, slug: str) -> str:
    """What to write instead, when a slug of ``kind`` was written under ``key``."""
    if key == "body":
        return f"link it as {kind}:{slug}"
    if kind in EVENT_KEYS:
        where = f"name the {kind} under {EVENT_KEYS[kind]}:"
    elif kind == "event":
        where = f"relate the event under related: (- event: {slug} with a type)"
    else:
        where = f"link it from the body: [the words to show]({kind}:{slug})"
    return ("relations link events; " if key == "related" else "") + where


def resolve(site: model.Site, resolver: Resolver) -> None:
    """Link every event to what it names and build every backlink (events must be sorted)."""
    keys = (("actors", "actor"), ("places", "place"), ("documents", "document"), ("threads", "thread"))
    sources: dict[tuple[str, str], model.Source] = {}
    publishers = _Publishers(site, resolver)
    previous: model.Event | None = None
    for event in site.events:
        event.previous, previous = previous, event
        if event.previous:
            event.previous.next = event
        for key, kind in keys:
            targets = getattr(event, key)
            seen: set[str] = set()
            for index, slug in enumerate(getattr(event, f"{kind}_slugs")):
                target = resolver.lookup(kind, slug)
                if target is None:
                    resolver.unknown(event, (key, index), kind, slug)
                elif slug not in seen:
                    seen.add(slug)
                    targets.append(target)
                    target.events.append(event)  # type: ignore[attr-defined]
        _resolve_relations(event, resolver)
        _resolve_quotes(event, resolver)
        _resolve_attendance(event, resolver)
        for index, source in enumerate(event.sources):
            source.outlet = publishers.find(event, index, source.publisher)
            if source.outlet and (not source.outlet.events or source.outlet.events[-1] is not event):
                source.outlet.events.append(event)
            shared = sources.setdefault((source.publisher_name, source.url), source)
            if not shared.cited_by or shared.cited_by[-1] is not event:  # events arrive one by one
                shared.cited_by.append(event)
    for document in site.documents.values():
        _resolve_readings(document, resolver, publishers)  # type: ignore[arg-type]
    for term in site.entities("term").values():
        for index, source in enumerate(term.sources):  # type: ignore[attr-defined]
            source.outlet = publishers.find(term, index, source.publisher)  # type: ignore[arg-type]
    for thread in site.threads.values():
        _number_thread(thread)
    for actor in site.actors.values():
        actor.quotes = [quote for event in actor.events for quote in event.quotes if quote.speaker is actor]
    _order_relations(site)
    site.sources = sorted(
        sources.values(),
        key=lambda s: (
            s.publisher_name.casefold(),
            s.date.sort_key if s.date else (0, 0, 0),
            s.title.casefold(),
            s.url,
        ),
    )


class _Publishers:
    """A source's publisher, by the slug, name or alias of a declared one (``content/publishers/``).

    A site that declares no publisher names them as free text; once it declares
    one, a source whose publisher is not declared is a warning, so that every
    citation can show who is speaking.
    """

    def __init__(self, site: model.Site, resolver: Resolver) -> None:
        self.resolver = resolver
        self.declared = site.entities("publisher")
        self.by_name: dict[str, model.Publisher] = {}
        for slug, publisher in self.declared.items():
            for name in (slug, publisher.name, *publisher.aliases):  # type: ignore[attr-defined]
                self.by_name.setdefault(name.casefold(), publisher)  # type: ignore[arg-type]

    def find(self, event: model.Entry, index: int, name: str) -> model.Publisher | None:
        found = self.by_name.get(name.casefold())
        if found is None and self.declared:
            raw = self.resolver.raws[(event.kind, event.slug)]
            close = difflib.get_close_matches(name.casefold(), list(self.by_name), n=1, cutoff=0.7)
            hint = (f"did you mean '{self.by_name[close[0]].name}'? " if close else "") + (  # type: ignore[attr-defined]
                f"declare it in {content_folder(event)}{KINDS['publisher'].folder}/<slug>.md "
                "(name, kind, side), so readers see who is speaking"
            )
            self.resolver.report.warning(event.path, raw.line_of("sources", index, "publisher"),
                                         f"sources[{index}].publisher", f"'{name}' is not a declared publisher",
                                         hint)  # fmt: skip
        return found


def _resolve_readings(document: model.Document, resolver: Resolver, publishers: _Publishers) -> None:
    """A document's sources name their publishers; each reading's side and speaker are actors."""
    for index, source in enumerate(document.sources):
        source.outlet = publishers.find(document, index, source.publisher)
    by_url = {source.url: source for source in document.sources}
    for element_index, element in enumerate(document.elements):
        for number, reading in enumerate(element.readings):
            path = ("elements", element_index, "readings", number)
            reading.side = resolver.lookup("actor", reading.side_slug)  # type: ignore[assignment]
            if reading.side is None:
                resolver.unknown(document, (*path, "side"), "actor", reading.side_slug)
            reading.speaker = resolver.lookup("actor", reading.speaker_slug)  # type: ignore[assignment]
            if reading.speaker is None:
                resolver.unknown(document, (*path, "speaker"), "actor", reading.speaker_slug)
            reading.source = by_url.get(reading.source_url)


def _resolve_attendance(event: model.Event, resolver: Resolver) -> None:
    """Who took part and where: the actors and the place exist, and list the event on their pages."""
    for index, (slug, role) in enumerate(event.participant_refs):
        actor = resolver.lookup("actor", slug)
        if actor is None:
            resolver.unknown(event, ("participants", index, "actor"), "actor", slug)
            continue
        event.participants.append(model.Participant(actor, role))  # type: ignore[arg-type]
        if not actor.events or actor.events[-1] is not event:  # type: ignore[attr-defined]
            actor.events.append(event)  # type: ignore[attr-defined]
    if event.venue_slug:
        place = resolver.lookup("place", event.venue_slug)
        if place is None:
            resolver.unknown(event, ("venue",), "place", event.venue_slug)
        else:
            event.venue = place  # type: ignore[assignment]
            if not place.events or place.events[-1] is not event:  # type: ignore[attr-defined]
                place.events.append(event)  # type: ignore[attr-defined]


def _resolve_relations(event: model.Event, resolver: Resolver) -> None:
    for index, (kind, slug) in enumerate(event.related_refs):
        if slug == event.slug:
            raw = resolver.raws[("event", event.slug)]
            resolver.report.error(
                event.path,
                raw.line_of("related", index, "event"),
                f"related[{index}].event",
                "an event cannot be related to itself",
                "name another event's slug, or remove this item",
            )
            continue
        other = resolver.events.get(slug)
        if other is None:
            resolver.unknown(event, ("related", index, "event"), "event", slug)
            continue
        if _repeated_relation(event, index, kind, slug, resolver):
            continue
        forward, backward = model.RELATION_WORDS[kind]
        event.relations.append(model.Relation(kind, forward, other))
        other.relations.append(model.Relation(kind, backward, event))


def _repeated_relation(event: model.Event, index: int, kind: str, slug: str, resolver: Resolver) -> bool:
    """Warn about a relation already written in this file (True: skip it) or in the other event's file."""
    key = f"related[{index}].event"
    earlier = resolver.relations.get((event.slug, slug))
    if earlier is not None and earlier[0] == kind:
        problem = f"'{slug}' is already related as '{kind}' in related[{earlier[1]}]"
        resolver.report.warning(event.path, _relation_line(event, index, resolver), key, problem,
                                "remove one of the two items")  # fmt: skip
        return True
    resolver.relations.setdefault((event.slug, slug), (kind, index))
    inverse = resolver.relations.get((slug, event.slug))
    if inverse is not None:
        line = _relation_line(event, index, resolver)
        other = resolver.events[slug]
        where = f"{other.path}:{resolver.raws[('event', slug)].line_of('related', inverse[1], 'event')}"
        if "context" in (kind, inverse[0]):
            problem = f"'{slug}' already relates to this event in its own file ({where}: {inverse[0]})"
        else:
            problem = f"'{slug}' says it {inverse[0]} this event ({where}), and this event says it {kind} '{slug}'"
        resolver.report.warning(event.path, line, key, problem,
                                "keep the relation in one of the two files: the other page shows its inverse "
                                "by itself; if both were written, decide which event came first")  # fmt: skip
    return False


def _relation_line(event: model.Event, index: int, resolver: Resolver) -> int:
    """The line of ``related[index]`` in the event's file: asked for only by a message (``Positions``)."""
    return resolver.raws[("event", event.slug)].line_of("related", index, "event")


def _resolve_quotes(event: model.Event, resolver: Resolver) -> None:
    by_url = {source.url: source for source in event.sources}
    for index, quote in enumerate(event.quotes):
        speaker = resolver.lookup("actor", quote.speaker_slug)
        if speaker is None:
            resolver.unknown(event, ("quotes", index, "speaker"), "actor", quote.speaker_slug)
        elif speaker not in event.actors:
            # whoever is quoted took part: the event appears on their page with the quote
            event.actors.append(speaker)  # type: ignore[arg-type]
            speaker.events.append(event)  # type: ignore[attr-defined]
        quote.speaker = speaker  # type: ignore[assignment]
        quote.source = by_url.get(quote.source_url)
        if quote.source is None:
            raw = resolver.raws[("event", event.slug)]
            known = list(by_url)
            resolver.report.error(
                event.path,
                raw.line_of("quotes", index, "source"),
                f"quotes[{index}].source",
                f"'{quote.source_url}' is not the url of one of this event's sources",
                (did_you_mean(quote.source_url, known) if known else "add the source under sources: first")
                + " (a quote's source must be copied from the event's sources: list)",
            )


def _number_thread(thread: model.Thread) -> None:
    """Give each event of a thread its place and neighbours (events arrive sorted)."""
    events = thread.events
    for position, event in enumerate(events):
        event.thread_steps.append(
            model.ThreadStep(
                thread,
                position + 1,
                events[position - 1] if position else None,
                events[position + 1] if position + 1 < len(events) else None,
            )
        )


def _order_relations(site: model.Site) -> None:
    """Relations listed by the other event's date, so every page reads in time order."""
    for event in site.events:
        if len(event.relations) > 1:
            event.relations.sort(key=lambda relation: relation.other.sort_key)


def resolve_body_links(
    entry: model.Entry, missing: list[tuple[str, str] | BadLink], resolver: Resolver, body_line: int
) -> None:
    """Report every body link of ``entry`` that names no entry, and every ``BadLink``, on each line it is written."""
    for item in dict.fromkeys(missing):
        if isinstance(item, BadLink):
            for line in lines_of_text(entry.body_markdown, item.written):
                resolver.bad_link(entry, item, body_line + line)
            continue
        kind, slug = item
        for line in lines_of_link(entry.body_markdown, kind, slug):
            resolver.unknown(entry, ("body",), kind, slug, line=body_line + line)
