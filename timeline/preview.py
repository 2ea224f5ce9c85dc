"""The dev server's quick preview: an edit to an entry's text shown before the full build has run.

A save that changes only the Markdown below an entry's front matter changes only
that entry's own pages (its event page, or the pages of an actor, place, thread…)
and the search index and data files, which the full build that always follows
brings up to date. For such a save ``Preview.quick`` checks the file as a build
does, renders its body with the site's links, and renders the entry's pages with
the generator's own code (``TimelineGenerator.entry_pages``). The dev server
serves those pages until the full build is done, and then compares them with the
files the build wrote.

Anything else takes the full build only: a change to the front matter (it can move
the entry, rename it, link it elsewhere), a body whose links or citations change,
a new, moved or deleted file, the front page, a template, the settings.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .cache import digest
from .diagnostics import Report
from .frontmatter import EntryError, decode, split
from .markup import BodyRenderer
from .output import BuildTarget, cache_folder
from .references import Resolver
from .routes import route


@dataclass
class Quick:
    """What a save shows at once: pages by file, or the errors the file has now."""

    pages: dict[str, bytes] = field(default_factory=dict)  # path inside the output folder -> the page
    errors: list[str] = field(default_factory=list)


class Preview:
    """The checked site of one content folder, held in memory between saves."""

    def __init__(self, settings_file: Path, content: Path, output: Path) -> None:
        from pelican import Pelican

        from .build import pelican_settings
        from .pages import TimelineGenerator

        self.content = Path(content).resolve()
        # the full builds' caches, read only: they own them, and nothing here is written to disk
        target = BuildTarget(Path(output), cache=cache_folder(Path(os.path.abspath(output))), read_only=True)
        settings = pelican_settings(settings_file, content, output, {"TIMELINE_BUILD": target})
        pelican = Pelican(settings)
        context = {**pelican.settings, "generated_content": {}, "static_links": set(), "static_content": {}}
        context["localsiteurl"] = pelican.settings["SITEURL"]
        self.generator = TimelineGenerator(context=context, settings=pelican.settings, path=pelican.path,
                                           theme=pelican.theme, output_path=pelican.output_path)  # fmt: skip
        self.generator.generate_context()
        gc.unfreeze()  # the build freezes the loaded site until it ends; this one lives on
        site = self.generator.site
        assert site is not None
        self.entries: dict[str, model.Entry] = {entry.source: entry for entry in _entries(site)}
        self.fronts = {source: self._front(self.content / source) for source in self.entries}
        prefix = pelican.settings.get("SITEURL", "").rstrip("/") + "/"
        resolver = Resolver(site, {}, Report())

        def url_of(kind: str, slug: str) -> str | None:
            path = resolver.url(kind, slug)
            return None if path is None else prefix + path

        self.renderer = BodyRenderer(url_of)

    @staticmethod
    def _front(path: Path) -> str | None:
        """A digest of the file's front matter (None if it cannot be read or has none)."""
        try:
            return digest(split(decode(path.read_bytes()))[0])
        except (OSError, EntryError):
            return None

    def quick(self, path: Path) -> Quick | None:
        """The pages a save of ``path`` changes, if only its body changed; else None (the full build decides)."""
        from .site import _check_citations, _read_entry

        try:
            source = Path(path).resolve().relative_to(self.content).as_posix()
        except ValueError:
            return None
        entry = self.entries.get(source)
        if entry is None or entry.url == route("home"):
            return None
        front = self._front(self.content / source)
        if front is None or front != self.fronts[source]:
            return None
        data = (self.content / source).read_bytes()
        report = Report()
        raw, new, _ = _read_entry(data, entry.path, entry.kind, entry.slug, source, report)
        if new is None or raw is None or report.errors:
            return Quick(errors=[str(problem) for problem in report.errors])
        try:
            html, missing = self.renderer.render(new.body_markdown)
            targets = list(self.renderer.targets)
            self.renderer.render(entry.body_markdown)
        except RecursionError:
            return None
        if missing or targets != self.renderer.targets:  # links to other entries changed: their pages too
            return None
        new.body_html = html
        _check_citations(new, raw, report)
        if report.errors:
            return Quick(errors=[str(problem) for problem in report.errors])
        if new.citations.keys() != entry.citations.keys():
            return None
        entry.body_markdown, entry.body_html, entry.digest, entry.citations = (
            new.body_markdown, new.body_html, new.digest, new.citations,
        )  # fmt: skip
        root = self.generator.output_path
        pages = self.generator.entry_pages(entry)
        return Quick(pages={Path(path).relative_to(root).as_posix(): text.encode() for path, text in pages.items()})


def _entries(site: model.Site) -> list[model.Entry]:
    return [*site.events, *(entry for entries in site.by_kind.values() for entry in entries.values())]


__all__ = ["Preview", "Quick"]
