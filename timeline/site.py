"""Reading a whole content folder into a checked, linked ``Site``.

This is the pipeline every command shares (``make check``, ``make html``, the
dev server, the benchmark): find the entry files, read each one
(``frontmatter``), check it against the contract (``validation``), sort the
events, resolve every reference (``references``) and render every body
(``markup``). It needs no Pelican, so ``make check`` stays fast.

Layout: ``events/``, ``actors/``, ``documents/``, ``places/``, ``threads/`` and
``pages/`` under the content folder, one ``<slug>.md`` per entry; subfolders are
allowed (for instance one per year) and do not change the slug. Other folders
and files that do not end in ``.md`` are left alone.
"""

from __future__ import annotations

from pathlib import Path

from . import model
from .cache import EntryCache, digest
from .diagnostics import ContentError, Report
from .frontmatter import EntryError, RawEntry, parse
from .markup import BodyRenderer
from .references import Resolver, resolve, resolve_body_links
from .validation import SLUG_PATTERN, build_entry

KIND_OF_FOLDER = {folder: kind for kind, folder in model.KINDS.items()}


def entry_files(content: Path) -> list[tuple[str, Path]]:
    """``(kind, path)`` of every entry file, in a stable order."""
    found = []
    for folder, kind in KIND_OF_FOLDER.items():
        root = content / folder
        if root.is_dir():
            for path in sorted(root.rglob("*.md")):
                if not any(part.startswith(".") for part in path.relative_to(root).parts):
                    found.append((kind, path))
    return found


def _shown(path: Path, content: Path, shown_content: Path) -> Path:
    """The path as a contributor would type it: relative to where they are, if inside."""
    return shown_content / path.relative_to(content)


def _shown_folder(content: Path) -> Path:
    try:
        return content.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return content


def read_entries(
    content: Path, report: Report, cache: EntryCache | None = None
) -> tuple[dict[tuple[str, str], RawEntry], list[model.Entry], set[tuple[str, str]]]:
    """Read and check every entry file; report problems.

    Returns the good entries (and their raw front matter), plus the ``(kind, slug)``
    of entries that exist but have errors, so that links to them are not reported
    a second time as unknown.
    """
    cache = cache or EntryCache(None)
    raws: dict[tuple[str, str], RawEntry] = {}
    broken: set[tuple[str, str]] = set()
    entries: list[model.Entry] = []
    first_path: dict[tuple[str, str], Path] = {}
    shown_content = _shown_folder(content)
    for kind, path in entry_files(content):
        shown = _shown(path, content, shown_content)
        slug = path.stem
        if not SLUG_PATTERN.fullmatch(slug):
            report.error(shown, 1, "", f"'{path.name}' is not a usable file name",
                         "use letters, digits and hyphens only, e.g. kazan-summit-2011.md")  # fmt: skip
            continue
        folded = (kind, slug.casefold())
        if folded in first_path:
            other = first_path[folded]
            report.error(shown, 1, "", f"the slug '{slug}' is already used by {other}",
                         "rename one of the two files; slugs must differ in more than letter case")  # fmt: skip
            continue
        first_path[folded] = shown
        stat = path.stat()
        cached = cache.entry(path, stat)
        if cached is not None:
            raw, entry, diagnostics = cached
            report.items.extend(diagnostics)
        else:
            raw, entry, diagnostics = _read_entry(path, shown, kind, slug, report)
            if entry is not None:
                entry.source = path.relative_to(content).as_posix()
                cache.put_entry(path, stat, (raw, entry, diagnostics))
        if entry is None:
            broken.add((kind, slug))
        else:
            raws[(kind, slug)] = raw
            entries.append(entry)
    return raws, entries, broken


def _read_entry(
    path: Path, shown: Path, kind: str, slug: str, report: Report
) -> tuple[RawEntry | None, model.Entry | None, list]:
    """Read and check one file: its raw front matter, its entry (None if broken), its warnings."""
    data = path.read_bytes()
    try:
        raw = parse(shown, data)
    except EntryError as error:
        report.error(shown, error.line, error.key, error.message, error.hint)
        return None, None, []
    before = len(report.items)
    entry = build_entry(raw, kind, slug, report)
    if entry is not None:
        entry.digest = digest(data)
    return raw, entry, report.items[before:]


def load_site(content: Path, site_url: str = "", cache_dir: Path | None = None) -> tuple[model.Site, Report]:
    """The checked and linked site in ``content``; raises ``ContentError`` on any error.

    ``site_url`` prefixes the URLs that body links resolve to ("" for root-relative).
    With a ``cache_dir``, unchanged files and bodies are taken from the last run.
    """
    content = Path(content)
    report = Report()
    if not content.is_dir():
        report.error(content, 1, "", "the content folder does not exist", "give the folder holding events/")
        raise ContentError(report)
    cache = EntryCache(cache_dir)
    raws, entries, broken = read_entries(content, report, cache)
    site = model.Site()
    events = []
    for entry in entries:
        if entry.kind == "event":
            events.append(entry)
        else:
            site.entities(entry.kind)[entry.slug] = entry
    site.events = sorted(events, key=lambda event: event.sort_key)  # type: ignore[attr-defined]
    resolver = Resolver(site, raws, report, broken)
    resolve(site, resolver)
    prefix = site_url.rstrip("/") + "/"

    def url_of(kind: str, slug: str) -> str | None:
        path = resolver.url(kind, slug)
        return None if path is None else prefix + path

    renderer = BodyRenderer(url_of)
    for entry in entries:
        body_key = digest(entry.body_markdown, prefix)
        cached = cache.body(body_key)
        if cached is not None and all(resolver.lookup(kind, slug) for kind, slug in cached[1]):
            entry.body_html = cached[0]
            continue
        try:
            entry.body_html, missing = renderer.render(entry.body_markdown)
        except RecursionError:
            report.error(entry.path, raws[(entry.kind, entry.slug)].body_line, "body",
                         "the body nests emphasis, links or lists too deeply to render",
                         "simplify the Markdown: at most a few levels of nesting")  # fmt: skip
            continue
        if missing:
            resolve_body_links(entry, missing, resolver, raws[(entry.kind, entry.slug)].body_line)
        else:
            cache.put_body(body_key, entry.body_html, renderer.targets)
    cache.save()
    if report.errors:
        raise ContentError(report)
    return site, report
