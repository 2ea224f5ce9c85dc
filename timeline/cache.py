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

``EntryCache`` and ``FragmentCache`` keep their pieces in a ``RecordStore``: an index, and the records files it
names, read one record at a time when asked for (so that no process holds a whole cache in memory) and
written to only with what a build made.

A cache that cannot be read, or holds something of the wrong shape, is
discarded with a one-line warning: the build then does the work again.

Anything that changes every page (templates, static files, settings, engine
code, the pages linked from every footer) is part of the site-wide key: when it
changes, every page is rendered again.
"""

from __future__ import annotations

import functools
import hashlib
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
    """Byte strings by key, kept between builds in an index and the records files it names.

    ``<name>.pickle`` is the index: the records files ``<name>-<token>.data`` it
    uses, and for each key which file holds its record, where, and the record's
    digest (plus whatever else the owner keeps, ``extra``). A record is read only
    when asked for, so no process holds all of them (the checked entries weigh
    38 MB at 10,000 events). A build keeps the records it asked for where they
    are and writes only new ones, to a file of its own; ``save`` makes the new
    index the store and deletes the files it no longer uses. A file of which less
    than half is still used, and every file but the most used once there would be
    more than ``MAX_FILES``, is copied into the new file first, so the store stays
    about the size of what it holds. ``close`` without ``save`` deletes the new
    file. Without ``write`` (a build may be writing the store) nothing is written.
    A damaged index or record is warned about once and treated as missing.
    """

    MAX_FILES = 4

    def __init__(self, folder: Path | None, name: str, version: str, extra: dict[str, type], write: bool) -> None:
        self.folder = Path(folder) if folder else None
        self.name = name
        self.path = self.folder / f"{name}.pickle" if self.folder else None
        self.write = write and self.folder is not None
        self.version = version
        stored = _load_pickle(self.path, {"files": list, "index": dict, **extra}, version)
        self.stored: dict = stored if stored and self._own_files(stored["files"]) else {}
        self.old_files: list[str] = self.stored.get("files", [])
        self.old_index: dict[str, Any] = self.stored.get("index", {})
        self.readers: dict[str, Any] = {}  # old file name -> the file open for reading (None: unreadable)
        # key -> (file number in self.files, offset, length, the record's digest)
        self.index: dict[str, tuple[int, int, int, str]] = {}
        self.files: list[str] = []  # the files the new index uses: old ones, and this build's (last)
        self.numbers: dict[str, int] = {}  # file name -> its number in self.files
        self.records: Any = None  # this build's records file, opened with the first record
        self.records_name = ""
        self.damaged_path: Path | None = self.path
        self.warned = False

    def _own_files(self, files: list) -> bool:
        """Whether every file the index names is one of this store's (never a path elsewhere)."""
        pattern = rf"{re.escape(self.name)}-[0-9a-f]{{16}}\.data"
        if all(isinstance(name, str) and re.fullmatch(pattern, name) for name in files):
            return True
        log.warning("the build cache %s names records that are not its own: it is ignored and rebuilt", self.path)
        return False

    def _reader(self, name: str) -> Any:
        """The old records file ``name``, open for reading (None if it cannot be read: warned once)."""
        if name not in self.readers:
            assert self.folder is not None
            path = self.folder / name
            try:
                self.readers[name] = path.open("rb")
            except OSError as error:
                log.warning("the build cache %s cannot be read (%s): it is ignored and rebuilt", path,
                            error.strerror or error)  # fmt: skip
                self.readers[name] = None
        return self.readers[name]

    def damaged(self, where: Path | None = None) -> None:
        """Warn (once) that what ``where`` (the file last read) holds is damaged; the caller does the work again."""
        if not self.warned:
            log.warning("the build cache %s holds damaged records: they are ignored and rebuilt",
                        where or self.damaged_path)  # fmt: skip
            self.warned = True

    @property
    def has_records(self) -> bool:
        """Whether any record may be had."""
        return bool(self.old_index)

    def get(self, key: str) -> bytes | None:
        """The record kept under ``key`` (kept again by this build, where it lies), or None."""
        if key in self.index:  # kept already by this build (a feed's entry is in two feeds): read it again
            number, offset, length, _ = self.index[key]
            return self._read(self.files[number], offset, length)
        hit = self.old_index.get(key)
        if hit is None:
            return None
        valid = isinstance(hit, tuple) and len(hit) == 4 and all(isinstance(part, int) for part in hit[:3])
        if not valid or not 0 <= hit[0] < len(self.old_files):
            return self.damaged(self.path)
        number, offset, length, checked = hit
        name = self.old_files[number]
        reader = self._reader(name)
        if reader is None:
            return None
        self.damaged_path = self.folder / name  # type: ignore[operator]
        try:
            reader.seek(offset)
            record = reader.read(length)
        except (OSError, ValueError):
            return self.damaged()
        if len(record) != length or bytes_digest(record) != checked:
            return self.damaged()
        if self.write:
            self.index[key] = (self._number(name), offset, length, checked)  # kept where it is
        return record

    def _read(self, name: str, offset: int, length: int) -> bytes:
        if name == self.records_name:
            self.records.seek(offset)
            record = self.records.read(length)
            self.records.seek(0, os.SEEK_END)
            return record
        reader = self._reader(name)
        reader.seek(offset)
        return reader.read(length)

    def _number(self, name: str) -> int:
        if name not in self.numbers:
            self.numbers[name] = len(self.files)
            self.files.append(name)
        return self.numbers[name]

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
        offset = self.records.seek(0, os.SEEK_END)
        self.index[key] = (self._number(self.records_name), offset, len(record), known_digest or bytes_digest(record))
        self.records.write(record)

    def _compact(self) -> None:
        """Copy into this build's file the records kept in old files that are mostly unused, or too many."""
        assert self.folder is not None
        used: dict[str, int] = dict.fromkeys(self.files, 0)
        for number, _, length, _ in self.index.values():
            used[self.files[number]] += length
        old = [name for name in self.files if name != self.records_name]
        sizes = {}
        for name in old:
            try:
                sizes[name] = (self.folder / name).stat().st_size
            except OSError:
                sizes[name] = 0
        most_used = max(old, key=lambda name: used[name], default=None)
        moved = {name for name in old if used[name] * 2 < sizes[name]}
        if len(old) >= self.MAX_FILES:  # with this build's own, there would be more
            moved |= {name for name in old if name != most_used}
        if not moved:
            return
        for key, (number, offset, length, checked) in list(self.index.items()):
            name = self.files[number]
            if name in moved:
                record = self._read(name, offset, length)
                del self.index[key]
                self.put(key, record, checked)

    def save(self, **extra: Any) -> None:
        """Make what this build kept the store (so what it did not ask for drops out); then ``close``."""
        if not self.write:
            return self.close()
        assert self.path is not None and self.folder is not None
        self._compact()
        if self.records is not None:
            self.records.close()
            self.records = None  # now the store's: close leaves it
        in_use = sorted({self.files[number] for number, *_ in self.index.values()})
        renumber = {self.numbers[name]: position for position, name in enumerate(in_use)}
        index = {key: (renumber[number], *rest) for key, (number, *rest) in self.index.items()}
        _save_pickle(self.path, {"version": self.version, "files": in_use, "index": index, **extra})
        self.close()
        for old in self.folder.glob(f"{self.name}-*.data"):  # those no longer used, and any a failed build left
            if old.name not in in_use:
                old.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop reading the old records; new ones not saved are deleted."""
        for reader in self.readers.values():
            if reader is not None:
                reader.close()
        self.readers = {}
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
            return self.store.damaged()

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
    """Serialised pieces (a run of CSV rows, calendar entries, JSON records; a feed's entry) by what they
    are made of.

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
                self.store.damaged()
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
