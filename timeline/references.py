"""Links between entries: resolving slugs, backlinks, inverse relations, threads.

Given every entry of a site, this module turns the slugs an event names into the
objects themselves, and builds everything that points the other way: each
entity's chronological list of events, each actor's quotes, each event's
relations in both directions, each thread's order with previous/next per event,
and the list of cited sources. Every unknown slug is reported with the file,
line and key where it was written and the closest known slug.

All of it is one pass over the events and their references: linear in events
plus references, with lookups in dicts (no scan of all events per event).
"""

from __future__ import annotations

from . import model
from .diagnostics import Report, did_you_mean, key_name, slugify
from .frontmatter import RawEntry
from .markup import lines_of_link


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
        raws: dict[tuple[str, str], RawEntry],
        report: Report,
        broken: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    ) -> None:
        self.site, self.raws, self.report, self.broken = site, raws, report, broken
        self.events = {event.slug: event for event in site.events}
        self._aliases: dict[str, dict[str, str]] = {}

    def table(self, kind: str) -> dict[str, model.Entry]:
        return self.events if kind == "event" else self.site.entities(kind)  # type: ignore[return-value]

    def lookup(self, kind: str, slug: str) -> model.Entry | None:
        return self.table(kind).get(slug)

    def url(self, kind: str, slug: str) -> str | None:
        entry = self.lookup(kind, slug)
        return None if entry is None else entry.url

    def unknown(self, entry: model.Entry, key_path: tuple, kind: str, slug: str, line: int | None = None) -> None:
        if (kind, slug) in self.broken:
            return  # it exists but has errors of its own, reported in its file
        table = self.table(kind)
        if kind not in self._aliases:
            self._aliases[kind] = name_aliases(table)
        raw = self.raws[(entry.kind, entry.slug)]
        key = key_name(key_path)
        self.report.error(
            entry.path,
            line if line is not None else raw.line_of(*key_path),
            key,
            f"no {kind} is called '{slug}'",
            did_you_mean(slug, [*table, *(s for k, s in self.broken if k == kind)], self._aliases[kind])
            + f" (or create {content_folder(entry)}{model.KINDS[kind]}/{slug}.md)",
        )


def resolve(site: model.Site, resolver: Resolver) -> None:
    """Link every event to what it names and build every backlink (events must be sorted)."""
    keys = (("actors", "actor"), ("places", "place"), ("documents", "document"), ("threads", "thread"))
    sources: dict[tuple[str, str], model.Source] = {}
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
        for source in event.sources:
            shared = sources.setdefault((source.publisher, source.url), source)
            if not shared.cited_by or shared.cited_by[-1] is not event:  # events arrive one by one
                shared.cited_by.append(event)
    for thread in site.threads.values():
        _number_thread(thread)
    for actor in site.actors.values():
        actor.quotes = [quote for event in actor.events for quote in event.quotes if quote.speaker is actor]
    _order_relations(site)
    site.sources = sorted(
        sources.values(),
        key=lambda s: (s.publisher.casefold(), s.date.sort_key if s.date else (0, 0, 0), s.title.casefold(), s.url),
    )


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
        forward, backward = model.RELATION_WORDS[kind]
        event.relations.append(model.Relation(kind, forward, other))
        other.relations.append(model.Relation(kind, backward, event))


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


def resolve_body_links(entry: model.Entry, missing: list[tuple[str, str]], resolver: Resolver, body_line: int) -> None:
    """Report every body link of ``entry`` that names no entry, on each line it is written."""
    for kind, slug in dict.fromkeys(missing):
        for line in lines_of_link(entry.body_markdown, kind, slug):
            resolver.unknown(entry, ("body",), kind, slug, line=body_line + line)
