"""The values templates receive, prepared in Python where they can be tested.

Templates stay thin: they get events grouped by year, filter options, pages of
long lists, date markup, and never compute anything themselves. This module also
says what each page shows, as fingerprints (``event_page_key``, ``sources_key``),
so that a page whose fingerprint is unchanged need not be rendered again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_module
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import model
from .cache import bytes_digest
from .dates import MONTHS, TimelineDate
from .diagnostics import slugify
from .routes import route

ACTOR_KIND_TITLES = {
    "state": "States",
    "organisation": "Organisations",
    "de-facto authority": "De facto authorities",
    "person": "People",
}


def time_html(date: TimelineDate | None) -> Markup:
    """``<time datetime>`` markup at the date's precision; two elements for an interval."""
    if date is None:
        return Markup("")
    parts = [Markup('<time datetime="{}">{}</time>').format(iso, words) for iso, words in date.parts()]
    html = Markup(escape(date.separator)).join(parts)
    note = date.qualifier_note
    if note:
        html = Markup(
            '<span class="date-qualified" title="{}">{}<span class="visually-hidden"> ({})</span></span>'
        ).format(note, html, note)
    return html


def group_by_year(events: list[model.Event]) -> list[tuple[int, list[model.Event]]]:
    """Events under the year they start in, years in order (events arrive sorted)."""
    groups: dict[int, list[model.Event]] = {}
    for event in events:
        groups.setdefault(event.date.lower.year, []).append(event)
    return list(groups.items())


def events_by_year(events: list[model.Event]) -> dict[int, list[model.Event]]:
    """Every year and the events that touch it: an interval counts in each year it spans."""
    years: dict[int, list[model.Event]] = defaultdict(list)
    for event in events:
        for year in event.date.years:
            years[year].append(event)
    return dict(sorted(years.items()))


def actor_groups(actors: dict[str, model.Actor]) -> list[tuple[str, list[model.Actor]]]:
    """Actors by kind (states, organisations, authorities, people), each sorted by name."""
    groups = []
    for kind, title in ACTOR_KIND_TITLES.items():
        members = sorted((a for a in actors.values() if a.actor_kind == kind), key=lambda a: a.name.casefold())
        if members:
            groups.append((title, members))
    return groups


def page_quotes(actor: model.Actor, events: list[model.Event]) -> list[model.Quote]:
    """The actor's quotes from ``events`` (one page of their events), in time order; parts of one passage joined."""
    return joined_quotes([quote for event in events for quote in event.quotes if quote.speaker is actor])


# what readers see for a language tag; others are shown as their tag
LANGUAGE_NAMES = {
    "hy": "Armenian", "az": "Azerbaijani", "az-Cyrl": "Azerbaijani, Cyrillic", "ru": "Russian", "en": "English",
    "fr": "French", "tr": "Turkish", "fa": "Persian", "ka": "Georgian", "de": "German",
}  # fmt: skip


def language_name(tag: str) -> str:
    return LANGUAGE_NAMES.get(tag, tag)


def all_corrections(site: model.Site) -> list[model.Correction]:
    """Every correction of every entry, newest first (then by the entry's name)."""
    entries = [*site.events, *(entry for entries in site.by_kind.values() for entry in entries.values())]
    found = [correction for entry in entries for correction in entry.corrections]
    found.sort(key=lambda c: c.entry.label.casefold())  # type: ignore[union-attr]
    return sorted(found, key=lambda c: c.date.sort_key, reverse=True)


def positions_table(document: model.Document) -> tuple[list[model.Actor], list[tuple[model.Element, list]]]:
    """The sides that read the document's elements (in the order first written) and, per element, each side's readings.

    A side with no reading of an element gets an empty list: the cell says so rather than being filled in.
    """
    sides: list[model.Actor] = []
    for element in document.elements:
        for reading in element.readings:
            if reading.side is not None and reading.side not in sides:
                sides.append(reading.side)
    rows = [
        (element, [[r for r in element.readings if r.side is side] for side in sides]) for element in document.elements
    ]
    return sides, rows


# Page fingerprints are strings: each entry by its digest (which stands for its file's path and
# bytes), joined by separators no checked value can hold (control characters are refused,
# ``frontmatter.UNSAFE_CHARACTER``). Hashing one string costs far less than the repr of tuples.
PART, SECTION = "\x1f", "\x1e"


def _digests(entries: Iterable[model.Entry | None]) -> str:
    return PART.join(entry.digest if entry else "" for entry in entries)


def entity_page_key(entity: model.Entry) -> str:
    """What an entity's page shows besides its events: its quotes' count, the entries its sources,
    readings and quotes name (a publisher renamed or declared changes every page that cites it, and
    an actor's pages show who published each of its quotes), and its last change (the "Last updated"
    line)."""
    named = [source.outlet for source in getattr(entity, "sources", ())]
    named += [quote.source.outlet if quote.source else None for quote in getattr(entity, "quotes", ())]
    for element in getattr(entity, "elements", ()):
        named += [entry for reading in element.readings for entry in (reading.side, reading.speaker)]
    return SECTION.join((entity.digest, str(len(getattr(entity, "quotes", ()))), _digests(named), str(entity.modified)))


def updated_html(when: dt.datetime | None) -> Markup:
    """An entry's last change for its page: ``<time datetime="2020-04-14">14 April 2020</time>`` (UTC day,
    English month names whatever the machine's locale), or nothing when it is unknown."""
    if when is None:
        return Markup("")
    day = when.astimezone(dt.UTC).date()
    return Markup('<time datetime="{}">{} {} {}</time>').format(day.isoformat(), day.day, MONTHS[day.month - 1],
                                                                day.year)  # fmt: skip


PARTICIPANT_GROUPS = {"host": "Host", "party": "Parties", "mediator": "Mediators", "observer": "Observers"}


def participants_by_role(event: model.Event) -> list[tuple[str, list[model.Actor]]]:
    """``(label, actors)`` for each role that someone had in ``event``: host, parties, mediators, observers."""
    groups = []
    for role, label in PARTICIPANT_GROUPS.items():
        actors = [participant.actor for participant in event.participants if participant.role == role]
        if actors:
            groups.append((label if len(actors) > 1 or role == "host" else label.removesuffix("s"), actors))
    return groups


def tag_slug(tag: str) -> str:
    """A tag as one token for a filter value or a data attribute."""
    return "-".join(tag.casefold().split())


FilterOption = tuple[str, str, int]  # value, text, how many events have it


def surname_key(actor: model.Actor) -> tuple[str, str]:
    """People by surname (the last word of their name), then by the whole name."""
    return actor.name.split()[-1].casefold() if actor.name.split() else "", actor.name.casefold()


def event_actor_slugs(event: model.Event) -> list[str]:
    """Everyone an event names or had taking part: what the actor filter matches."""
    return list(dict.fromkeys([a.slug for a in event.actors] + [p.actor.slug for p in event.participants]))


def filter_options(site: model.Site) -> list[tuple[str, str, list[tuple[str, list[FilterOption]]]]]:
    """``(name, label, [(group, [(value, text, count)])])`` for the index's actor, thread and tag filters.

    Actors come in groups by kind (states, organisations, de facto authorities, people), people by
    surname; threads and tags in one group each, without a heading.
    """
    actor_counts: dict[str, int] = {}
    for event in site.events:
        for slug in event_actor_slugs(event):
            actor_counts[slug] = actor_counts.get(slug, 0) + 1
    actor_groups_ = []
    for kind, title in ACTOR_KIND_TITLES.items():
        members = [a for a in site.actors.values() if a.actor_kind == kind and actor_counts.get(a.slug)]
        members.sort(key=surname_key if kind == "person" else lambda a: a.name.casefold())  # type: ignore[arg-type]
        if members:
            actor_groups_.append((title, [(a.slug, a.name, actor_counts[a.slug]) for a in members]))
    threads = sorted(site.threads.values(), key=lambda t: t.title.casefold())
    tags: dict[str, list] = {}
    for event in site.events:
        for tag in event.tags:
            entry = tags.setdefault(tag_slug(tag), [tag, 0])
            entry[1] += 1
    return [
        ("actor", "Actor", actor_groups_),
        ("thread", "Thread", [("", [(t.slug, t.title, len(t.events)) for t in threads if t.events])]),
        ("tag", "Tag", [("", [(slug, text, count) for slug, (text, count) in sorted(tags.items())])]),
    ]


def sources_by_publisher(sources: list[model.Source]) -> list[tuple[str, list[model.Source]]]:
    groups: dict[str, list[model.Source]] = {}
    for source in sources:
        groups.setdefault(source.publisher_name, []).append(source)
    return list(groups.items())


@dataclass(frozen=True)
class Pagination:
    """One page of a long list: ``base/``, then ``base/page/2/``, ``base/page/3/``…"""

    base: str
    number: int
    count: int
    items: list

    def path_of(self, number: int) -> str:
        return self.base if number == 1 else route("more", base=self.base, number=number)

    @property
    def path(self) -> str:
        return self.path_of(self.number)

    @property
    def previous(self) -> str | None:
        return self.path_of(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path_of(self.number + 1) if self.number < self.count else None


def paginate(base: str, items: list, size: int) -> list[Pagination]:
    """``items`` cut into pages of ``size`` (at least one page, even when empty)."""
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [[]]
    return [Pagination(base, number, len(chunks), chunk) for number, chunk in enumerate(chunks, 1)]


def publisher_slugs(publishers: list[tuple[str, list[model.Source]]]) -> list[str]:
    """A distinct URL slug per publisher, in the same order."""
    taken: set[str] = set()
    slugs = []
    for name, _ in publishers:
        # a folder name: cut well below the file system's 255 bytes, whatever the publisher's name
        base = slugify(name)[:80].rstrip("-") or "publisher"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def sources_key(sources: list[model.Source]) -> str:
    """What a list of sources shows: each source comes from its citing events' files."""
    return SECTION.join(
        PART.join((s.publisher_name, s.outlet.digest if s.outlet else "", s.url, _digests(s.cited_by))) for s in sources
    )


def search_record_key(entry: model.Entry) -> str:
    """What an entry's search document shows (``search_record.html``): the entry's file, its rendered
    body (its links' addresses), and the names it borrows from a venue, documents and speakers."""
    named = [getattr(entry, "venue", None), *getattr(entry, "documents", ())]
    named += [quote.speaker for quote in getattr(entry, "quotes", ())]
    return SECTION.join((entry.digest, bytes_digest(entry.body_html.encode()), _digests(named)))


def event_page_key(event: model.Event) -> str:
    """What an event page shows: itself, every entry it names, its places in threads, its last change."""
    steps = PART.join(f"{s.thread.slug} {s.position} {len(s.thread.events)}" for s in event.thread_steps)
    relations = PART.join(f"{relation.words} {relation.other.slug}" for relation in event.relations)
    linked = [
        event.previous, event.next, *event.actors, *event.places, *event.documents, *event.threads,
        *(relation.other for relation in event.relations),
        *(neighbour for step in event.thread_steps for neighbour in (step.previous, step.next)),
        *(source.outlet for source in event.sources),
        *(participant.actor for participant in event.participants), event.venue,
    ]  # fmt: skip
    return SECTION.join((event.digest, steps, relations, _digests(linked), str(event.modified)))


# -- the event page (issue 15): lead, joined quotes, tag links ------------------------------------
_TAG = re.compile(r"<[^>]+>")
_CITATION_MARK = re.compile(r'<sup class="citation">.*?</sup>', re.S)
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
QUOTE_JOIN = " … "  # the words left out between two parts of one passage


def _plain(html: str) -> str:
    """Text as a reader compares it: no markup, no citation numbers, one space, no case, no final stop."""
    text = html_module.unescape(_TAG.sub("", _CITATION_MARK.sub("", html)))
    return " ".join(text.split()).casefold().rstrip(" .")


def event_lead(event: model.Event) -> str:
    """The summary shown under the title, unless the body opens with the same words: a reader would read them twice."""
    if not event.summary:
        return ""
    first = _FIRST_PARAGRAPH.search(event.body_html or "")
    if first and _plain(first[1]) == _plain(event.summary):
        return ""
    return event.summary


def joined_quotes(quotes: list[model.Quote]) -> list[model.Quote]:
    """Consecutive quotes of one speaker from one source (one passage the entry split) as one quote, its parts
    joined by an ellipsis; a comma that ended a part (before "he said") goes with the words left out."""
    joined: list[model.Quote] = []
    for quote in quotes:
        last = joined[-1] if joined else None
        if last is not None and (last.event, last.speaker_slug, last.source_url, last.translated) == (
            quote.event,
            quote.speaker_slug,
            quote.source_url,
            quote.translated,
        ):
            text = last.text.rstrip().rstrip(",") + QUOTE_JOIN + quote.text
            joined[-1] = dataclasses.replace(last, text=text)
        else:
            joined.append(quote)
    return joined


def tag_links(event: model.Event, filterable: bool = True) -> list[tuple[str, str]]:
    """``(tag, path)``: each tag with the index filtered by it (the index's filters read ``?tag=``).

    When the index cannot filter (it shows counts per year past ``TIMELINE_INDEX_LIMIT``) the path is
    empty: a link would land on a page that ignores the tag.
    """
    return [(tag, "?tag=" + tag_slug(tag) if filterable else "") for tag in event.tags]


# -- titles and descriptions as search results and link previews show them ---------------------------
TITLE_LIMIT = 70  # characters a search result or a link preview shows of a title
DESCRIPTION_LIMIT = 160  # … and of a description


def shorten(text: str, limit: int) -> str:
    """``text`` (blanks collapsed) in at most ``limit`` characters: cut at a word, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.—–-") + "…"


def page_title(title: str, site_name: str, short_name: str = "") -> str:
    """A page's title in at most ``TITLE_LIMIT`` characters.

    Templates write ``<what the page is> — <site name>``; when that is too long the
    suffix becomes ``short_name`` (``TIMELINE_SHORT_NAME``), then goes, and only then is
    the page's own part shortened: what the page is matters more than whose it is. A
    closing parenthesis is kept whole ("Statement of the heads… (Vienna, 7 December 2017)"):
    it is what tells apart titles that begin alike.
    """
    title = " ".join(title.split())
    suffix = f" — {site_name}"
    if len(title) <= TITLE_LIMIT or not site_name or not title.endswith(suffix):
        return _shorten_title(title)
    own = title.removesuffix(suffix)
    if short_name and len(own) + 3 + len(short_name) <= TITLE_LIMIT:
        return f"{own} — {short_name}"
    return _shorten_title(own)


def _shorten_title(title: str) -> str:
    """``title`` in ``TITLE_LIMIT`` characters, its closing parenthesis kept when it is short enough."""
    head, _, note = title.rpartition(" (")
    if len(title) > TITLE_LIMIT and head and title.endswith(")") and len(note) + 2 <= TITLE_LIMIT // 2:
        return shorten(head, TITLE_LIMIT - len(note) - 2) + " (" + note
    return shorten(title, TITLE_LIMIT)


def page_description(text: str) -> str:
    """A page's description in at most ``DESCRIPTION_LIMIT`` characters, cut at a word."""
    return shorten(text, DESCRIPTION_LIMIT)


def title_filter(value: str, site_name: str, short_name: str = "") -> Markup:
    """``page_title`` as a template filter: it gets the block's escaped text and gives it back escaped."""
    return Markup(escape(page_title(html_module.unescape(str(value)), site_name, short_name)))


def description_filter(value: str, page: int = 1) -> Markup:
    """``page_description`` as a template filter; the second and later pages of a list say which they are."""
    text = html_module.unescape(str(value))
    if page > 1:
        note = f" (page {page})"
        return Markup(escape(shorten(text, DESCRIPTION_LIMIT - len(note)) + note))
    return Markup(escape(page_description(text)))
