"""The search index: what it reads, and building it while the pages render.

Search reads one small document per entry that has a page of its own (every
event, and every entry of a kind with a list page), rendered from the theme's
``search_record.html``: the title, the type and date a result shows, names in
every script, aliases, the summary, the body and the quotes. Navigation, facts
boxes, lists of events and source lists stay out: other pages own them, and
Pagefind would spend most of its time on them. A document sits at its entry's
address (``events/kazan/index.html``), so a result links to the real page.

The build hands all of this to a forked process of its own
(``make_search_index``), which runs while the pages render. It writes the
documents outside the published folder (the build's cache, or a temporary
folder beside the output) and runs Pagefind on them, writing ``pagefind/`` into
the folder being built. The index is made only when the documents changed: each
folder's page manifest records the digest of the documents its index was made
from (``cache.PageManifest.search``); when the folder being built into, or the
published one, already holds that index, it is kept or linked instead. The
documents stay in the cache, each listed with its fingerprint (what it shows)
and its digest, so a document is rendered again only when what it shows changed.

Pagefind cannot change an index, only make it again, so a large site's index is
split: past ``TIMELINE_SEARCH_SHARD`` documents they go to shards by a hash of
their address (``pagefind/``, ``pagefind-2/``…), each a Pagefind bundle of its own
with its own digest, and the search page merges them (Pagefind's ``mergeIndex``).
An edit then makes one shard again, not the whole index. Shards are made up to
one per CPU at once (``TIMELINE_WORKERS``).
"""

from __future__ import annotations

import contextlib
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
from .cache import bytes_digest
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
    """One build's search index: its entries by shard, their documents, and the Pagefind runs making them."""

    folder: Path  # the output folder being built: shard k goes to folder/bundle_folder(k)
    shards: list[list[model.Entry]] = field(default_factory=list)  # per shard: its entries
    fingerprints: dict[str, str] = field(default_factory=dict)  # entry address -> what its document shows
    documents: dict[str, str] = field(default_factory=dict)  # entry address -> its document's digest
    texts: dict[str, str] = field(default_factory=dict)  # entry address -> its document, when rendered here
    listings: list[dict[str, list[str]] | None] = field(default_factory=list)  # per shard: ``_listing``
    digests: list[str] = field(default_factory=list)  # per shard
    made: list[int] = field(default_factory=list)  # the shards this build makes again

    @classmethod
    def of(
        cls,
        folder: Path,
        entries: list[model.Entry],
        render: Callable[[model.Entry], str],
        shard_size: int,
        work: Path | None = None,
        fingerprint: Callable[[model.Entry], str] | None = None,
    ) -> SearchIndex:
        """Split ``entries`` into shards of about ``shard_size``, and digest each shard's documents.

        With ``work`` (where the shards' documents are kept) and ``fingerprint`` (what an entry's
        document shows), a document is rendered only when its fingerprint is not the one its shard's
        folder lists: the listing gives its digest. Without them every document is rendered.
        """
        count = bundle_count(len(entries), shard_size)
        index = cls(Path(folder), [[] for _ in range(count)])
        for entry in entries:
            index.shards[shard_of(entry.url, count) if count > 1 else 0].append(entry)
        version = pagefind_version()
        for number, members in enumerate(index.shards):
            listing = _listing(work / f"shard-{number + 1}") if work is not None and fingerprint else None
            index.listings.append(listing)
            hasher = hashlib.blake2b(digest_size=12)
            hasher.update(f"{version} {number} of {count}".encode())
            for entry in members:
                url = entry.url
                mark = index.fingerprints[url] = fingerprint(entry) if fingerprint else ""
                listed = listing.get(url) if listing else None
                if listed is not None and listed[0] == mark:
                    index.documents[url] = listed[1]
                else:
                    text = index.texts[url] = render(entry)
                    index.documents[url] = bytes_digest(text.encode())
                hasher.update(url.encode() + b"\0" + index.documents[url].encode() + b"\0")
            index.digests.append(hasher.hexdigest())
        return index

    @property
    def digest(self) -> str:
        """What the page manifest records: the shards' digests, in order."""
        return " ".join(self.digests)

    @property
    def bundles(self) -> list[str]:
        """The shards' folders in the output (``bundle_folders``)."""
        return bundle_folders(len(self.shards))

    def reuse(self, held: str, published: tuple[Path, str] | None, work: Path | None = None) -> None:
        """Keep each shard made from the same documents: this folder's (``held``: the digests it records), or
        the published folder's (linked); the others are listed in ``made``. A kept shard's folder of documents
        under ``work`` lists their new fingerprints (``relist``)."""
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
        for number, members in enumerate(self.shards):
            if number not in self.made:
                for entry in members:
                    self.texts.pop(entry.url, None)  # not needed: keep memory for the pages
                self.relist(number, work)

    def relist(self, number: int, work: Path | None) -> None:
        """List the new fingerprints of a shard not made again whose folder holds its documents as they are
        now (a change to a template or the engine changes every fingerprint, and most documents not at all):
        else every later build would render those documents again to find them unchanged."""
        listing = self.listings[number] if number < len(self.listings) else None
        if listing is None or work is None:
            return
        members = self.shards[number]
        now = {entry.url: [self.fingerprints[entry.url], self.documents[entry.url]] for entry in members}
        same_documents = listing.keys() == now.keys() and all(listing[url][1] == now[url][1] for url in now)
        if same_documents and listing != now:
            _write_listing(work / f"shard-{number + 1}", now)

    def make(self, work: Path | None, keep_fds: tuple[int, ...] = (), jobs: int = 1) -> None:
        """Write the documents of the shards to make under ``work`` (a temporary folder if None) and run
        Pagefind on them, up to ``jobs`` runs at once; raises if a run failed."""
        if work is None:
            work = Path(tempfile.mkdtemp(prefix=".search-", dir=self.folder.parent))
            temporary = True
        else:
            temporary = False
            # A shard's folder of documents changes only when that shard is made, and then only in the
            # documents that changed (``write_documents``): it keeps the documents, listed by what each
            # shows. Anything else (a larger index's shards, an old folder left behind) goes.
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
                site.with_name(f"{site.name}.json").unlink(missing_ok=True)  # the folder is changing
                listing = self.listings[number] if number < len(self.listings) else None
                if listing is None and site.exists():  # what it holds is unknown: start it afresh
                    old = site.with_name(f"{site.name}.old")
                    shutil.rmtree(old, ignore_errors=True)
                    replaced.append(site.rename(old))
                self.write_documents(site, number, listing or {})
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

    def write_documents(self, site: Path, number: int, listing: dict[str, list[str]]) -> None:
        """Make ``site`` hold exactly the documents of shard ``number``, writing only those the folder does
        not hold already (``listing``: one edit changes one document of a shard's 2,000), then list them."""
        entries = self.shards[number]
        for entry in entries:
            listed = listing.get(entry.url)
            if listed is None or listed[1] != self.documents[entry.url]:  # then it was rendered (``of``)
                path = site / entry.url / "index.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(self.texts[entry.url], encoding="utf-8")
        listed_now = {entry.url: [self.fingerprints[entry.url], self.documents[entry.url]] for entry in entries}
        for url in listing.keys() - listed_now.keys():
            if url.startswith("/") or ".." in url.split("/"):  # a listing edited by hand: nothing outside the folder
                continue
            gone = site / url / "index.html"
            gone.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                gone.parent.rmdir()
        site.mkdir(parents=True, exist_ok=True)
        _write_listing(site, listed_now)


def _write_listing(site: Path, listing: dict[str, list[str]]) -> None:
    """Say what the folder ``site`` holds (``_listing``), in one step: a listing is whole or absent."""
    temporary = site.with_name(f"{site.name}.json.tmp")
    temporary.write_text(json.dumps(listing, sort_keys=True), encoding="utf-8")
    temporary.replace(site.with_name(f"{site.name}.json"))


def _listing(site: Path) -> dict[str, list[str]] | None:
    """What the folder ``site`` holds, as its listing says: each document's fingerprint and digest by
    address; None if not known.

    The listing is removed while the folder changes and written again once it is
    complete, so a build stopped half way leaves none, and the next one starts the
    folder afresh."""
    try:
        listing = json.loads(site.with_name(f"{site.name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    valid = isinstance(listing, dict) and all(
        isinstance(value, list) and len(value) == 2 and all(isinstance(part, str) for part in value)
        for value in listing.values()
    )
    return listing if valid and site.is_dir() else None


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
    fingerprint: Callable[[model.Entry], str] | None = None,
) -> tuple[str, int]:
    """A build's whole search index: shards kept or linked where unchanged (``reuse``), the others made
    by Pagefind from their documents. Returns the digest the page manifest records and how many shards
    were made.

    With ``work`` (where the documents are kept) and ``fingerprint`` (what an entry's document shows),
    a document is rendered only when its fingerprint is not the one its shard's folder lists.
    The build runs this in a process of its own while it renders the pages.
    """
    if work is not None:
        # the documents were once kept in records of their own: the shards' folders hold them now
        for old in [work.with_name("search.pickle"), *work.parent.glob("search-*.data")]:
            old.unlink(missing_ok=True)
    index = SearchIndex.of(folder, entries, render, shard_size, work, fingerprint)
    index.reuse(held, published, work)
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
