"""Build caches: what a rebuild after a small edit does not need to do again.

Kept in one folder beside the output (``.output.cache/`` for ``output/``), and
keyed so that a stale piece can never be used:

* ``EntryCache``: an entry file read and checked before, unchanged since (same
  bytes, by digest, and same engine code), is taken from the cache with the
  warnings it produced; modification times are not trusted (``cp -p``,
  ``rsync -t`` and coarse file systems keep them across an edit); a body rendered before is reused when its text, the
  site URL and the set of entries its links point to are the same.
* ``FragmentCache``: pieces of the data exports and feeds (calendar entries, CSV rows,
  JSON records, Atom entries), by the digests of what they are made of, kept in runs of
  about 64 events (``FragmentCache.runs``) so that a rebuild reads few records. The
  search documents are kept by the search index itself (``search.py``).
* ``PageManifest``: for each page of one of the two output folders (see
  ``build.py``), a fingerprint of everything that goes into it (its entries'
  file digests, its neighbours', its page of a list). A page whose fingerprint
  is unchanged is left as it is; the manifest is committed only when that folder
  has been published, and forgotten when a build into it fails.

``EntryCache`` and ``FragmentCache`` keep their pieces in a ``RecordStore``: an index, and a file of records read
one at a time when asked for, so that no process holds a whole cache in memory.

A cache that cannot be read, or holds something of the wrong shape, is
discarded with a one-line warning: the build then does the work again.

Anything that changes every page (templates, static files, settings, engine
code, the pages linked from every footer) is part of the site-wide key: when it
changes, every page is rendered again.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import pickle
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

Item = TypeVar("Item")

ENGINE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)


def digest(*parts: object) -> str:
    """A short, stable fingerprint of ``parts`` (their repr)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def bytes_digest(data: bytes, *parts: str) -> str:
    """``digest`` for a file's bytes (and a few strings): hashed as they are, not through their repr."""
    hasher = hashlib.blake2b(data, digest_size=12)
    for part in parts:
        hasher.update(b"\0" + part.encode())
    return hasher.hexdigest()


def tree_digest(*folders: Path) -> str:
    """Fingerprint of every file under ``folders`` (names and bytes)."""
    hasher = hashlib.blake2b(digest_size=12)
    for folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hasher.update(str(path.relative_to(folder)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _load_pickle(path: Path | None, shape: dict[str, type], version: str) -> dict | None:
    """The dict stored at ``path`` if it was made by this ``version`` of the engine and has the keys and
    types of ``shape``; else None (warned if damaged: another version's cache is expected, not damage)."""
    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    except Exception as error:  # whatever a damaged file makes pickle raise, the cache is only lost work
        log.warning("the build cache %s cannot be read (%s): it is ignored and rebuilt", path, type(error).__name__)
        return None
    if isinstance(stored, dict) and stored.get("version") != version and isinstance(stored.get("version"), str):
        return None
    if not isinstance(stored, dict) or any(not isinstance(stored.get(k), t) for k, t in shape.items()):
        log.warning("the build cache %s is not in the expected form: it is ignored and rebuilt", path)
        return None
    return stored


def _save_pickle(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


class RecordStore:
    """Byte strings by key, kept between builds in two files: an index and the records it names.

    ``<name>.pickle`` is the index: for each key, where its record lies in the
    records file ``<name>-<token>.data`` and the record's digest (plus whatever
    else the owner keeps, ``extra``). A record is read only when asked for, and
    what this build keeps is written to the next records file as soon as it is
    had, so no process holds all of them (the checked entries weigh 38 MB at
    10,000 events, the export pieces 37 MB). ``save`` makes the new files the
    store; ``close`` without it deletes them. Without ``write`` (a build may be
    writing the store) nothing is written. A damaged index or record is warned
    about once and treated as missing.
    """

    def __init__(self, folder: Path | None, name: str, version: str, extra: dict[str, type], write: bool) -> None:
        self.folder = Path(folder) if folder else None
        self.name = name
        self.path = self.folder / f"{name}.pickle" if self.folder else None
        self.write = write and self.folder is not None
        self.version = version
        stored = _load_pickle(self.path, {"records": str, "index": dict, **extra}, version)
        self.old_records_path: Path | None = None
        self.old_records = self._open_records(stored) if stored else None
        self.stored: dict = stored if stored and self.old_records else {}
        self.old_index: dict[str, Any] = self.stored.get("index", {})
        self.index: dict[str, tuple[int, int, str]] = {}  # key -> (offset, length, the record's digest)
        self.records: Any = None  # the new records file, opened with the first record
        self.records_name = ""
        self.warned = False

    def _open_records(self, stored: dict) -> Any:
        """The records file the index names, open for reading (an empty stand-in if it names none)."""
        name = stored["records"]
        if not name:
            return io.BytesIO()
        assert self.folder is not None
        if not re.fullmatch(rf"{re.escape(self.name)}-[0-9a-f]{{16}}\.data", name):  # its own, never a path
            log.warning("the build cache %s names records that are not its own: it is ignored and rebuilt", self.path)
            return None
        self.old_records_path = self.folder / name
        try:
            return self.old_records_path.open("rb")
        except OSError as error:
            log.warning("the build cache %s cannot be read (%s): it is ignored and rebuilt", self.old_records_path,
                        error.strerror or error)  # fmt: skip
            return None

    def damaged(self, where: Path | None) -> None:
        """Warn (once) that what ``where`` holds is damaged; the caller does the work again."""
        if not self.warned:
            log.warning("the build cache %s holds damaged records: they are ignored and rebuilt", where)
            self.warned = True

    @property
    def has_records(self) -> bool:
        """Whether any record may be had."""
        return bool(self.old_index)

    def get(self, key: str) -> bytes | None:
        """The record kept under ``key`` (kept again by this build), or None."""
        if key in self.index:  # kept already by this build (a feed's entry is in two feeds): read it back
            offset, length, _ = self.index[key]
            self.records.seek(offset)
            record = self.records.read(length)
            self.records.seek(0, os.SEEK_END)
            return record
        hit = self.old_index.get(key)
        if hit is None or self.old_records is None:
            return None
        if not (isinstance(hit, tuple) and len(hit) == 3 and isinstance(hit[0], int) and isinstance(hit[1], int)):
            return self.damaged(self.path)
        try:
            self.old_records.seek(hit[0])
            record = self.old_records.read(hit[1])
        except (OSError, ValueError):
            return self.damaged(self.old_records_path)
        if len(record) != hit[1] or bytes_digest(record) != hit[2]:
            return self.damaged(self.old_records_path)
        self.put(key, record, hit[2])
        return record

    def put(self, key: str, record: bytes, known_digest: str | None = None) -> None:
        """Keep ``record`` under ``key`` (once: a key kept already is left as it is); ``known_digest``: its
        digest, when the caller has just checked it."""
        if not self.write or key in self.index:
            return
        if self.records is None:
            assert self.folder is not None
            self.folder.mkdir(parents=True, exist_ok=True)
            self.records_name = f"{self.name}-{os.urandom(8).hex()}.data"
            self.records = (self.folder / self.records_name).open("w+b")  # read back by get
        self.index[key] = (self.records.tell(), len(record), known_digest or bytes_digest(record))
        self.records.write(record)

    def save(self, **extra: Any) -> None:
        """Make what this build kept the store (so what it did not ask for drops out); then ``close``."""
        if not self.write:
            return self.close()
        assert self.path is not None and self.folder is not None
        if self.records is not None:
            self.records.close()
            self.records = None  # now the store's: close leaves it
        _save_pickle(self.path, {"version": self.version, "records": self.records_name, "index": self.index, **extra})
        self.close()
        for old in self.folder.glob(f"{self.name}-*.data"):  # the last build's, and any a failed build left
            if old.name != self.records_name:
                old.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop reading the old records; new ones not saved are deleted."""
        if self.old_records is not None:
            self.old_records.close()
            self.old_records = None
        if self.records is not None:
            self.records.close()
            (self.folder / self.records_name).unlink(missing_ok=True)  # type: ignore[operator]
            self.records = None


class EntryCache:
    """Checked entries by file and the digest of its bytes, and rendered bodies by text; a no-op without a folder.

    The entries are records of a ``RecordStore`` (``entries.pickle`` and its
    records), each a pickled ``(raw, entry, diagnostics)``; the bodies are kept in
    the index. Without ``write`` (a build may be writing the cache) nothing is
    written. ``save`` keeps what this run used or made; ``close`` ends the use of
    the files.
    """

    def __init__(self, folder: Path | None, write: bool = True) -> None:
        # paths in messages are relative to the working folder: part of the key
        version = digest(tree_digest(ENGINE), str(Path.cwd()))
        self.store = RecordStore(folder, "entries", version, {"bodies": dict}, write)
        self.old_bodies: dict[str, tuple] = self.store.stored.get("bodies", {})
        self.bodies: dict[str, tuple] = {}

    @property
    def has_entries(self) -> bool:
        """Whether any file's record may be had (if not, files need not be read to be looked up)."""
        return self.store.has_records

    def entry(self, path: Path, content: str) -> Any:
        """What ``put_entry`` stored for this file, if its bytes still have the digest ``content``."""
        record = self.store.get(f"{path}\0{content}")
        if record is None:
            return None
        try:
            return pickle.loads(record)
        except Exception:  # a damaged record is only lost work: read the file again
            return self.store.damaged(self.store.old_records_path)

    def put_entry(self, path: Path, content: str, pickled: bytes) -> None:
        """Keep a file's checked outcome (pickled by the caller) under the digest ``content`` of its bytes."""
        self.store.put(f"{path}\0{content}", pickled)

    def body(self, key: str) -> tuple[str, list[tuple[str, str]]] | None:
        hit = self.old_bodies.get(key)
        if hit is None:
            return None
        if not (isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], str) and isinstance(hit[1], list)):
            return self.store.damaged(self.store.path)
        self.bodies[key] = hit
        return hit

    def put_body(self, key: str, html: str, targets: list[tuple[str, str]]) -> None:
        if self.store.write:
            self.bodies[key] = (html, targets)

    def save(self) -> None:
        self.store.save(bodies=self.bodies)

    def close(self) -> None:
        self.store.close()


class FragmentCache:
    """Serialised pieces (a calendar entry, a JSON record, a search document) by what they are made of.

    The pieces are records of a ``RecordStore`` named ``name``; ``save`` keeps those
    this build asked for, ``close`` (or a build that never saves) none.
    """

    def __init__(self, folder: Path | None, name: str = "exports") -> None:
        self.store = RecordStore(folder, name, tree_digest(ENGINE), {}, write=True)

    def get(self, key: tuple, make: Callable[[], str]) -> str:
        """The piece for ``key`` (fingerprints of its inputs), made by ``make()`` if not kept."""
        return self._piece(digest(key), make)

    def _piece(self, name: str, make: Callable[[], str]) -> str:
        record = self.store.get(name)
        if record is not None:
            try:
                return record.decode("utf-8")
            except UnicodeDecodeError:
                self.store.damaged(self.store.old_records_path)
        piece = make()
        self.store.put(name, piece.encode("utf-8"))
        return piece

    def runs(
        self,
        items: Sequence[Item],
        name: Callable[[Item], str],
        key: Callable[[Item], str],
        make: Callable[[Item], str],
        context: str,
    ) -> Iterator[str]:
        """The pieces of ``items``, in order, kept between builds in runs of about ``RUN`` items.

        Each run is one record, kept by the names and keys of its items (``key``: fingerprints
        of what the item's piece shows) and by ``context`` (what every piece shows: the export, the
        site's address). A one-edit rebuild then reads a few hundred records instead of one
        per event, and makes the pieces of one run again. A run ends after an item whose
        ``name`` (a stable name, such as a slug) hashes to a multiple of ``RUN``: adding or
        deleting an item changes only its own run, not every run after it.
        """
        run: list[Item] = []
        keys: list[str] = []
        for position, item in enumerate(items):
            run.append(item)
            named = name(item)
            keys.append(f"{named} {key(item)}")
            if zlib.crc32(named.encode()) % RUN == 0 or position == len(items) - 1:
                joined = bytes_digest(RUN_SEPARATOR.join(keys).encode(), "run", context)
                yield self._piece(joined, functools.partial(_made, make, run))
                run, keys = [], []

    def save(self) -> None:
        self.store.save()

    def close(self) -> None:
        self.store.close()


def _made(make: Callable[[Item], str], run: list[Item]) -> str:
    return "".join(make(item) for item in run)


# Pieces are kept in runs of about this many (``FragmentCache.runs``): one edit makes this many again.
RUN = 64
# Between the keys of a run's items: no key holds it (keys are digests, slugs, dates and addresses,
# and checked values hold no control characters).
RUN_SEPARATOR = "\x1d"


def _manifest_shape(stored: object) -> bool:
    """True for ``{"site": str, "pages": {str: str}}`` (or nothing yet)."""
    if stored == {}:
        return True
    return (
        isinstance(stored, dict)
        and isinstance(stored.get("site"), str)
        and isinstance(stored.get("pages"), dict)
        and all(isinstance(k, str) and isinstance(v, str) and _inside(k) for k, v in stored["pages"].items())
        and isinstance(stored.get("search", ""), str)
    )


def _inside(page: str) -> bool:
    """A page path that stays inside the output folder (a stale one is deleted there)."""
    parts = page.split("/")
    return bool(page) and not page.startswith("/") and ".." not in parts and "\\" not in page


def search_digest(manifest: Path | None) -> str:
    """The search digest a committed manifest records ("" if none, or if it cannot be read)."""
    try:
        stored = json.loads(manifest.read_text(encoding="utf-8")) if manifest else {}
    except (OSError, ValueError):
        return ""
    found = stored.get("search", "") if isinstance(stored, dict) else ""
    return found if isinstance(found, str) else ""


class PageManifest:
    """What the folder being built into holds: every page in it, with its fingerprint.

    Builds alternate between two folders (see ``build.py``), so the folder being
    built into holds the site as it was two builds ago. A page whose fingerprint
    is the one recorded there is left as it is; a page recorded there but not
    written by this build is stale and is deleted. The build's target
    (``output.BuildTarget``) names the files: this build reads ``building`` and
    writes ``staged``; without a manifest, nothing is reused.
    """

    def __init__(self, building: Path | None, staged: Path | None, site_key: str) -> None:
        self.staged = staged
        self.site_key = site_key
        stored: dict = {}
        if building and building.exists():
            try:
                stored = json.loads(building.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                log.warning("the page manifest %s cannot be read (%s): every page is written again", building, error)
            if not _manifest_shape(stored):
                log.warning("the page manifest %s is not in the expected form: every page is written again", building)
                stored = {}
        self.old_pages: dict[str, str] = stored.get("pages", {})
        # the digest of the search documents the folder's index was made from ("" for none; search.py)
        self.old_search: str = stored.get("search", "")
        self.search = ""
        # fingerprints count only if everything every page depends on is unchanged
        self.old: dict[str, str] = self.old_pages if stored.get("site") == site_key else {}
        self.new: dict[str, str] = {}
        self.reused = 0

    def unchanged(self, page: str, key: str | None, target: str) -> bool:
        """Record ``page``; True if the folder already holds it (at ``target``) with this fingerprint."""
        self.new[page] = key or ""
        if key is None or self.old.get(page) != key or not os.path.isfile(target):
            return False
        self.reused += 1
        return True

    def stale(self) -> list[str]:
        """Pages the folder holds that this build did not write."""
        return sorted(set(self.old_pages) - set(self.new))

    def stage(self) -> None:
        """Write the new manifest, to be committed once the folder is published."""
        if self.staged:
            self.staged.parent.mkdir(parents=True, exist_ok=True)
            record = {"site": self.site_key, "pages": self.new, "search": self.search}
            self.staged.write_text(json.dumps(record, sort_keys=True))
