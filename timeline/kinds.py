"""The kinds of entry, declared once.

Each ``Kind`` says everything that differs between kinds of entry: the folder
(under ``content/`` and in the site's addresses), the model class, the keys its
front matter takes (shape, whether required, the model field each fills), the
heading of its list page, and the template of its own page. Everything else
reads this table: the model's URLs, validation's schema, body links
(``kind:slug``), references, the pages written, the exports and the navigation.
Adding a kind of entry (a glossary's terms, say) is a row here, a model class,
a template and tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from . import model
from .routes import root_names, route

# the shapes a value can have (validation checks each)
TEXT, DATE, LIST, SLUGS, MAPPINGS = "text", "date", "list", "slugs", "mappings"
URL, BOOL, ORDER, NAMES = "url", "bool", "order", "names"  # names: language tag -> the name in it


@dataclass(frozen=True)
class Key:
    """One front-matter key: its shape, whether it is required, the model field it fills.

    ``fills`` is the model attribute (the key's own name when empty); ``None`` means
    the kind's own checks in ``validation`` turn the value into model objects.
    ``items`` are the keys of each mapping in a list of mappings.
    """

    shape: str
    required: bool = False
    fills: str | None = ""
    items: Mapping[str, Key] = field(default_factory=dict)

    def attribute(self, name: str) -> str | None:
        """The model attribute this key, written as ``name``, fills (None: the kind's checks do it)."""
        return None if self.fills is None else self.fills or name


@dataclass(frozen=True)
class Kind:
    name: str  # singular; also the prefix of body links (event:slug)
    folder: str  # content/<folder>/ and, but for pages, /<folder>/ on the site
    model: type[model.Entry]
    keys: Mapping[str, Key]
    list_title: str = ""  # the heading of /<folder>/, listing every entry; "" = no such page
    in_navigation: bool = True  # its list page is linked from every page's header
    site_folder: str = ""  # its pages' folder on the site, when not the content folder's name
    front: str = ""  # the slug of the entry of this kind that is the front page's text, published at /
    # how much a match in its heading counts in search (Pagefind's 0–10; the search ranks by
    # where a word stands, not how often it recurs): "Lavrov" finds the person, "Kazan" the
    # summit before the city, a publisher last
    search_weight: int = 3

    @property
    def label(self) -> str:
        """What one entry of the kind is called, as search results show it: "Event", "Term"…"""
        return self.name.capitalize()

    @property
    def address_folder(self) -> str:
        return self.site_folder or self.folder

    at_root: bool = False  # its pages sit at /<slug>/ (About), not /<folder>/<slug>/

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    def path(self, slug: str) -> str:
        """The site-relative address of the entry ``slug`` of this kind."""
        if slug == self.front:
            return route("home")
        return route("page", slug=slug) if self.at_root else route("entry", folder=self.address_folder, slug=slug)

    @property
    def list_path(self) -> str:
        return route("list", folder=self.address_folder)


_SOURCE = {
    "title": Key(TEXT, True),
    "publisher": Key(TEXT, True),
    "url": Key(URL, True),
    "date": Key(DATE),
    "archived": Key(URL),
    "lang": Key(TEXT),
}
_RELATION = {"event": Key(TEXT, True), "type": Key(TEXT, True)}
_PARTICIPANT = {"actor": Key(TEXT, True), "role": Key(TEXT, True)}
# a document's elements, and each side's reading of one: the words, who said them, when, where
_READING = {
    "side": Key(TEXT, True),  # the actor whose reading it is: a party, the mediators…
    "text": Key(TEXT, True),
    "speaker": Key(TEXT, True),
    "date": Key(DATE, True),
    "source": Key(TEXT, True),  # the url of one of the document's sources
    "translated": Key(BOOL),
}
_ELEMENT = {"title": Key(TEXT, True), "readings": Key(MAPPINGS, items=_READING)}
_CORRECTION = {"date": Key(DATE, True), "text": Key(TEXT, True)}
# every kind of entry may record what was corrected in it, and when
_CORRECTIONS = {"corrections": Key(MAPPINGS, fills=None, items=_CORRECTION)}
# how the parties' languages write a name: shown with its language, found by search
_NAMES = {"names": Key(NAMES)}
_QUOTE = {"speaker": Key(TEXT, True), "text": Key(TEXT, True), "source": Key(TEXT, True), "translated": Key(BOOL)}

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "event",
            "events",
            model.Event,
            search_weight=2,
            keys={
                "title": Key(TEXT, True),
                "date": Key(DATE, True),
                "date_note": Key(TEXT),
                "order": Key(ORDER),  # 1, 2, …: which of the events of one day came first
                "key_moment": Key(BOOL),  # one of the few events that matter most: labelled, listed under "start here"
                "summary": Key(TEXT),
                "tags": Key(LIST),
                "actors": Key(SLUGS, fills="actor_slugs"),
                "places": Key(SLUGS, fills="place_slugs"),
                "documents": Key(SLUGS, fills="document_slugs"),
                "threads": Key(SLUGS, fills="thread_slugs"),
                # who took part (a meeting's host, mediators, parties, observers) and where: the
                # lists above name whoever the entry mentions; these say who attended
                "format": Key(TEXT, fills="meeting_format"),
                "participants": Key(MAPPINGS, fills=None, items=_PARTICIPANT),
                "venue": Key(SLUGS, fills=None),
                "online": Key(BOOL),
                "related": Key(MAPPINGS, fills=None, items=_RELATION),
                "sources": Key(MAPPINGS, fills=None, items=_SOURCE),
                "quotes": Key(MAPPINGS, fills=None, items=_QUOTE),
                **_CORRECTIONS,
            },
        ),
        Kind(
            "actor",
            "actors",
            model.Actor,
            search_weight=10,
            keys={
                "name": Key(TEXT, True),
                "kind": Key(TEXT, True, "actor_kind"),
                "role": Key(TEXT),
                "aliases": Key(LIST),
                **_NAMES,
                **_CORRECTIONS,
            },
            list_title="Actors",
        ),
        Kind(
            "document",
            "documents",
            model.Document,
            search_weight=2,
            keys={
                "name": Key(TEXT, True),
                "date": Key(DATE),
                "kind": Key(TEXT, fills="document_kind"),
                "status": Key(TEXT),
                "url": Key(URL, fills="link"),
                "sources": Key(MAPPINGS, fills=None, items=_SOURCE),
                "elements": Key(MAPPINGS, fills=None, items=_ELEMENT),
                **_NAMES,
                **_CORRECTIONS,
            },
            list_title="Documents",
        ),
        Kind(
            "place",
            "places",
            model.Place,
            search_weight=1,
            keys={"name": Key(TEXT, True), "aliases": Key(LIST), **_NAMES, **_CORRECTIONS},
            list_title="Places",
        ),
        Kind(
            "thread",
            "threads",
            model.Thread,
            search_weight=8,
            keys={"title": Key(TEXT, True), "summary": Key(TEXT), **_CORRECTIONS},
            list_title="Threads",
        ),
        Kind(
            "publisher",
            "publishers",
            model.Publisher,
            search_weight=1,
            keys={
                "name": Key(TEXT, True),
                "kind": Key(TEXT, True, "publisher_kind"),
                "side": Key(TEXT, True),
                "country": Key(TEXT),
                "url": Key(URL, fills="link"),
                "aliases": Key(LIST),
                **_CORRECTIONS,
            },
            list_title="Publishers",
            in_navigation=False,  # reached from the sources page, where readers look for it
        ),
        Kind(
            "term",
            "terms",
            model.Term,
            search_weight=8,
            keys={
                "name": Key(TEXT, True),
                "aliases": Key(LIST),
                "sources": Key(MAPPINGS, fills=None, items=_SOURCE),
                **_NAMES,
                **_CORRECTIONS,
            },
            list_title="Glossary",
            site_folder="glossary",  # content/terms/<slug>.md is /glossary/<slug>/
        ),
        Kind(
            "page",
            "pages",
            model.Page,
            {"title": Key(TEXT, True), "summary": Key(TEXT), **_CORRECTIONS},
            at_root=True,
            front="home",  # content/pages/home.md: the front page's heading and introduction
        ),
    )
}
KIND_OF_FOLDER = {kind.folder: kind.name for kind in KINDS.values()}
# the kinds with a list page, whose entries list the events that name them
LISTED = tuple(name for name, kind in KINDS.items() if kind.list_title)
# what a free-standing page may not be called: every first segment of the site's addresses
RESERVED_PAGE_SLUGS = root_names([kind.address_folder for kind in KINDS.values() if not kind.at_root])
