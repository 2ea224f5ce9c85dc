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


def _shown(path: Path) -> Path:
    """The path as a contributor would type it: relative to where they are, if inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def read_entries(
    content: Path, report: Report
) -> tuple[dict[tuple[str, str], RawEntry], list[model.Entry], set[tuple[str, str]]]:
    """Read and check every entry file; report problems.

    Returns the good entries (and their raw front matter), plus the ``(kind, slug)``
    of entries that exist but have errors, so that links to them are not reported
    a second time as unknown.
    """
    raws: dict[tuple[str, str], RawEntry] = {}
    broken: set[tuple[str, str]] = set()
    entries: list[model.Entry] = []
    first_path: dict[tuple[str, str], Path] = {}
    for kind, path in entry_files(content):
        shown = _shown(path)
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
        try:
            raw = parse(shown, path.read_bytes())
        except EntryError as error:
            report.error(shown, error.line, error.key, error.message, error.hint)
            broken.add((kind, slug))
            continue
        entry = build_entry(raw, kind, slug, report)
        if entry is None:
            broken.add((kind, slug))
        else:
            entry.source = path.relative_to(content).as_posix()
            raws[(kind, slug)] = raw
            entries.append(entry)
    return raws, entries, broken


def load_site(content: Path, site_url: str = "") -> tuple[model.Site, Report]:
    """The checked and linked site in ``content``; raises ``ContentError`` on any error.

    ``site_url`` prefixes the URLs that body links resolve to ("" for root-relative).
    """
    content = Path(content)
    report = Report()
    if not content.is_dir():
        report.error(content, 1, "", "the content folder does not exist", "give the folder holding events/")
        raise ContentError(report)
    raws, entries, broken = read_entries(content, report)
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
        try:
            entry.body_html, missing = renderer.render(entry.body_markdown)
        except RecursionError:
            report.error(entry.path, raws[(entry.kind, entry.slug)].body_line, "body",
                         "the body nests emphasis, links or lists too deeply to render",
                         "simplify the Markdown: at most a few levels of nesting")  # fmt: skip
            continue
        if missing:
            resolve_body_links(entry, missing, resolver, raws[(entry.kind, entry.slug)].body_line)
    if report.errors:
        raise ContentError(report)
    return site, report
