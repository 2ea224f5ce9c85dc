"""Rendering the site's HTML pages from a loaded ``Site``: the Pelican generator.

``TimelineGenerator`` follows Pelican's two-phase contract: ``generate_context``
reads and checks the content (``site.load_site``) and fails the build on any
error; ``generate_output`` renders every page through the theme's templates,
at the addresses ``routes`` declares, one list page per kind that ``kinds``
says has one. Templates receive ready-made values (``pagedata``).

Every page is written as ``<path>/index.html``. Pages carry a fingerprint of what
they show, so a page the output folder already holds unchanged is left alone,
and pages of deleted entries are removed (``cache.PageManifest``). Every page,
written or left as it was, is announced with Pelican's ``content_written``
signal, so other plugins see the whole site. The feeds and the data files
(``exports``) and the search index (``search``) are made by forked processes
while the pages render; the sitemap, which lists the pages written, comes last.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from . import model
from .cache import ENGINE, PageManifest, bytes_digest, digest, search_digest, tree_digest
from .exports import public_url, script_json, write_data_files, write_feeds, write_site_index
from .history import all_entries, modified, read_history, stamp_entries
from .kinds import KINDS, LISTED
from .meetings import format_options, meetings, meetings_chart, participant_options
from .opendata import DATA_SCHEMA_VERSION, license_record
from .output import BuildTarget
from .overview import build_overview
from .pagedata import (
    PART,
    SECTION,
    actor_groups,
    all_corrections,
    description_filter,
    entity_page_key,
    event_actor_slugs,
    event_lead,
    event_page_key,
    events_by_year,
    filter_options,
    group_by_year,
    joined_quotes,
    language_name,
    page_quotes,
    paginate,
    participants_by_role,
    positions_table,
    publisher_slugs,
    search_record_key,
    sources_by_publisher,
    sources_key,
    tag_links,
    tag_slug,
    time_html,
    title_filter,
    updated_html,
)
from .processes import give_back_freed_memory, in_child_process, map_in_processes, workers_for
from .routes import route
from .search import INDEX_FOLDER, bundle_count, bundle_folder, bundle_folders, make_search_index, searchable
from .settings import TIMELINE
from .site import load_site
from .structured import breadcrumb_list, dataset, entity_page, event_page, website

log = logging.getLogger(__name__)

# The policy every page declares (and _headers repeats for hosts that read it).
# Pagefind compiles WebAssembly, so the search page alone may do that too.
CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"
CSP_SEARCH = CSP + "; script-src 'self' 'wasm-unsafe-eval'"


@dataclass
class PageJob:
    """One page of the build: where it goes, its template and values, and whether the folder already holds it."""

    destination: str
    template: str
    values: dict[str, Any]
    reused: bool


class TimelineGenerator(Generator):
    """Reads the timeline content and writes every page of the site."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.public = public_url(self.settings)  # the site's absolute address (structured data, previews)
        self.env.autoescape = True  # whatever the settings say: content is semi-trusted
        cache = self.template_cache_folder()
        if cache is not None:  # compiled templates, by their source's checksum: a changed template compiles again
            self.env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        self.env.filters["time"] = functools.lru_cache(maxsize=None)(time_html)  # a date recurs on many pages
        self.env.filters["tag_slug"] = tag_slug
        self.env.filters["actor_slugs"] = event_actor_slugs
        self.env.filters["language_name"] = language_name
        self.env.filters["page_title"] = title_filter  # ≤ 70 characters, the site's name shortened first
        self.env.filters["page_description"] = description_filter  # ≤ 160 characters
        # Macros are imported without the page context (so Jinja caches them):
        # what they need is global.
        self.env.globals.update(
            page_quotes=page_quotes,
            event_lead=event_lead,
            joined_quotes=joined_quotes,
            tag_links=tag_links,
            participants_by_role=participants_by_role,
            positions_table=positions_table,
            url=self.url,
            url_for=self.url_for,
            route=route,
            kind_of=lambda entry: KINDS[entry.kind],
            edit_url=self.edit_url,
            updated_html=updated_html,
            breadcrumb_jsonld=self.breadcrumb_jsonld,
            navigation=self.navigation(),
            SITEURL=self.settings.get("SITEURL", ""),
            PUBLIC_URL=self.public,  # absolute: link previews need it (og:image)
            TIMELINE_SHORT_NAME=self.setting("TIMELINE_SHORT_NAME"),
            cached_event_item=self.cached_event_item,
        )
        self.event_items: dict[tuple[int, str, bool], Markup] = {}  # see cached_event_item
        self.site: model.Site | None = None
        self.full_index = True  # the index lists (and filters) every event; set once the site is loaded
        self.search_bundles = [bundle_folder(0)]  # the search index's folders (search.py)
        self.written: list[str] = []  # site-relative paths of the pages written
        self.pages: list[PageJob] = []  # every page of the build, in the order written
        # what this build writes into, shared with build.py; a bare Pelican run writes into output_path
        self.target: BuildTarget = self.settings.get("TIMELINE_BUILD") or BuildTarget(Path(self.output_path))
        self.manifest = PageManifest(None, None, "")  # replaced in generate_output
        siteurl = self.settings.get("SITEURL", "")
        # canonical URLs only where the real address is known (publishconf.py)
        self.origin = siteurl.rstrip("/") if siteurl.startswith(("http://", "https://")) else ""

    def template_cache_folder(self) -> Path | None:
        """Where compiled templates are kept: the build's cache folder (none for a build from nothing)."""
        target = self.settings.get("TIMELINE_BUILD")
        if target is None or target.cache is None or target.read_only:
            return None
        folder = target.cache / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    # -- phase 1 ------------------------------------------------------------
    def generate_context(self) -> None:
        site_url = self.settings.get("SITEURL", "")
        workers = self.setting("TIMELINE_WORKERS")
        gc.disable()  # until the loaded site is frozen: enabled first, the collector would scan it all at once
        try:
            self.site, report = load_site(Path(self.path), site_url=site_url, cache_dir=self.target.cache,
                                          workers=workers, save_cache=not self.target.read_only)  # fmt: skip
            # The loaded site lives until the end of the build: keep the collector from rescanning it.
            gc.freeze()
        finally:
            gc.enable()
        give_back_freed_memory()  # before any process is forked from this one
        for warning in report.warnings:
            log.warning("%s", warning)
        # every entry's last change, from the content's history in one pass (history.py)
        history = read_history(Path(self.path))
        stamp_entries(all_entries(self.site), history)
        self.site.changed = history.newest  # the data's build date: a deleted entry counts too
        self.context["timeline"] = self.site
        # A long timeline is summarised on the index, which then has no filters: tags link there only if it does.
        self.full_index = len(self.site.events) <= int(self.setting("TIMELINE_INDEX_LIMIT"))
        self.env.globals["tag_links"] = functools.partial(tag_links, filterable=self.full_index)
        self.target.entries = len(self.site.events) + sum(len(entries) for entries in self.site.by_kind.values())

    # -- phase 2 ------------------------------------------------------------
    def url(self, target: model.Entry | str) -> str:
        """The address of an entry's page, or of a site-relative path."""
        path = target if isinstance(target, str) else target.url
        return f"{self.settings.get('SITEURL', '')}/{path}"

    def url_for(self, name: str, **values: Any) -> str:
        """The address of route ``name`` (see ``routes.py``): ``url_for("year", year=2019)``."""
        return self.url(route(name, **values))

    @staticmethod
    def navigation() -> list[tuple[str, str]]:
        """The header's links: every list page the kinds declare, then sources and search."""
        lists = [(KINDS[kind].list_path, KINDS[kind].list_title) for kind in LISTED if KINDS[kind].in_navigation]
        order = {"threads/": 0}  # threads first: they tell the stories
        return [*sorted(lists, key=lambda link: order.get(link[0], 1)), (route("sources"), "Sources"),
                (route("search"), "Search")]  # fmt: skip

    def cached_event_item(self, event: model.Event, heading: str = "h3", summary: bool = True) -> Markup:
        """The theme's ``event_item`` macro for one event, rendered once per build and process.

        An event is listed on eight pages or so (its year, actors, places, threads…); the
        macro sees only its arguments and the globals, so its HTML is the same each time.
        """
        key = (id(event), heading, summary)  # the site's events live as long as the build
        item = self.event_items.get(key)
        if item is None:
            macros = self.env.get_template("_macros.html").module
            item = self.event_items[key] = Markup(macros.event_item(event, heading, summary))  # type: ignore[attr-defined]
        return item

    def breadcrumb_jsonld(self, trail: list[tuple[str, str]]) -> str:
        """The breadcrumbs a page shows, as schema.org JSON-LD (``structured.py``)."""
        return script_json(breadcrumb_list(trail, self.public, "Timeline"))

    def edit_url(self, entry: model.Entry) -> str:
        base = self.setting("TIMELINE_EDIT_URL") or ""
        if not base:
            return ""
        return base.rstrip("/") + "/" + entry.source

    def write(self, path: str, template: str, key: str | None = None, **values: Any) -> None:
        """Add the page ``template`` at ``<output>/<path>`` (``path`` ends in / for index.html) to this build.

        With a ``key`` (what the page shows, as fingerprints), a page the output
        folder already holds with the same fingerprint is left as it is. Pages
        are rendered by ``render_pages`` once every page is known.
        """
        target = path + "index.html" if path.endswith("/") or not path else path
        destination = os.path.join(self.output_path, target)
        self.written.append(path)
        fingerprint = None if key is None else bytes_digest(key.encode(), template)
        values.setdefault("csp", CSP)
        page = {"page_path": path, "canonical": f"{self.origin}/{path}" if self.origin else "", **values}
        reused = self.manifest.unchanged(target, fingerprint, destination)
        self.pages.append(PageJob(destination, template.removesuffix(".html"), page, reused))

    def render_pages(self) -> None:
        """Render every page not left as it was, in up to ``TIMELINE_WORKERS`` processes; then announce them all.

        Pages are independent once the site is loaded: each process renders every
        n-th of them with the same templates and data, so the files are the
        ones a single process writes. Announcements come from this process, in
        the order the pages were added.
        """
        todo = [job for job in self.pages if not job.reused]
        for name in sorted({job.template for job in todo}):
            self.get_template(name)  # compiled once, before any fork
        workers = workers_for(self.setting("TIMELINE_WORKERS"), len(todo))
        self.target.workers = workers
        map_in_processes(self.render_page, todo, workers)
        self.target.pages_written += len(todo)
        for job in self.pages:
            self.announce(job.destination, job.values)

    def render_page(self, job: PageJob) -> None:
        html = self.get_template(job.template).render(**self.context, **job.values)
        os.makedirs(os.path.dirname(job.destination), exist_ok=True)
        with open(job.destination, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(html)

    def announce(self, destination: str, page: dict[str, Any]) -> None:
        """Tell other plugins a page is in place, as Pelican's own writer does (``content_written``)."""
        if signals.content_written.receivers:  # building the context costs: only when someone listens
            signals.content_written.send(destination, context={**self.context, **page})

    def site_key(self) -> str:
        """What every page depends on: engine, theme, settings, the pages every footer links."""
        settings = {
            name: value
            for name, value in self.settings.items()
            if name.startswith(("SITE", "TIMELINE_", "THEME", "DEFAULT_LANG", "FEED_", "JINJA", "PLUGINS"))
            and name not in ("TIMELINE_BUILD", "TIMELINE_WORKERS")  # neither changes what a page shows
        }
        pages = sorted((page.slug, page.digest) for page in self.site.pages.values())  # type: ignore[union-attr]
        # whether the index filters decides whether every event page links its tags there
        return digest(tree_digest(ENGINE, Path(self.theme)), sorted(settings.items(), key=str), pages, self.full_index)

    def setting(self, name: str) -> Any:
        """A timeline setting: the settings file's value, else its default (declared once, in ``settings.py``)."""
        return self.settings.get(name, TIMELINE[name].default)

    @property
    def page_size(self) -> int:
        return int(self.setting("TIMELINE_PAGE_SIZE"))

    def write_paginated(self, base: str, template: str, events: list[model.Event], key: str, **values: Any) -> None:
        """Pages of ``events`` under ``base``; ``key`` fingerprints what else the pages show."""
        for page in paginate(base, events, self.page_size):
            listed = PART.join(event.digest for event in page.items)
            page_key = SECTION.join((key, f"{page.number} {page.count} {len(events)}", listed))
            self.write(page.path, template, key=page_key, events=page.items, pagination=page, total=len(events),
                       **values)  # fmt: skip

    def generate_output(self, writer: Any) -> None:
        site = self.site
        assert site is not None
        self.manifest = PageManifest(self.target.building, self.target.staged, self.site_key())
        search = self.start_search(site)  # the search index is made in a process of its own meanwhile
        # The feeds and data files need no page: two more processes write them meanwhile. When this folder's
        # pages can be kept (its manifest was made with the same engine, templates and settings), a rebuild
        # usually renders few of them and waits last for the search index: those two then run behind it
        # (one-edit make html at 10,000 events 0.3 s sooner). When every page is rendered they do not, or
        # they would be the last to finish (a cold build 1 s later).
        out, behind = Path(self.output_path), bool(self.manifest.old)
        waits = [
            in_child_process(write, site, self.settings, out, self.target.cache, behind=behind)
            for write in (write_feeds, write_data_files)
        ]
        try:
            self.write_pages(site)
            self.render_pages()
        except BaseException:
            for wait in [*waits, *([search] if search else [])]:  # reap the children; this build's error is the one
                with contextlib.suppress(BaseException):
                    wait()
            raise
        finally:
            gc.unfreeze()
        for wait in waits:
            wait()
        if search:
            self.manifest.search, made = search()
            self.target.search_shards = (made, len(self.search_bundles))
        changed = {entry.url: modified(entry) for entry in all_entries(site)}
        write_site_index(self.written, self.settings, Path(self.output_path), changed)
        self.remove_stale_pages()
        self.manifest.stage()
        self.target.pages_reused = self.manifest.reused

    def start_search(self, site: model.Site) -> Callable[[], tuple[str, int]] | None:
        """Start this build's search index (``search.py``) in a process of its own; returns its ``wait()``,
        which gives the digest the manifest records and how many shards were made."""
        if not self.target.search:
            for bundle in Path(self.output_path).glob(f"{INDEX_FOLDER}*"):
                shutil.rmtree(bundle, ignore_errors=True)
            return None
        template = self.get_template("search_record")
        entries, shard_size = searchable(site), int(self.setting("TIMELINE_SEARCH_SHARD"))
        self.search_bundles = bundle_folders(bundle_count(len(entries), shard_size))
        other = self.target.published
        published = (other.folder, search_digest(other.manifest)) if other else None
        work = self.target.cache / "search" if self.target.cache else None
        jobs = workers_for(self.setting("TIMELINE_WORKERS"), len(self.search_bundles), least=1)

        def render(entry: model.Entry) -> str:
            # with the pages' context: the same language (DEFAULT_LANG picks Pagefind's stemmer) and globals
            return template.render(**self.context, entry=entry)

        # a document is kept while its entry and the names it borrows are unchanged, with the same engine,
        # templates and settings (the site key)
        fingerprint = None
        if work is not None and not self.target.read_only:
            site_key = self.manifest.site_key
            fingerprint = lambda entry: SECTION.join((site_key, search_record_key(entry)))  # noqa: E731
        return in_child_process(make_search_index, Path(self.output_path), entries, render, shard_size,
                                self.manifest.old_search, published, work, self.target.keep_fds, jobs,
                                fingerprint)  # fmt: skip

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
        full_index = self.full_index
        site_name, description = self.settings.get("SITENAME", ""), self.settings.get("SITE_DESCRIPTION", "")
        self.write(
            route("home"),
            "index.html",
            home=site.pages.get(KINDS["page"].front),
            key_moments=[event for event in site.events if event.key_moment],
            year_groups=group_by_year(site.events) if full_index else [],
            by_year=by_year,
            overview=build_overview(site),
            jsonld=lambda: script_json(website(self.public, site_name, description)),
            filters=filter_options(site) if full_index else [],
        )
        for event in site.events:
            self.write_entry(event)
        self.write(route("years"), "years.html", by_year=by_year)
        for position, (year, events) in enumerate(by_year.items()):
            previous_year = years[position - 1] if position else None
            next_year = years[position + 1] if position + 1 < len(years) else None
            neighbours = f"{year} {previous_year} {next_year}"
            self.write_paginated(route("year", year=year), "year.html", events, key=neighbours, year=year,
                                 previous_year=previous_year, next_year=next_year)  # fmt: skip
        for name in LISTED:
            kind = KINDS[name]
            entities = site.entities(name)
            ordered = sorted(entities.values(), key=lambda e: e.label.casefold())
            groups = actor_groups(entities) if name == "actor" else [("", ordered)]  # type: ignore[arg-type]
            self.write(kind.list_path, "entities.html", kind=name, title=kind.list_title, groups=groups)
            for entity in ordered:
                self.write_entry(entity)
        self.write_sources(site)
        for page in site.pages.values():
            if page.url != route("home"):  # the front page's text is written with the index
                self.write_entry(page)
        self.write(route("corrections"), "corrections.html", corrections=all_corrections(site))
        rows = meetings(site)
        self.write(route("meetings"), "meetings.html", rows=rows, chart=meetings_chart(rows),
                   participants=participant_options(rows), formats=format_options(rows))  # fmt: skip
        self.write(route("search"), "search.html", csp=CSP_SEARCH, search_bundles=self.search_bundles)
        data_jsonld = functools.partial(lambda: script_json(dataset(self.public, site_name, description, site)))
        self.write(route("data"), "data.html", public=self.public, jsonld=data_jsonld,
                   schema_version=DATA_SCHEMA_VERSION,
                   data_license=license_record(self.setting("TIMELINE_DATA_LICENSE")))  # fmt: skip
        self.write(route("not_found"), "404.html", canonical="")  # served at any address: none is its own
        self.write_static_extras()

    def write_entry(self, entry: model.Entry) -> None:
        """An entry's own page (or pages, for a long list of events): where its body is shown."""
        public = self.public
        kind = KINDS[entry.kind]
        if entry.kind == "event":
            jsonld = functools.partial(lambda e: script_json(event_page(e, public)), entry)  # only if rendered
            self.write(entry.url, kind.template, key=event_page_key(entry), event=entry, jsonld=jsonld)  # type: ignore[arg-type]
        elif entry.kind == "page":
            jsonld = functools.partial(lambda p: script_json(entity_page(p, public)), entry)
            self.write(entry.url, kind.template, page=entry, jsonld=jsonld)
        else:
            jsonld = functools.partial(lambda e: script_json(entity_page(e, public)), entry)
            self.write_paginated(entry.url, kind.template, entry.events, key=entity_page_key(entry), entity=entry,  # type: ignore[attr-defined]
                                 kind=entry.kind, kind_title=kind.list_title, list_path=kind.list_path,
                                 jsonld=jsonld)  # fmt: skip

    def entry_pages(self, entry: model.Entry) -> dict[str, str]:
        """The HTML of an entry's own pages, by file, rendered now and written nowhere (the dev server's preview)."""
        kept = self.pages, self.written, self.manifest
        self.pages, self.written, self.manifest = [], [], PageManifest(None, None, "")
        try:
            self.write_entry(entry)
            jobs = self.pages
        finally:
            self.pages, self.written, self.manifest = kept
        return {job.destination: self.get_template(job.template).render(**self.context, **job.values) for job in jobs}

    def write_sources(self, site: model.Site) -> None:
        """One page of all sources; past one page's worth, one page per publisher."""
        publishers = sources_by_publisher(site.sources)
        if len(site.sources) <= self.page_size:
            self.write(route("sources"), "sources.html", key=sources_key(site.sources), publishers=publishers,
                       publisher_pages=[])  # fmt: skip
            return
        paths = [route("publisher", slug=slug) for slug in publisher_slugs(publishers)]
        listing = [(name, path, len(sources)) for (name, sources), path in zip(publishers, paths, strict=True)]
        self.write(route("sources"), "sources.html", publishers=[], publisher_pages=listing)
        for (name, sources), path in zip(publishers, paths, strict=True):
            for page in paginate(path, sources, self.page_size):
                key = SECTION.join((f"{page.number} {page.count}", sources_key(page.items)))
                self.write(page.path, "sources.html", key=key, publishers=[(name, page.items)], publisher_pages=[],
                           pagination=page, publisher=name)  # fmt: skip

    def write_static_extras(self) -> None:
        """Files hosts look for at the root: favicons and the security headers."""
        static = Path(self.theme) / "static"
        for name in ("favicon", "favicon_svg"):
            file = route(name)
            if (static / file).exists():
                (Path(self.output_path) / file).write_bytes((static / file).read_bytes())
        search = route("search")
        headers = (
            "# Security headers in Cloudflare Pages' _headers syntax: '! Name' detaches a header a broader rule\n"
            "# set, which Netlify does not read (README.md, Security headers, says what to set elsewhere).\n"
            "# Every page also declares its policy in a <meta http-equiv> element.\n"
            f"/*\n  Content-Security-Policy: {CSP}\n  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n"
            f"/{search}*\n  ! Content-Security-Policy\n  Content-Security-Policy: {CSP_SEARCH}\n"
            + "".join(
                f"/{bundle}/*\n  ! Content-Security-Policy\n  Content-Security-Policy: {CSP_SEARCH}\n"
                for bundle in self.search_bundles
            )
        )
        (Path(self.output_path) / route("headers")).write_text(headers, encoding="utf-8")
