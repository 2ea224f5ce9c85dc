"""In-process measurements of one engine build: its parts, and cProfile's hot spots.

These reach into the engine's internals (``site.read_entries``, the resolver,
the body renderer) to time what a build does between them; when those move,
``python -m benchmarks run`` reports the error and keeps the other figures.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import tempfile
import time
from pathlib import Path

from . import SETTINGS


def phases(content: Path) -> dict[str, float]:
    """Seconds spent in each part of a build of ``content``, measured in this process.

    The whole build (``build.build`` without search, imports already done) is the
    denominator. The parts repeat ``site.load_site``'s steps with a timer around
    each; date parsing is timed on its own over every date value of the content
    (event, source and document dates) with the parser's cache cleared, as in a
    fresh build; body-link lookups are timed inside the renderer's resolver.
    """
    # imported here, not above: when the engine's internals move, only this command fails
    from timeline import dates, model
    from timeline import site as site_module
    from timeline.build import build
    from timeline.diagnostics import Report
    from timeline.frontmatter import parse
    from timeline.kinds import KIND_OF_FOLDER
    from timeline.markup import BodyRenderer
    from timeline.references import Resolver, resolve

    content = Path(content)
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="timeline-phases-") as folder:
        dates._parse_text.cache_clear()
        start = time.perf_counter()
        build(SETTINGS, content, Path(folder) / "out", search=False)
        result["build_s"] = time.perf_counter() - start

    dates._parse_text.cache_clear()
    start = time.perf_counter()
    site_module.load_site(content)
    result["load_site_s"] = time.perf_counter() - start

    report = Report()
    dates._parse_text.cache_clear()
    start = time.perf_counter()
    raws, entries, broken = site_module.read_entries(content, report)
    result["read_and_validate_s"] = time.perf_counter() - start

    values = []  # the date values as written: the loaded site keeps only where they stood (``Positions``)
    for entry in entries:
        meta = parse(entry.path, (content / entry.source).read_bytes()).meta
        values += [meta.get("date")] + [s.get("date") for s in meta.get("sources") or []]
    values = [value for value in values if value is not None]
    dates._parse_text.cache_clear()
    start = time.perf_counter()
    for value in values:
        dates.parse_date(value)
    result["parse_dates_s"] = time.perf_counter() - start
    result["date_values"] = len(values)

    start = time.perf_counter()
    site = model.Site(folders=KIND_OF_FOLDER)
    events = [entry for entry in entries if entry.kind == "event"]
    for entry in entries:
        if entry.kind != "event":
            site.entities(entry.kind)[entry.slug] = entry
    site.events = sorted(events, key=lambda event: event.sort_key)  # type: ignore[attr-defined]
    result["sort_s"] = time.perf_counter() - start

    start = time.perf_counter()
    resolver = Resolver(site, raws, report, broken)
    resolve(site, resolver)
    result["resolve_s"] = time.perf_counter() - start

    lookup = {"seconds": 0.0}

    def url_of(kind: str, slug: str) -> str | None:
        begun = time.perf_counter()
        path = resolver.url(kind, slug)
        lookup["seconds"] += time.perf_counter() - begun
        return None if path is None else "/" + path

    renderer = BodyRenderer(url_of)
    start = time.perf_counter()
    for entry in entries:
        renderer.render(entry.body_markdown)
    result["render_bodies_s"] = time.perf_counter() - start
    result["body_link_lookups_s"] = lookup["seconds"]
    part = result["parse_dates_s"] + result["resolve_s"] + result["body_link_lookups_s"]
    result["dates_and_references_share"] = part / result["build_s"]
    return result


def profile(content: Path, top: int = 25) -> str:
    """cProfile's top functions (by own time and by cumulative time) of one build."""
    from timeline.build import build

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="timeline-profile-") as folder:
        profiler.enable()
        build(SETTINGS, Path(content), Path(folder) / "out", search=False)
        profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return text.getvalue()
