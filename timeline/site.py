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

A bad *file* is a problem of its own, reported like any other (with the path)
and never a crash or a hang: the folders are walked with ``lstat``, so nothing
is opened before it is known to be a plain file (a named pipe would block the
read forever); links are followed only to files and folders inside the content
folder (anything else would publish files from elsewhere); a file that cannot
be read, is too large, has a name too long to publish or an address the site
itself uses is an error. Files that look like entries but are not read (``.MD``,
``.markdown``, a folder ``event/``) are warnings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import os
import pickle
import stat
from pathlib import Path

from . import model
from .cache import EntryCache, bytes_digest
from .diagnostics import ContentError, Report
from .frontmatter import EntryError, Positions, RawEntry, parse
from .kinds import KIND_OF_FOLDER, RESERVED_PAGE_SLUGS
from .markup import BodyRenderer, citations, lines_of_text
from .processes import results_from_processes, workers_for
from .references import Resolver, resolve, resolve_body_links
from .search import INDEX_FOLDER, is_bundle_folder
from .validation import SLUG_PATTERN, build_entry

# A slug is a folder name and part of file names (feeds/threads/<slug>.atom.xml): far below
# the 255 bytes file systems allow, and still longer than any address a reader would type.
MAX_SLUG_LENGTH = 100
# The longest entry in content/ is a few kilobytes; a megabyte still checks in a fraction of
# a second, where a 50 MB file would stall every build.
MAX_ENTRY_BYTES = 1_000_000
_SPECIAL_FILES = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device",
                  stat.S_IFBLK: "a device"}  # fmt: skip
_NOT_READ_SUFFIXES = (".md", ".markdown", ".mdown")  # compared in lowercase


class _Walk:
    """Finds the entry files of one content folder, reporting every file it cannot take."""

    def __init__(self, content: Path, report: Report, shown_content: Path) -> None:
        self.content, self.report, self.shown_content = content, report, shown_content
        self.inside = content.resolve()
        self.seen_folders: set[tuple[int, int]] = set()  # a link back up must not loop

    def shown(self, path: Path) -> Path:
        return _shown(path, self.content, self.shown_content)

    def files(self, root: Path) -> list[Path]:
        """Every entry file under ``root`` (one kind's folder), sorted."""
        found, pending = [], [root]
        while pending:
            path = pending.pop()
            what = self.classify(path)
            if what == "file":
                found.append(path)
            elif what == "folder":
                pending.extend(path / name for name in self.listing(path) if not name.startswith("."))
        return sorted(found)

    def listing(self, folder: Path) -> list[str]:
        try:
            return sorted(os.listdir(folder))
        except OSError as error:
            self.report.error(self.shown(folder), 1, "", f"the folder cannot be read ({error.strerror})",
                              "check its permissions, e.g. chmod u+rx on it")  # fmt: skip
            return []

    def classify(self, path: Path) -> str | None:
        """What ``path`` is: "file" (an entry to read), "folder" (to walk into) or None (reported if wrong)."""
        name = path.name  # its shown path is worked out only for a message: most files have none
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            return None  # a kind with no folder, or a file deleted while we walk
        except OSError as error:
            self.report.error(self.shown(path), 1, "", f"'{name}' cannot be read ({error.strerror})",
                              "check its permissions")  # fmt: skip
            return None
        entry_like = name.endswith(".md")
        if stat.S_ISLNK(status.st_mode):
            try:
                target = path.resolve(strict=True)
                status = target.stat()
            except (OSError, RuntimeError):  # missing target, or a loop of links
                if entry_like:
                    self.report.error(self.shown(path), 1, "", f"'{name}' is a link to a file that does not exist",
                                      "remove the link, or restore the file it points to")  # fmt: skip
                return None
            if not target.is_relative_to(self.inside):
                what = "folder" if stat.S_ISDIR(status.st_mode) else "file"
                if entry_like or what == "folder":
                    self.report.error(self.shown(path), 1, "", f"'{name}' is a link to a {what} outside the content"
                                      f" folder ({target})", f"move or copy the {what} into the content folder: "
                                      "nothing outside it is published")  # fmt: skip
                return None
        if stat.S_ISDIR(status.st_mode):
            # a folder is a folder whatever its name, even 'x.md': subfolders never change a slug
            folder_id = (status.st_dev, status.st_ino)
            if folder_id in self.seen_folders:
                return None
            self.seen_folders.add(folder_id)
            return "folder"
        if not entry_like:
            if name.lower().endswith(_NOT_READ_SUFFIXES):
                stem = name[: name.rfind(".")]
                self.report.warning(self.shown(path), 1, "", f"'{name}' is not read: entry files end in '.md'",
                                    f"rename it to {stem}.md")  # fmt: skip
            return None
        if not stat.S_ISREG(status.st_mode):
            what = _SPECIAL_FILES.get(stat.S_IFMT(status.st_mode), "not an ordinary file")
            self.report.error(self.shown(path), 1, "", f"'{name}' is {what}, not a text file",
                              "remove it, or replace it with an ordinary Markdown file")  # fmt: skip
            return None
        return "file"

    def stray(self) -> None:
        """Warn about entries left where nothing is read: at the top, or in a misspelt folder."""
        for name in sorted(self.listing(self.content)):
            path = self.content / name
            if name.startswith(".") or name in KIND_OF_FOLDER:
                continue
            if path.is_dir():
                close = difflib.get_close_matches(name.casefold(), KIND_OF_FOLDER, n=1, cutoff=0.75)
                if close:
                    self.report.warning(self.shown(path), 1, "", f"the folder '{name}' is not read",
                                        f"did you mean '{close[0]}'? Entries are read from "
                                        + ", ".join(f"{f}/" for f in KIND_OF_FOLDER))  # fmt: skip
            elif name.lower().endswith(_NOT_READ_SUFFIXES):
                self.report.warning(self.shown(path), 1, "", f"'{name}' is not read: it is in no folder of entries",
                                    "move it into the folder of its kind: "
                                    + ", ".join(f"{f}/" for f in KIND_OF_FOLDER))  # fmt: skip


def find_entry_files(content: Path, report: Report, shown_content: Path | None = None) -> list[tuple[str, Path]]:
    """``(kind, path)`` of every entry file, in a stable order; the files that cannot be entries reported."""
    walk = _Walk(content, report, _shown_folder(content) if shown_content is None else shown_content)
    walk.stray()
    return [(kind, path) for folder, kind in KIND_OF_FOLDER.items() for path in walk.files(content / folder)]


def entry_files(content: Path) -> list[tuple[str, Path]]:
    """``(kind, path)`` of every entry file, in a stable order (problems are not reported)."""
    return find_entry_files(content, Report())


def _read_file(path: Path, shown: Path, report: Report) -> bytes | None:
    """The bytes of one entry file, or None after reporting why they cannot be had."""
    try:
        # O_NONBLOCK: should a pipe replace the file after it was checked, opening it must not wait
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                report.error(shown, 1, "", f"'{path.name}' is not an ordinary file",
                             "remove it, or replace it with an ordinary Markdown file")  # fmt: skip
                return None
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError as error:
        hint = f"let yourself read it: chmod u+r {shown}" if isinstance(error, PermissionError) else "check the file"
        report.error(shown, 1, "", f"the file cannot be read ({error.strerror})", hint)
        return None
    if len(data) > MAX_ENTRY_BYTES:
        size = max(status.st_size, len(data))
        report.error(shown, 1, "", f"the file has {size:,} bytes; an entry has at most {MAX_ENTRY_BYTES:,}",
                     "shorten it, or split it into several entries")  # fmt: skip
        return None
    return data


def _shown(path: Path, content: Path, shown_content: Path) -> Path:
    """The path as a contributor would type it: relative to where they are, if inside."""
    return shown_content / path.relative_to(content)


def _shown_folder(content: Path) -> Path:
    try:
        return content.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return content


def read_entries(
    content: Path, report: Report, cache: EntryCache | None = None, workers: int = 1
) -> tuple[dict[tuple[str, str], Positions], list[model.Entry], set[tuple[str, str]]]:
    """Read and check every entry file; report problems.

    Returns the good entries (and where their values stood: ``frontmatter.Positions``), plus the ``(kind, slug)``
    of entries that exist but have errors, so that links to them are not reported
    a second time as unknown. Files not in the ``cache`` are checked by up to
    ``workers`` processes (``processes.results_from_processes``); the outcome is the same.
    """
    cache = cache or EntryCache(None)
    raws: dict[tuple[str, str], Positions] = {}
    broken: set[tuple[str, str]] = set()
    entries: list[model.Entry] = []
    shown_content = _shown_folder(content)
    by_slug: dict[tuple[str, str], list[tuple[Path, Path]]] = {}  # (kind, slug in any case) -> (path, shown)
    for kind, path in find_entry_files(content, report, shown_content):
        slug, shown = path.stem, _shown(path, content, shown_content)
        if _usable_name(kind, slug, shown, report):
            by_slug.setdefault((kind, slug.casefold()), []).append((path, shown))
        elif SLUG_PATTERN.fullmatch(slug):
            broken.add((kind, slug))  # it exists: links to it are not "unknown" as well
    files: list[tuple[str, Path, Path]] = []  # (kind, path, shown) of every file to read
    for (kind, _), found in by_slug.items():
        if len(found) > 1:
            _same_slug(kind, [path for path, _ in found], [shown for _, shown in found], report)
            broken.update((kind, path.stem) for path, _ in found)
        else:
            files.append((kind, *found[0]))
    # (content key, (raw, entry, diagnostics) or None) per file: the cache's first, then the others checked
    outcomes: list[tuple[str, tuple | None]] = []
    unread: list[int] = []  # files the cache does not have: the workers read them, this process holds none
    for position, (_, path, shown) in enumerate(files):
        cached = None
        if cache.has_entries:
            data = _read_file(path, shown, report)
            if data is None:
                outcomes.append(("", None))
                continue
            content_key = bytes_digest(data)  # not the modification time: cp -p and rsync -t keep it across edits
            cached = cache.entry(path, content_key)
        if cached is None:
            unread.append(position)
            outcomes.append(("", None))
        else:
            outcomes.append((content_key, cached))

    def check(position: int) -> tuple[str, bytes]:
        # the digest of the bytes checked here (the file may have changed since it was looked up), and the
        # outcome pickled once, where it is made: for the way back from a reading process and for the cache
        kind, path, shown = files[position]
        read_report = Report()
        data = _read_file(path, shown, read_report)
        if data is None:
            return "", pickle.dumps((None, None, read_report.items), pickle.HIGHEST_PROTOCOL)
        return bytes_digest(data), pickle.dumps(_check_file(content, kind, path, shown, data), pickle.HIGHEST_PROTOCOL)

    # closed on the way out, whatever happens here: the reading processes stop and are reaped
    with contextlib.closing(results_from_processes(check, unread, workers_for(workers, len(unread)))) as checked:
        for position, (content_key, pickled) in zip(unread, checked, strict=True):
            outcome = pickle.loads(pickled)
            outcomes[position] = (content_key, outcome)
            if outcome[1] is not None:
                cache.put_entry(files[position][1], content_key, pickled)
    for (kind, path, _), (_, outcome) in zip(files, outcomes, strict=True):
        raw, entry, diagnostics = outcome or (None, None, [])
        report.items.extend(diagnostics)
        if entry is None:
            broken.add((kind, path.stem))
        else:
            raws[(kind, path.stem)] = raw
            entries.append(entry)
    return raws, entries, broken


def _check_file(content: Path, kind: str, path: Path, shown: Path, data: bytes) -> tuple:
    """``(raw, entry or None, every diagnostic)`` of one file's bytes."""
    report = Report()
    raw, entry, _ = _read_entry(data, shown, kind, path.stem, path.relative_to(content).as_posix(), report)
    return (raw.positions() if raw else None), entry, report.items


def _usable_name(kind: str, slug: str, shown: Path, report: Report) -> bool:
    """Whether the file name can be a slug (reported if not)."""
    if not SLUG_PATTERN.fullmatch(slug):
        report.error(shown, 1, "", f"'{shown.name}' is not a usable file name",
                     "use letters, digits and hyphens only, e.g. kazan-summit-2011.md")  # fmt: skip
        return False
    if len(slug) > MAX_SLUG_LENGTH:
        shorter = slug[:60].rstrip("-_")
        report.error(shown, 1, "", f"the file name is {len(slug)} characters long; a slug has at most"
                     f" {MAX_SLUG_LENGTH}", f"rename it to something shorter, e.g. {shorter}.md")  # fmt: skip
        return False
    if kind == "page" and (slug.casefold() in RESERVED_PAGE_SLUGS or is_bundle_folder(slug)):
        report.error(shown, 1, "", f"the address /{slug}/ is used by the site itself",
                     f"rename the file, e.g. to about-{slug}.md; pages cannot be called "
                     + ", ".join(sorted(RESERVED_PAGE_SLUGS)) + f" or {INDEX_FOLDER}-2, -3…")  # fmt: skip
        return False
    return True


def _same_slug(kind: str, paths: list[Path], shown: list[Path], report: Report) -> None:
    """Files whose slugs differ only in letter case: an error in each, naming the others.

    Neither is read: which one would win depends on the order of a folder listing,
    and on Windows and macOS they are one address.
    """
    for index, path in enumerate(paths):
        others = ", ".join(str(other) for position, other in enumerate(shown) if position != index)
        report.error(shown[index], 1, "", f"the slug '{path.stem}' differs only in letter case from {others}",
                     "rename one of them: slugs must differ in more than letter case")  # fmt: skip


def _read_entry(
    data: bytes, shown: Path, kind: str, slug: str, source: str, report: Report
) -> tuple[RawEntry | None, model.Entry | None, list]:
    """Check one file's bytes: its raw front matter, its entry (None if broken), its warnings."""
    try:
        raw = parse(shown, data)
    except EntryError as error:
        report.error(shown, error.line, error.key, error.message, error.hint)
        return None, None, []
    before = len(report.items)
    entry = build_entry(raw, kind, slug, report)
    if entry is not None:
        entry.source = source
        # where the file lives is part of what its page shows (the "Edit this page" link)
        entry.digest = bytes_digest(data, source)
    return raw, entry, report.items[before:]


def _warn_of_future_dates(entries: list[model.Entry], raws: dict, report: Report) -> None:
    """A warning for each event dated after today (most likely a mistyped year).

    Only a warning, and only here: today's date never reaches a built file, so two
    builds of the same content stay identical; not cached, so it goes when the day comes.
    """
    today = dt.date.today()
    for entry in entries:
        date = getattr(entry, "date", None)
        if entry.kind == "event" and date is not None and date.lower > today:
            report.warning(entry.path, raws[(entry.kind, entry.slug)].line_of("date"), "date",
                           f"'{date.edtf}' is in the future",
                           "check the year: the timeline records what has happened")  # fmt: skip


def link_terms(site: model.Site, links: dict[str, list[tuple[str, str]]]) -> None:
    """Each term lists the events whose text links it (``term:slug``), in time order."""
    terms = site.entities("term")
    for event in site.events:
        for kind, slug in links.get(event.slug, ()):
            term = terms.get(slug) if kind == "term" else None
            if term is not None and (not term.events or term.events[-1] is not event):  # type: ignore[attr-defined]
                term.events.append(event)  # type: ignore[attr-defined]


def _check_citations(entry: model.Entry, raw: RawEntry | Positions, report: Report) -> None:
    """Note which sources the body cites (``[@2]``), and report a citation of a source that is not there."""
    entry.citations = citations(entry.body_html)
    sources = len(getattr(entry, "sources", ()))
    for number in sorted(entry.citations):
        if 1 <= number <= sources:
            continue
        line = raw.body_line + lines_of_text(entry.body_markdown, f"[@{number}]")[0]
        listed = f"it lists {sources} source{'s' if sources != 1 else ''}" if sources else "it lists no source"
        what = "number the sources from 1 in the order of sources:" if sources else "only events list sources"
        report.error(entry.path, line, "body", f"[@{number}] cites source {number}, but {listed}", what)


def _warn_of_too_many_key_moments(events: list[model.Event], raws: dict, report: Report) -> None:
    """Key moments are the few events a newcomer should read first: more than one in eight is not a few."""
    marked = [event for event in events if event.key_moment]
    limit = max(5, len(events) // 8)
    if len(marked) > limit:
        for event in marked[limit:]:
            report.warning(event.path, raws[("event", event.slug)].line_of("key_moment"), "key_moment",
                           f"{len(marked)} of {len(events)} events are key moments; at most {limit} read as a few",
                           "keep key_moment: true on the events a newcomer must read first")  # fmt: skip


def _warn_of_unordered_days(events: list[model.Event], raws: dict, report: Report) -> None:
    """Events of the same day must say which came first (``order:``), or they fall in slug order."""
    days: dict[str, list[model.Event]] = {}
    for event in events:
        if event.date.precision == "day" and not event.date.is_interval:
            days.setdefault(event.date.edtf, []).append(event)
    for same_day in days.values():
        if len(same_day) < 2:
            continue
        orders = [event.order for event in same_day]
        if 0 not in orders and len(set(orders)) == len(orders):
            continue
        names = ", ".join(event.slug for event in same_day)
        for event in same_day:
            if event.order and orders.count(event.order) == 1:
                continue
            line = raws[("event", event.slug)].line_of("order" if event.order else "date")
            problem = "shares its order with another event" if event.order else "has no order"
            report.warning(event.path, line, "order", f"{len(same_day)} events happened on {event.date.display} "
                           f"({names}), and this one {problem}",
                           "say which came first: order: 1 on the first, order: 2 on the next…")  # fmt: skip


def load_site(
    content: Path, site_url: str = "", cache_dir: Path | None = None, workers: int = 1, save_cache: bool = True
) -> tuple[model.Site, Report]:
    """The checked and linked site in ``content``; raises ``ContentError`` on any error.

    ``site_url`` prefixes the URLs that body links resolve to ("" for root-relative).
    With a ``cache_dir``, unchanged files and bodies are taken from the last run.
    Files are checked and bodies rendered by up to ``workers`` processes (0: one
    per CPU); the site is the same whatever the number. ``save_cache=False`` reads
    the cache but leaves it as it was (a build may be writing it).
    """
    # Loading makes hundreds of thousands of objects that all live on: automatic
    # collection would scan them again and again (1.4 s of 11 at 10,000 events)
    # and find almost nothing, since the only cycle that held much is broken
    # (BodyRenderer.close).
    enabled = gc.isenabled()
    gc.disable()
    cache = EntryCache(cache_dir, write=save_cache)
    try:
        return _load_site(Path(content), site_url, cache, workers)
    finally:
        cache.close()  # after a failure: what was written of the new records goes
        if enabled:
            gc.enable()


def _load_site(content: Path, site_url: str, cache: EntryCache, workers: int) -> tuple[model.Site, Report]:
    report = Report()
    if not content.is_dir():
        problem = "is not a folder" if content.exists() else "does not exist"
        report.error(content, 1, "", f"the content folder {problem}", "give the folder holding events/")
        raise ContentError(report)
    raws, entries, broken = read_entries(content, report, cache, workers)
    if not entries and not broken and not report.errors:
        report.warning(_shown_folder(content), 1, "", "the content folder has no entries",
                       "add Markdown files to " + ", ".join(f"{folder}/" for folder in KIND_OF_FOLDER)
                       + " (see CONTRIBUTING.md)")  # fmt: skip
    _warn_of_future_dates(entries, raws, report)
    site = model.Site(folders=KIND_OF_FOLDER)
    events = []
    for entry in entries:
        if entry.kind == "event":
            events.append(entry)
        else:
            site.entities(entry.kind)[entry.slug] = entry
    site.events = sorted(events, key=lambda event: event.sort_key)  # type: ignore[attr-defined]
    _warn_of_unordered_days(site.events, raws, report)
    _warn_of_too_many_key_moments(site.events, raws, report)
    resolver = Resolver(site, raws, report, broken)
    resolve(site, resolver)
    prefix = site_url.rstrip("/") + "/"

    def url_of(kind: str, slug: str) -> str | None:
        path = resolver.url(kind, slug)
        return None if path is None else prefix + path

    renderer = BodyRenderer(url_of)

    def render(entry: model.Entry) -> tuple[str, list, list[tuple[str, str]]] | None:
        try:
            html, missing = renderer.render(entry.body_markdown)
        except RecursionError:
            return None
        return html, missing, list(renderer.targets)

    links: dict[str, list[tuple[str, str]]] = {}  # event slug -> what its body links to
    rendered: dict[int, tuple[str, list, list[tuple[str, str]]] | None] = {}  # by position in entries
    body_keys = [bytes_digest(entry.body_markdown.encode(), prefix) for entry in entries]  # the text, not its repr
    for position, body_key in enumerate(body_keys):
        cached = cache.body(body_key)
        if cached is not None and all(resolver.lookup(kind, slug) for kind, slug in cached[1]):
            rendered[position] = (cached[0], [], cached[1])
    unrendered = [position for position in range(len(entries)) if position not in rendered]
    bodies = results_from_processes(lambda at: render(entries[at]), unrendered, workers_for(workers, len(unrendered)))
    with contextlib.closing(bodies):
        rendered.update(zip(unrendered, bodies, strict=True))
    renderer.close()
    for position, entry in enumerate(entries):
        body = rendered[position]
        if body is None:
            report.error(entry.path, raws[(entry.kind, entry.slug)].body_line, "body",
                         "the body nests emphasis, links or lists too deeply to render",
                         "simplify the Markdown: at most a few levels of nesting")  # fmt: skip
            continue
        entry.body_html, missing, targets = body
        if entry.kind == "event":
            links[entry.slug] = targets
        if missing:
            resolve_body_links(entry, missing, resolver, raws[(entry.kind, entry.slug)].body_line)
        elif position in unrendered:
            cache.put_body(body_keys[position], entry.body_html, targets)
        _check_citations(entry, raws[(entry.kind, entry.slug)], report)
    cache.save()
    link_terms(site, links)
    if report.errors:
        raise ContentError(report)
    return site, report
