"""Which folders a build may write, replace or delete, and one build at a time.

A build publishes through ``output`` (a symbolic link to ``.output.a`` or
``.output.b``) and keeps caches in ``.output.cache``; all of them sit beside
``output``. This module owns the rules that keep a build from ever harming a
file it did not make:

* every folder the build makes carries a marker file (``MARKER``), and a folder
  is only adopted, replaced or deleted when it carries one: a ``gh-pages``
  checkout, a folder holding ``CNAME`` or the user's notes is refused, not taken;
* ``output`` may not be, contain or lie inside the content folder, and may not
  be or contain the project (the folder of the settings file), nor be a file;
* builds into one ``output`` exclude each other (``BuildLock``): a second build
  waits until the first has finished, so two builds never mix their pages.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

MARKER = ".timeline-build"
MARKER_TEXT = (
    "This folder was written by the timeline plugin's build.\n"
    "The build replaces and deletes only folders that hold this file; 'make clean' deletes it.\n"
)


class OutputRefused(Exception):
    """The output folder is one the build must not write into; the message says why and what to do."""


def mark(folder: Path) -> None:
    """Create ``folder`` (if needed) and mark it as made by the build."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def is_ours(folder: Path) -> bool:
    """True if ``folder`` is a real folder (not a link) holding the build's marker."""
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def remove_ours(folder: Path) -> None:
    """Delete ``folder`` if the build made it; refuse (``OutputRefused``) if it did not."""
    if not os.path.lexists(folder):
        return
    if not is_ours(folder):
        raise OutputRefused(
            f"{folder} was not made by this build (it has no {MARKER} file), so it is left alone — "
            "move it away yourself, or choose another OUTPUTDIR"
        )
    shutil.rmtree(folder)


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def check_output(output: Path, content: Path, project: Path) -> None:
    """Refuse an ``output`` that would overwrite, move or delete what the build did not make.

    ``output`` is absolute and not resolved (it may be the build's link);
    ``content`` and ``project`` are resolved.
    """
    where = output.parent.resolve() / output.name
    if _within(project, where):
        raise OutputRefused(
            f"the output folder {output} is or contains the project {project} — "
            "choose a folder of its own, e.g. OUTPUTDIR=output"
        )
    if _within(where, content) or _within(content, where):
        raise OutputRefused(
            f"the output folder {output} is, contains or lies inside the content folder {content} — "
            "choose an OUTPUTDIR outside it, e.g. OUTPUTDIR=output"
        )
    if output.is_symlink():
        if not _our_link(output, output):
            raise OutputRefused(
                f"{output} is a link to {os.readlink(output)}, which this build did not make — "
                "remove the link yourself, or choose another OUTPUTDIR"
            )
        return
    if output.exists() and not output.is_dir():
        raise OutputRefused(f"{output} is a file, not a folder — choose another OUTPUTDIR, or move the file away")
    if output.is_dir() and not is_ours(output) and any(output.iterdir()):
        raise OutputRefused(
            f"{output} already holds files this build did not write (it has no {MARKER} file); "
            "the build never replaces such a folder — move it away, or choose another OUTPUTDIR"
        )


@dataclass
class BuildTarget:
    """What one build writes: its folder, and (when it reuses work) its caches and page manifest.

    ``build`` makes it and hands it to the generator as the setting ``TIMELINE_BUILD``;
    both sides take every path from here. The generator counts what it did, so the
    command line can say so. A manifest is read from ``building`` (the folder is
    being changed), written to ``staged``, and becomes ``manifest`` only once the
    folder is published: a manifest is trusted only if its build completed.
    """

    folder: Path
    cache: Path | None = None  # None: a build from nothing, which reuses no page
    manifest: Path | None = None
    entries: int = 0
    pages_written: int = 0
    pages_reused: int = 0
    workers: int = 1  # processes that rendered the pages
    search: bool = False  # make the search index (search.py) while the pages render
    search_shards: tuple[int, int] = (0, 0)  # shards of the search index made again, of all shards
    keep_fds: tuple[int, ...] = ()  # stay open in the processes the build starts (the build lock)
    published: BuildTarget | None = None  # the other folder, when it is the one published
    read_only: bool = False  # reads the caches but writes nothing (the dev server's preview)

    @classmethod
    def of(cls, output: Path, folder: Path) -> BuildTarget:
        """The target for ``folder``, one of the two folders behind ``output``."""
        return cls(folder, cache_folder(output), cache_folder(output) / f"pages-{folder.name[-1]}.json")

    @property
    def search_reused(self) -> bool:
        """The search index was kept whole: made from the same documents by an earlier build."""
        return self.search and self.search_shards[0] == 0

    @property
    def building(self) -> Path | None:
        return self.manifest.with_name(self.manifest.name + ".building") if self.manifest else None

    @property
    def staged(self) -> Path | None:
        return self.manifest.with_name(self.manifest.name + ".new") if self.manifest else None


def trees(output: Path) -> tuple[Path, Path]:
    """The two folders that ``output`` (a symbolic link) points to in turn."""
    return output.parent / f".{output.name}.a", output.parent / f".{output.name}.b"


def cache_folder(output: Path) -> Path:
    """Where the build caches of ``output`` live: ``.output.cache/`` beside ``output/``."""
    return output.parent / f".{output.name}.cache"


def lock_file(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


class BuildLock:
    """An exclusive lock on one ``output`` for the whole build (``flock`` on ``.output.lock``).

    The lock belongs to the open file, so processes forked by the build hold it
    too: a build killed while its children still write makes the next build wait
    for them instead of sharing a folder with them. The lock file stays; it is
    empty and ``make clean`` removes it.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = lock_file(output)
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build into {self.output} is running: waiting for it to finish", file=sys.stderr, flush=True)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock (children holding it keep it until they end)
            self.fd = None


def _our_link(path: Path, output: Path) -> bool:
    """``output`` pointing to one of its two folders, or a link a killed build left behind."""
    if not path.is_symlink():
        return False
    if path == output:
        return os.readlink(path) in {tree.name for tree in trees(output)}
    return path.name.startswith((f".{output.name}.link-", f".{output.name}.old-"))


def clean(output: Path) -> tuple[list[Path], list[str]]:
    """Delete what builds into ``output`` made: the link, both folders, caches, leftovers.

    Returns what was removed, and why anything else named like them was left alone.
    """
    output = Path(os.path.abspath(output))
    removed: list[Path] = []
    refused: list[str] = []
    with BuildLock(output):
        for path in [output, *sorted(output.parent.glob(f".{output.name}.*"))]:
            if path == lock_file(output) or not os.path.lexists(path):
                continue
            if _our_link(path, output):
                path.unlink()  # the published link, or one left by a killed build
                removed.append(path)
                continue
            try:
                remove_ours(path)
                removed.append(path)
            except OutputRefused as refusal:
                refused.append(str(refusal))
    lock_file(output).unlink(missing_ok=True)
    return removed, refused
