"""The search index: what it reads, and building it while the pages render.

Search reads one small document per entry that has a page of its own (every
event, and every entry of a kind with a list page), rendered from the theme's
``search_record.html``: the title, the type and date a result shows, names in
every script, aliases, the summary, the body and the quotes. Navigation, facts
boxes, lists of events and source lists stay out: other pages own them, and
Pagefind would spend most of its time on them. A document sits at its entry's
address (``events/kazan/index.html``), so a result links to the real page.

The build hands all of this to a forked process of its own
(``make_search_index``), which runs while the pages render: it renders the
documents (or takes them from the last build, by what each shows), writes them
outside the published folder (the build's cache, or a temporary folder beside
the output) and runs Pagefind on them, writing ``pagefind/`` into the folder
being built. The index is made only when the documents changed: each folder's
page manifest records the digest of the documents its index was made from
(``cache.PageManifest.search``); when the folder being built into, or the
published one, already holds that index, it is kept or linked instead.

Pagefind cannot change an index, only make it again, so a large site's index is
split: past ``TIMELINE_SEARCH_SHARD`` documents they go to shards by a hash of
their address (``pagefind/``, ``pagefind-2/``…), each a Pagefind bundle of its own
with its own digest, and the search page merges them (Pagefind's ``mergeIndex``).
An edit then makes one shard again, not the whole index. Shards are made up to
one per CPU at once (``TIMELINE_WORKERS``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .cache import FragmentCache, bytes_digest
from .kinds import LISTED
from .processes import start_tool
from .routes import route

INDEX_FOLDER = route("search_index").rstrip("/")  # where the index goes in the output (the search page loads it)


def searchable(site: model.Site) -> list[model.Entry]:
    """The entries search finds: every event, then every entry of a listed kind, in a stable order."""
    entries: list[model.Entry] = list(site.events)
    for kind in LISTED:
        entries += sorted(site.entities(kind).values(), key=lambda entry: entry.slug)
    return entries


def pagefind_available() -> bool:
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return False
    return True


def shard_of(url: str, count: int) -> int:
    """The shard an address's document goes to: a stable hash, so a document stays in its shard."""
    return int.from_bytes(hashlib.blake2b(url.encode(), digest_size=8).digest(), "big") % count


def bundle_folder(shard: int) -> str:
    """Where shard ``shard`` (from 0) is written in the output: ``pagefind``, then ``pagefind-2``…"""
    return INDEX_FOLDER if shard == 0 else f"{INDEX_FOLDER}-{shard + 1}"


@dataclass
class SearchIndex:
    """One build's search index: its documents by shard, where they go, and the Pagefind runs making them."""

    folder: Path  # the output folder being built: shard k goes to folder/bundle_folder(k)
    shards: list[dict[str, str]] = field(default_factory=list)  # per shard: entry address -> document
    digests: list[str] = field(default_factory=list)  # per shard
    made: list[int] = field(default_factory=list)  # the shards this build makes again

    @classmethod
    def of(
        cls, folder: Path, entries: list[model.Entry], render: Callable[[model.Entry], str], shard_size: int
    ) -> SearchIndex:
        """Render every entry's search document, split into shards of about ``shard_size``; digest each shard."""
        count = bundle_count(len(entries), shard_size)
        shards: list[dict[str, str]] = [{} for _ in range(count)]
        for entry in entries:
            shards[shard_of(entry.url, count) if count > 1 else 0][entry.url] = render(entry)
        digests, version = [], pagefind_version()
        for number, documents in enumerate(shards):
            hasher = hashlib.blake2b(digest_size=12)
            hasher.update(f"{version} {number} of {count}".encode())
            for url, text in documents.items():
                hasher.update(url.encode() + b"\0" + text.encode() + b"\0")
            digests.append(hasher.hexdigest())
        return cls(Path(folder), shards, digests)

    @property
    def digest(self) -> str:
        """What the page manifest records: the shards' digests, in order."""
        return " ".join(self.digests)

    @property
    def bundles(self) -> list[str]:
        """The shards' folders in the output (``bundle_folders``)."""
        return bundle_folders(len(self.shards))

    def reuse(self, held: str, published: tuple[Path, str] | None) -> None:
        """Keep each shard made from the same documents: this folder's (``held``: the digests it records), or
        the published folder's (linked); the others are listed in ``made``."""
        own, theirs = held.split(), published[1].split() if published else []
        for stale in self.folder.glob(f"{INDEX_FOLDER}-*"):  # shards of a larger index than this one
            if stale.name not in self.bundles:
                shutil.rmtree(stale, ignore_errors=True)
        self.made = []
        for number, digest in enumerate(self.digests):
            bundle = self.folder / bundle_folder(number)
            if number < len(own) and own[number] == digest and bundle.is_dir():
                continue
            shutil.rmtree(bundle, ignore_errors=True)
            source = published[0] / bundle_folder(number) if published else None
            if source is not None and number < len(theirs) and theirs[number] == digest and source.is_dir():
                # index files are only ever replaced, never changed in place: links are as good as copies
                shutil.copytree(source, bundle, copy_function=os.link)
                continue
            self.made.append(number)
        for number, documents in enumerate(self.shards):
            if number not in self.made:
                documents.clear()  # not needed: keep memory for the pages

    def make(self, work: Path | None, keep_fds: tuple[int, ...] = (), jobs: int = 1) -> None:
        """Write the documents of the shards to make under ``work`` (a temporary folder if None) and run
        Pagefind on them, up to ``jobs`` runs at once; raises if a run failed."""
        if work is None:
            work = Path(tempfile.mkdtemp(prefix=".search-", dir=self.folder.parent))
            temporary = True
        else:
            temporary = False
            # A shard's folder of documents changes only when that shard is made, and then only in the
            # documents that changed (``_write_documents``): deleting every document of the last build
            # first took 2.2 s at 10,000 events. Anything else (a larger index's shards, an old folder
            # left behind) goes.
            work.mkdir(parents=True, exist_ok=True)
            current = {f"shard-{number + 1}{suffix}" for number in range(len(self.shards)) for suffix in ("", ".json")}
            for stale in [path for path in work.iterdir() if path.name not in current]:
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)
        running: list[Callable[[], subprocess.CompletedProcess[str]]] = []
        failures: list[str] = []
        replaced: list[Path] = []  # the made shards' old folders, deleted while Pagefind runs
        pagefind = pagefind_command()

        def finish_one() -> None:
            result = running.pop(0)()
            if result.returncode != 0:
                failures.append(f"{result.stdout}{result.stderr}")

        try:
            for number in self.made:
                site = work / f"shard-{number + 1}"
                written = _written_documents(site)
                if written is None and site.exists():  # what it holds is unknown: start it afresh
                    old = site.with_name(f"{site.name}.old")
                    shutil.rmtree(old, ignore_errors=True)
                    replaced.append(site.rename(old))
                _write_documents(site, self.shards[number], written or {})
                self.shards[number].clear()  # on disk now
                if len(running) >= max(1, jobs):
                    finish_one()
                if failures:
                    break
                output = self.folder / bundle_folder(number)
                argv = [*pagefind, "--site", str(site), "--output-path", str(output), "--silent"]
                running.append(start_tool(argv, keep_fds))
                while replaced:
                    shutil.rmtree(replaced.pop(), ignore_errors=True)
            while running:
                finish_one()
        finally:
            if temporary:
                shutil.rmtree(work, ignore_errors=True)
        if failures:
            raise RuntimeError(f"Pagefind failed:\n{failures[0]}")


def _written_documents(site: Path) -> dict[str, str] | None:
    """The digest of each document the folder ``site`` holds, as its listing says; None if not known.

    The listing is removed while the folder changes and written again once it is
    complete, so a build stopped half way leaves none, and the next one starts the
    folder afresh."""
    listing = site.with_name(f"{site.name}.json")
    try:
        written = json.loads(listing.read_text(encoding="utf-8")) if site.is_dir() else None
    except (OSError, ValueError):
        written = None
    listing.unlink(missing_ok=True)
    if not isinstance(written, dict) or not all(isinstance(v, str) for v in written.values()):
        return None
    return written


def _write_documents(site: Path, documents: dict[str, str], written: dict[str, str]) -> None:
    """Make ``site`` hold exactly ``documents`` (url -> HTML), writing only those not already there
    (one edit changes one document of a shard's 2,000), then list them."""
    digests = {}
    for url, text in documents.items():
        digests[url] = bytes_digest(text.encode())
        if written.get(url) != digests[url]:
            path = site / url / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for url in written.keys() - digests.keys():
        if url.startswith("/") or ".." in url.split("/"):  # a listing edited by hand: nothing outside the folder
            continue
        gone = site / url / "index.html"
        gone.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            gone.parent.rmdir()
    site.mkdir(parents=True, exist_ok=True)
    listing = site.with_name(f"{site.name}.json")
    listing.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")


def _kept_document(
    documents: FragmentCache,
    key: Callable[[model.Entry], tuple],
    render: Callable[[model.Entry], str],
    entry: model.Entry,
) -> str:
    return documents.get(("search", *key(entry)), functools.partial(render, entry))


def bundle_count(documents: int, shard_size: int) -> int:
    """How many shards ``documents`` search documents make (one up to ``shard_size``)."""
    return max(1, -(-documents // max(1, shard_size)))


def bundle_folders(count: int) -> list[str]:
    """The folders of an index of ``count`` shards in the output, the first one's first (the search page loads
    its interface)."""
    return [bundle_folder(number) for number in range(count)]


def is_bundle_folder(name: str) -> bool:
    """Whether ``name`` (in any letter case) is, or could be, a shard's folder: ``pagefind``, ``pagefind-2``…"""
    return re.fullmatch(rf"{re.escape(INDEX_FOLDER)}(-\d+)?", name.casefold()) is not None


def make_search_index(
    folder: Path,
    entries: list[model.Entry],
    render: Callable[[model.Entry], str],
    shard_size: int,
    held: str,
    published: tuple[Path, str] | None,
    work: Path | None,
    keep_fds: tuple[int, ...] = (),
    jobs: int = 1,
    kept: tuple[Path, Callable[[model.Entry], tuple]] | None = None,
) -> tuple[str, int]:
    """A build's whole search index: documents rendered, shards kept or linked where unchanged (``reuse``),
    the others made by Pagefind. Returns the digest the page manifest records and how many shards were made.

    With ``kept`` (the build's cache folder and the fingerprint of what an entry's document shows), a
    document whose fingerprint is unchanged is taken from the last build instead of rendered again.
    The build runs this in a process of its own while it renders the pages.
    """
    documents = FragmentCache(kept[0] if kept else None, "search")
    try:
        if kept is not None:
            render = functools.partial(_kept_document, documents, kept[1], render)
        index = SearchIndex.of(folder, entries, render, shard_size)
        documents.save()
    finally:
        documents.close()
    index.reuse(held, published)
    if index.made:
        index.make(work, keep_fds, jobs)
    return index.digest, len(index.made)


def pagefind_command() -> list[str]:
    """How to run Pagefind: its binary itself where the package can say where it is (``python -m pagefind``
    only looks it up and starts it, a tenth of a second per run), else through the package."""
    try:
        from pagefind.service import get_executable

        executable = get_executable()
    except Exception:  # a package that moved its helper still runs as a module
        executable = None
    return [str(executable)] if executable is not None else [sys.executable, "-m", "pagefind"]


def pagefind_version() -> str:
    """The installed Pagefind's version: a new one makes a new index."""
    try:
        from importlib.metadata import version

        return version("pagefind")
    except Exception:  # not installed from a distribution: the documents alone decide
        return ""


__all__ = [
    "INDEX_FOLDER",
    "SearchIndex",
    "bundle_count",
    "bundle_folder",
    "bundle_folders",
    "is_bundle_folder",
    "make_search_index",
    "pagefind_available",
    "searchable",
    "shard_of",
]
