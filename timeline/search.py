"""The search index: what it reads, and building it while the pages render.

Search reads one small document per entry that has a page of its own (every
event, and every entry of a kind with a list page), rendered from the theme's
``search_record.html``: the title, the type and date a result shows, names in
every script, aliases, the summary, the body and the quotes. Navigation, facts
boxes, lists of events and source lists stay out: other pages own them, and
Pagefind would spend most of its time on them. A document sits at its entry's
address (``events/kazan/index.html``), so a result links to the real page.

The documents are written outside the published folder (the build's cache, or
a temporary folder beside the output) and Pagefind indexes them in a process of
its own while the pages render, writing ``pagefind/`` into the folder being
built. The index is made only when the documents changed: each folder's page
manifest records the digest of the documents its index was made from
(``cache.PageManifest.search``); when the folder being built into, or the
published one, already holds that index, it is kept or linked instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .kinds import LISTED
from .processes import start_tool

log = logging.getLogger(__name__)

INDEX_FOLDER = "pagefind"  # where the index goes in the output (the search page loads it from there)


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


@dataclass
class SearchIndex:
    """One build's search index: its documents, where they go, and the Pagefind process making it."""

    folder: Path  # the output folder being built: the index goes to folder/pagefind
    documents: dict[str, str] = field(default_factory=dict)  # entry address -> document
    digest: str = ""
    wait: Callable[[], None] | None = None  # set while Pagefind runs

    @classmethod
    def of(cls, folder: Path, entries: list[model.Entry], render: Callable[[model.Entry], str]) -> SearchIndex:
        """Render every entry's search document; the digest says whether the index must be made again."""
        documents = {entry.url: render(entry) for entry in entries}
        hasher = hashlib.blake2b(digest_size=12)
        hasher.update(pagefind_version().encode())
        for url, text in documents.items():
            hasher.update(url.encode() + b"\0" + text.encode() + b"\0")
        return cls(Path(folder), documents, hasher.hexdigest())

    @property
    def target(self) -> Path:
        return self.folder / INDEX_FOLDER

    def reuse(self, held: str, published: tuple[Path, str] | None) -> bool:
        """Keep an index made from the same documents: this folder's (``held``: its digest), or the published one's."""
        kept = self._reuse(held, published)
        if kept:
            self.documents = {}
        return kept

    def _reuse(self, held: str, published: tuple[Path, str] | None) -> bool:
        if held == self.digest and self.target.is_dir():
            return True
        shutil.rmtree(self.target, ignore_errors=True)
        if published and published[1] == self.digest and (published[0] / INDEX_FOLDER).is_dir():
            # index files are only ever replaced, never changed in place: links are as good as copies
            shutil.copytree(published[0] / INDEX_FOLDER, self.target, copy_function=os.link)
            return True
        return False

    def start(self, work: Path | None, keep_fds: tuple[int, ...] = ()) -> None:
        """Write the documents under ``work`` (a temporary folder if None) and start Pagefind on them."""
        if work is None:
            work = Path(tempfile.mkdtemp(prefix=".search-", dir=self.folder.parent))
            temporary = True
        else:
            shutil.rmtree(work, ignore_errors=True)
            temporary = False
        for url, text in self.documents.items():
            path = work / url / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.documents = {}  # on disk now: not kept in memory while the pages render
        argv = [sys.executable, "-m", "pagefind", "--site", str(work), "--output-path", str(self.target), "--silent"]
        finish = start_tool(argv, keep_fds)

        def wait() -> None:
            try:
                result = finish()
            finally:
                if temporary:
                    shutil.rmtree(work, ignore_errors=True)
            if result.returncode != 0:
                raise RuntimeError(f"Pagefind failed:\n{result.stdout}{result.stderr}")

        self.wait = wait

    def finish(self) -> None:
        """Wait for Pagefind, if it runs; raises if it failed."""
        if self.wait is not None:
            wait, self.wait = self.wait, None
            wait()

    def abandon(self) -> None:
        """The build failed: wait for Pagefind without caring how it ended."""
        try:
            self.finish()
        except Exception:  # the build's own error is the one to report
            log.debug("Pagefind ended after the build failed", exc_info=True)


def pagefind_version() -> str:
    """The installed Pagefind's version: a new one makes a new index."""
    try:
        from importlib.metadata import version

        return version("pagefind")
    except Exception:  # not installed from a distribution: the documents alone decide
        return ""


__all__ = ["INDEX_FOLDER", "SearchIndex", "pagefind_available", "searchable"]
