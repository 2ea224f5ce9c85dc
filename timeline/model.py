"""The site's objects: events, the entities they name, and the links between them.

Plain dataclasses, built by ``validation`` from checked front matter and linked to
each other by ``references``. Templates and exports read them; nothing here reads
files or renders anything. Every object that has a page knows its own URL (given
by ``validation`` from the kinds table, ``kinds.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from .dates import TimelineDate

# Objects point at each other (event <-> actor, previous <-> next): compare them by
# identity and keep their repr short, or equality and repr would walk the graph.
linked = dataclass(eq=False, repr=False)

# relation type -> (words on the event that declares it, words on the other event)
RELATION_WORDS = {
    "follows": ("Follows", "Followed by"),
    "responds-to": ("Responds to", "Answered by"),
    "implements": ("Implements", "Implemented by"),
    "context": ("In the context of", "Context for"),
    "disputes": ("Disputes", "Disputed by"),
}


@linked
class Entry:
    """Anything written in one Markdown file."""

    kind: str
    slug: str
    path: Path  # as shown in messages: relative to the working folder when inside it
    body_markdown: str = ""
    body_html: str = ""
    source: str = ""  # the file's path inside the content folder, e.g. events/kazan.md
    digest: str = ""  # fingerprint of the file's bytes: its page is rebuilt when it changes
    url: str = ""  # site-relative address of its page, without a leading slash: events/kazan/
    citations: dict[int, list[str]] = field(default_factory=dict)  # source number -> ids of its marks
    corrections: list[Correction] = field(default_factory=list)  # newest first
    modified: dt.datetime | None = None  # the file's last change, from the content's history (history.py)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.slug}>"

    @property
    def label(self) -> str:
        return getattr(self, "title", None) or getattr(self, "name", self.slug)


@linked
class Correction:
    """What was corrected in an entry, and when: shown on its page and on /corrections/."""

    date: TimelineDate
    text: str
    entry: Entry | None = None


@linked
class Source:
    title: str
    publisher: str  # as the entry names it; ``outlet`` is the declared publisher it names, if any
    url: str
    date: TimelineDate | None = None
    archived: str | None = None
    lang: str = ""  # the language of the title, when it is not English (ru, hy, az…)
    cited_by: list[Event] = field(default_factory=list)
    outlet: Publisher | None = None

    @property
    def publisher_name(self) -> str:
        return self.outlet.name if self.outlet else self.publisher


@linked
class Quote:
    speaker_slug: str
    text: str
    source_url: str
    translated: bool = False
    event: Event | None = None
    speaker: Actor | None = None
    source: Source | None = None


@linked
class Relation:
    """``event`` <type> ``other``; shown on ``event`` as ``words``."""

    type: str
    words: str
    other: Event


@linked
class Participant:
    """An actor who took part in an event, and in what role (host, mediator, party, observer)."""

    actor: Actor
    role: str


@linked
class ThreadStep:
    """Where an event stands in one of its threads."""

    thread: Thread
    position: int
    previous: Event | None
    next: Event | None


@linked
class Event(Entry):
    title: str = ""
    date: TimelineDate = None  # type: ignore[assignment]
    date_note: str = ""
    order: int = 0  # among events of the same date: 1 happened first, then 2…; 0 = not said
    key_moment: bool = False
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    actor_slugs: list[str] = field(default_factory=list)
    place_slugs: list[str] = field(default_factory=list)
    document_slugs: list[str] = field(default_factory=list)
    thread_slugs: list[str] = field(default_factory=list)
    related_refs: list[tuple[str, str]] = field(default_factory=list)  # (type, slug)
    meeting_format: str = ""  # summit, ministerial, …: set when the event is a meeting
    participant_refs: list[tuple[str, str]] = field(default_factory=list)  # (actor slug, role)
    venue_slug: str = ""
    online: bool = False  # held online: no venue
    sources: list[Source] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # filled in by references.resolve
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    venue: Place | None = None
    thread_steps: list[ThreadStep] = field(default_factory=list)
    previous: Event | None = None
    next: Event | None = None

    @functools.cached_property
    def sort_key(self) -> tuple:  # kept: events are sorted for the site, each feed and each list
        return (*self.date.sort_key, self.order or 1000, self.slug)  # an event without an order comes last

    @property
    def anchor(self) -> str:
        return f"event-{self.slug}"


@linked
class Actor(Entry):
    name: str = ""
    actor_kind: str = ""
    role: str = ""
    aliases: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # language tag -> the name written in it
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@linked
class Reading:
    """How one side reads an element of a document, in the words of ``speaker``, with date and source."""

    side_slug: str
    text: str
    speaker_slug: str
    date: TimelineDate
    source_url: str
    translated: bool = False
    side: Actor | None = None
    speaker: Actor | None = None
    source: Source | None = None


@linked
class Element:
    """A part of a document the parties read differently (e.g. one of the Basic Principles)."""

    title: str
    readings: list[Reading] = field(default_factory=list)


@linked
class Document(Entry):
    name: str = ""
    date: TimelineDate | None = None
    document_kind: str = ""
    status: str = ""
    link: str | None = None
    sources: list[Source] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # language tag -> the name written in it
    events: list[Event] = field(default_factory=list)


@linked
class Place(Entry):
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # language tag -> the name written in it
    events: list[Event] = field(default_factory=list)


@linked
class Thread(Entry):
    title: str = ""
    summary: str = ""
    events: list[Event] = field(default_factory=list)


@linked
class Publisher(Entry):
    """Who publishes sources: declared once, so readers see who is speaking next to every citation."""

    name: str = ""
    link: str | None = None  # its web address
    country: str = ""
    publisher_kind: str = ""  # official, intergovernmental, news agency, newspaper…
    side: str = ""  # whose side it speaks for, or "neutral"
    aliases: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # the events citing it, in time order

    @property
    def speaks_for(self) -> str:
        """The label shown next to a citation: "Azerbaijani news agency", "neutral broadcaster"…"""
        return f"{self.side} {self.publisher_kind}".strip()


@linked
class Term(Entry):
    """A term of the talks (co-chairs, line of contact…): a neutral definition, each party's own words, sources."""

    name: str = ""
    aliases: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # the events whose text links the term, in time order


@linked
class Page(Entry):
    """A free-standing text page such as About or Editorial policy."""

    title: str = ""
    summary: str = ""


@linked
class Site:
    """Everything read from one content folder, resolved and sorted.

    Entries other than events are kept by kind (``entities("actor")``); templates
    may also name them by folder (``site.actors``), as the kinds table declares.
    """

    events: list[Event] = field(default_factory=list)  # chronological
    by_kind: dict[str, dict[str, Entry]] = field(default_factory=dict)  # kind -> slug -> entry
    folders: dict[str, str] = field(default_factory=dict)  # folder -> kind, for site.actors
    sources: list[Source] = field(default_factory=list)  # by publisher, date, title
    # the content's newest change (history.py, set by the build): the data files' build date
    changed: dt.datetime | None = None

    def entities(self, kind: str) -> dict[str, Entry]:
        return self.by_kind.setdefault(kind, {})

    def __getattr__(self, name: str) -> dict[str, Entry]:
        kind = self.__dict__.get("folders", {}).get(name)
        if kind is None:
            raise AttributeError(name)
        return self.entities(kind)  # type: ignore[no-any-return]

    @property
    def years(self) -> list[int]:
        return sorted({year for event in self.events for year in event.date.years})
