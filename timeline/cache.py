"""Build caches: what a rebuild after a small edit does not need to do again.

Kept in one folder beside the output (``.output.cache/`` for ``output/``), and
keyed so that a stale piece can never be used:

* ``EntryCache``: an entry file read and checked before, unchanged since (same
  bytes, by digest, and same engine code), is taken from the cache with the
  warnings it produced; modification times are not trusted (``cp -p``,
  ``rsync -t`` and coarse file systems keep them across an edit); a body rendered before is reused when its text, the
  site URL and the set of entries its links point to are the same.
* ``FragmentCache``: pieces of the data exports (a calendar entry, an event's
  JSON record) and the search documents, by the digests of what they are made of.
* ``PageManifest``: for each page of one of the two output folders (see
  ``build.py``), a fingerprint of everything that goes into it (its entries'
  file digests, its neighbours', its page of a list). A page whose fingerprint
  is unchanged is left as it is; the manifest is committed only when that folder
  has been published, and forgotten when a build into it fails.

A cache that cannot be read, or holds something of the wrong shape, is
discarded with a one-line warning: the build then does the work again.

Anything that changes every page (templates, static files, settings, engine
code, the pages linked from every footer) is part of the site-wide key: when it
changes, every page is rendered again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from pathlib import Path
from typing import Any

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


def _load_pickle(path: Path | None, shape: dict[str, type]) -> dict | None:
    """The dict stored at ``path`` if it has the keys and types of ``shape``; else None (warned)."""
    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    except Exception as error:  # whatever a damaged file makes pickle raise, the cache is only lost work
        log.warning("the build cache %s cannot be read (%s): it is ignored and rebuilt", path, type(error).__name__)
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


class EntryCache:
    """Checked entries by file, and rendered bodies by text; a no-op without a folder."""

    def __init__(self, folder: Path | None) -> None:
        self.path = Path(folder) / "entries.pickle" if folder else None
        # paths in messages are relative to the working folder: part of the key
        self.version = digest(tree_digest(ENGINE), str(Path.cwd()))
        stored = _load_pickle(self.path, {"version": str, "files": dict, "bodies": dict})
        if stored is None or stored["version"] != self.version:
            stored = {"version": self.version, "files": {}, "bodies": {}}
        self.old_files: dict[str, tuple] = stored["files"]
        self.old_bodies: dict[str, tuple] = stored["bodies"]
        self.files: dict[str, tuple] = {}
        self.bodies: dict[str, tuple] = {}
        self.warned = False

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def _damaged(self) -> None:
        """Warn (once) that a record is damaged; the caller reads the file again."""
        if not self.warned:
            log.warning("the build cache %s holds damaged records: they are ignored and rebuilt", self.path)
            self.warned = True

    def entry(self, path: Path, content: str) -> Any:
        """What ``put_entry`` stored for this file, if its bytes still have the digest ``content``."""
        if not self.enabled:
            return None
        hit = self.old_files.get(str(path))
        if hit is None:
            return None
        if not (isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[1], bytes)):
            return self._damaged()
        if hit[0] != content:
            return None
        try:
            value = pickle.loads(hit[1])
        except Exception:  # a damaged record is only lost work: read the file again
            return self._damaged()
        self.files[str(path)] = hit
        return value

    def put_entry(self, path: Path, content: str, pickled: bytes) -> None:
        """Keep a file's checked outcome (pickled by the caller) under the digest ``content`` of its bytes."""
        if self.enabled:
            self.files[str(path)] = (content, pickled)

    def body(self, key: str) -> tuple[str, list[tuple[str, str]]] | None:
        hit = self.old_bodies.get(key)
        if hit is None:
            return None
        if not (isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], str) and isinstance(hit[1], list)):
            return self._damaged()
        self.bodies[key] = hit
        return hit

    def put_body(self, key: str, html: str, targets: list[tuple[str, str]]) -> None:
        if self.enabled:
            self.bodies[key] = (html, targets)

    def save(self) -> None:
        """Keep what this run used or made (so deleted files drop out)."""
        if self.path is not None:
            _save_pickle(self.path, {"version": self.version, "files": self.files, "bodies": self.bodies})


class FragmentCache:
    """Serialised pieces (a calendar entry, a JSON record, a search document) by what they are made of."""

    def __init__(self, folder: Path | None, name: str = "exports.pickle") -> None:
        self.path = Path(folder) / name if folder else None
        stored = _load_pickle(self.path, {"version": str, "pieces": dict})
        version = tree_digest(ENGINE)
        self.old: dict[str, str] = stored["pieces"] if stored and stored["version"] == version else {}
        self.new: dict[str, str] = {}
        self.version = version

    def get(self, key: tuple, make: Any) -> str:
        """The piece for ``key`` (fingerprints of its inputs), made by ``make()`` if not kept."""
        name = digest(key)
        piece = self.old.get(name)
        if not isinstance(piece, str):
            piece = make()
        self.new[name] = piece
        return piece

    def save(self) -> None:
        if self.path is not None:
            _save_pickle(self.path, {"version": self.version, "pieces": self.new})


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
