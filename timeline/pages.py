"""Rendering the site's HTML pages from a loaded ``Site``.

``TimelineGenerator`` follows Pelican's two-phase contract: ``generate_context``
reads and checks the content (``site.load_site``) and fails the build on any
error; ``generate_output`` renders every page through the theme's templates.
Templates receive ready-made values (groups by year, URLs, date markup); the
logic that prepares them lives here, where it can be tested.

Every page is written as ``<path>/index.html``. Pages carry a fingerprint of what
they show, so a page the output folder already holds unchanged is left alone,
and pages of deleted entries are removed (``cache.PageManifest``). The feeds and
the data files (``exports``) are written by two forked processes while the pages
render; the sitemap, which lists the pages written, comes last.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from pelican.generators import Generator

from . import model
from .cache import ENGINE, PageManifest, digest, tree_digest
from .dates import TimelineDate
from .diagnostics import slugify
from .exports import event_jsonld, public_url, script_json, write_data_files, write_feeds, write_site_index
from .overview import build_overview
from .processes import in_child_process
from .site import load_site

log = logging.getLogger(__name__)

# The policy every page declares (and _headers repeats for hosts that read it).
# Pagefind compiles WebAssembly, so the search page alone may do that too.
CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"
CSP_SEARCH = CSP + "; script-src 'self' 'wasm-unsafe-eval'"

ENTITY_TITLES = {"actor": "Actors", "document": "Documents", "place": "Places", "thread": "Threads"}
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
    """The actor's quotes from ``events`` (one page of their events), in time order."""
    return [quote for event in events for quote in event.quotes if quote.speaker is actor]


def tag_slug(tag: str) -> str:
    """A tag as one token for a filter value or a data attribute."""
    return "-".join(tag.casefold().split())


def filter_options(site: model.Site) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """``(name, label, [(value, text, count)])`` for the index's actor, thread and tag filters."""
    actors = sorted(site.actors.values(), key=lambda a: a.name.casefold())
    threads = sorted(site.threads.values(), key=lambda t: t.title.casefold())
    tags: dict[str, list] = {}
    for event in site.events:
        for tag in event.tags:
            entry = tags.setdefault(tag_slug(tag), [tag, 0])
            entry[1] += 1
    return [
        ("actor", "Actor", [(a.slug, a.name, len(a.events)) for a in actors if a.events]),
        ("thread", "Thread", [(t.slug, t.title, len(t.events)) for t in threads if t.events]),
        ("tag", "Tag", [(slug, text, count) for slug, (text, count) in sorted(tags.items())]),
    ]


def sources_by_publisher(sources: list[model.Source]) -> list[tuple[str, list[model.Source]]]:
    groups: dict[str, list[model.Source]] = {}
    for source in sources:
        groups.setdefault(source.publisher, []).append(source)
    return list(groups.items())


@dataclass(frozen=True)
class Pagination:
    """One page of a long list: ``base/``, then ``base/page/2/``, ``base/page/3/``…"""

    base: str
    number: int
    count: int
    items: list

    def path_of(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

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


def sources_key(sources: list[model.Source]) -> list:
    """What a list of sources shows: each source comes from its citing events' files."""
    return [(s.publisher, s.url, [(e.slug, e.digest) for e in s.cited_by]) for s in sources]


def event_page_key(event: model.Event) -> tuple:
    """Fingerprints of everything an event page shows: itself and every entry it names."""
    steps = [(s.thread.slug, s.position, len(s.thread.events)) for s in event.thread_steps]
    linked = [
        event.previous, event.next, *event.actors, *event.places, *event.documents, *event.threads,
        *(relation.other for relation in event.relations),
        *(neighbour for step in event.thread_steps for neighbour in (step.previous, step.next)),
    ]  # fmt: skip
    relations = [(relation.words, relation.other.slug) for relation in event.relations]
    return event.digest, steps, relations, [(e.kind, e.slug, e.digest) if e else None for e in linked]


class TimelineGenerator(Generator):
    """Reads the timeline content and writes every page of the site."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.autoescape = True  # whatever the settings say: content is semi-trusted
        self.env.filters["time"] = functools.lru_cache(maxsize=None)(time_html)  # a date recurs on many pages
        self.env.filters["tag_slug"] = tag_slug
        # Macros are imported without the page context (so Jinja caches them):
        # what they need is global.
        self.env.globals.update(
            page_quotes=page_quotes, url=self.url, edit_url=self.edit_url, SITEURL=self.settings.get("SITEURL", "")
        )
        self.site: model.Site | None = None
        self.written: list[str] = []  # site-relative paths of the pages written
        self.manifest = PageManifest(None, "")  # replaced in generate_output
        siteurl = self.settings.get("SITEURL", "")
        # canonical URLs only where the real address is known (publishconf.py)
        self.origin = siteurl.rstrip("/") if siteurl.startswith(("http://", "https://")) else ""

    # -- phase 1 ------------------------------------------------------------
    def generate_context(self) -> None:
        site_url = self.settings.get("SITEURL", "")
        self.site, report = load_site(Path(self.path), site_url=site_url, cache_dir=self.cache_dir)
        # The loaded site lives until the end of the build: keep the collector from rescanning it.
        gc.freeze()
        for warning in report.warnings:
            log.warning("%s", warning)
        self.context["timeline"] = self.site

    # -- phase 2 ------------------------------------------------------------
    def url(self, target: model.Entry | str) -> str:
        path = target if isinstance(target, str) else target.url
        return f"{self.settings.get('SITEURL', '')}/{path}"

    def edit_url(self, entry: model.Entry) -> str:
        base = self.settings.get("TIMELINE_EDIT_URL") or ""
        if not base:
            return ""
        return base.rstrip("/") + "/" + entry.source

    def write(self, path: str, template: str, key: tuple | None = None, **values: Any) -> None:
        """Render ``template`` to ``<output>/<path>`` (``path`` ends in / for index.html).

        With a ``key`` (what the page shows, as fingerprints), a page the output
        folder already holds with the same fingerprint is left as it is.
        """
        target = path + "index.html" if path.endswith("/") or not path else path
        self.written.append(path)
        fingerprint = None if key is None else digest(template, key)
        if self.manifest.unchanged(target, fingerprint, Path(self.output_path) / target):
            return
        values.setdefault("csp", CSP)
        html = self.get_template(template.removesuffix(".html")).render(
            **self.context,
            page_path=path,
            canonical=f"{self.origin}/{path}" if self.origin else "",
            **values,
        )
        destination = os.path.join(self.output_path, target)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with open(destination, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(html)

    @property
    def cache_dir(self) -> Path | None:
        folder = self.settings.get("TIMELINE_CACHE_DIR")
        return Path(folder) if folder else None

    def site_key(self) -> str:
        """What every page depends on: engine, theme, settings, the pages every footer links."""
        settings = {
            name: value
            for name, value in self.settings.items()
            if name.startswith(("SITE", "TIMELINE_", "THEME", "DEFAULT_LANG", "FEED_", "JINJA"))
            and name not in ("TIMELINE_CACHE_DIR", "TIMELINE_PAGE_MANIFEST")
        }
        pages = sorted((page.slug, page.digest) for page in self.site.pages.values())  # type: ignore[union-attr]
        return digest(tree_digest(ENGINE, Path(self.theme)), sorted(settings.items(), key=str), pages)

    @property
    def page_size(self) -> int:
        return int(self.settings.get("TIMELINE_PAGE_SIZE", 250))

    def write_paginated(self, base: str, template: str, events: list[model.Event], key: Any, **values: Any) -> None:
        """Pages of ``events`` under ``base``; ``key`` fingerprints what else the pages show."""
        for page in paginate(base, events, self.page_size):
            page_key = (key, page.number, page.count, len(events), [(e.slug, e.digest) for e in page.items])
            self.write(page.path, template, key=page_key, events=page.items, pagination=page, total=len(events),
                       **values)  # fmt: skip

    def generate_output(self, writer: Any) -> None:
        site = self.site
        assert site is not None
        manifest = self.settings.get("TIMELINE_PAGE_MANIFEST")
        self.manifest = PageManifest(Path(manifest) if manifest else None, self.site_key())
        # The feeds and data files need no page: two more processes write them meanwhile.
        out = Path(self.output_path)
        waits = [in_child_process(write, site, self.settings, out) for write in (write_feeds, write_data_files)]
        try:
            self.write_pages(site)
        except BaseException:
            for wait in waits:  # reap the children; this build's own error is the one to report
                with contextlib.suppress(BaseException):
                    wait()
            raise
        finally:
            gc.unfreeze()
        for wait in waits:
            wait()
        write_site_index(self.written, self.settings, Path(self.output_path))
        self.remove_stale_pages()
        self.manifest.stage()
        if self.manifest.reused:
            log.info("%d unchanged pages left as they were", self.manifest.reused)

    def remove_stale_pages(self) -> None:
        """Delete the pages of entries that are gone, and the folders they leave empty."""
        root = Path(self.output_path)
        for page in self.manifest.stale():
            target = root / page
            target.unlink(missing_ok=True)
            folder = target.parent
            while folder != root and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent

    def write_pages(self, site: model.Site) -> None:
        by_year = events_by_year(site.events)
        years = list(by_year)
        # A long timeline is summarised on the index: the year pages carry the events.
        full_index = len(site.events) <= int(self.settings.get("TIMELINE_INDEX_LIMIT", 500))
        self.write(
            "",
            "index.html",
            year_groups=group_by_year(site.events) if full_index else [],
            by_year=by_year,
            overview=build_overview(site),
            filters=filter_options(site) if full_index else [],
        )
        public = public_url(self.settings)
        for event in site.events:
            jsonld = functools.partial(lambda e: script_json(event_jsonld(e, public)), event)  # only if rendered
            self.write(event.url, "event.html", key=event_page_key(event), event=event, jsonld=jsonld)
        self.write("years/", "years.html", by_year=by_year)
        for position, (year, events) in enumerate(by_year.items()):
            self.write_paginated(
                f"years/{year}/",
                "year.html",
                events,
                key=(
                    year,
                    years[position - 1] if position else None,
                    years[position + 1] if position + 1 < len(years) else None,
                ),
                year=year,
                previous_year=years[position - 1] if position else None,
                next_year=years[position + 1] if position + 1 < len(years) else None,
            )
        for kind, title in ENTITY_TITLES.items():
            entities = site.entities(kind)
            ordered = sorted(entities.values(), key=lambda e: e.label.casefold())
            groups = actor_groups(entities) if kind == "actor" else [("", ordered)]  # type: ignore[arg-type]
            self.write(f"{model.KINDS[kind]}/", "entities.html", kind=kind, title=title, groups=groups)
            for entity in ordered:
                # an actor's pages also show how many quotes the actor has in all
                key = (entity.digest, len(getattr(entity, "quotes", ())))
                self.write_paginated(entity.url, f"{kind}.html", entity.events, key=key, entity=entity,
                                     kind=kind, kind_title=title)  # fmt: skip
        self.write_sources(site)
        for page in site.pages.values():
            self.write(page.url, "page.html", page=page)
        self.write("search/", "search.html", csp=CSP_SEARCH)
        self.write("data/", "data.html", public=public)
        self.write("404.html", "404.html")
        self.write_static_extras()

    def write_sources(self, site: model.Site) -> None:
        """One page of all sources; past one page's worth, one page per publisher."""
        publishers = sources_by_publisher(site.sources)
        if len(site.sources) <= self.page_size:
            self.write("sources/", "sources.html", key=sources_key(site.sources), publishers=publishers,
                       publisher_pages=[])  # fmt: skip
            return
        slugs = publisher_slugs(publishers)
        listing = [
            (name, f"sources/{slug}/", len(sources)) for (name, sources), slug in zip(publishers, slugs, strict=True)
        ]
        self.write("sources/", "sources.html", publishers=[], publisher_pages=listing)
        for (name, sources), slug in zip(publishers, slugs, strict=True):
            for page in paginate(f"sources/{slug}/", sources, self.page_size):
                self.write(page.path, "sources.html", key=(page.number, page.count, sources_key(page.items)),
                           publishers=[(name, page.items)], publisher_pages=[], pagination=page,
                           publisher=name)  # fmt: skip

    def write_static_extras(self) -> None:
        """Files hosts look for at the root: favicons and the security headers."""
        static = Path(self.theme) / "static"
        for name in ("favicon.ico", "favicon.svg"):
            if (static / name).exists():
                (Path(self.output_path) / name).write_bytes((static / name).read_bytes())
        headers = (
            "# Security headers for hosts that read this file (Netlify, Cloudflare Pages).\n"
            "# Every page also declares its policy in a <meta http-equiv> element.\n"
            f"/*\n  Content-Security-Policy: {CSP}\n  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n"
            f"/search/*\n  ! Content-Security-Policy\n  Content-Security-Policy: {CSP_SEARCH}\n"
            f"/pagefind/*\n  ! Content-Security-Policy\n  Content-Security-Policy: {CSP_SEARCH}\n"
        )
        (Path(self.output_path) / "_headers").write_text(headers, encoding="utf-8")
