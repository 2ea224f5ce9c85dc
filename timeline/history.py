"""When each entry last changed: the content folder's git history, read in one pass.

This module owns the site's modification dates. ``read_history`` runs one
``git log`` over the content folder (never one call per file) and keeps, for every
file, the committer date of the newest commit that touched it. ``stamp_entries``
gives each entry that date as ``entry.modified``; the exports (Atom ``updated``,
sitemap ``lastmod``, iCalendar ``DTSTAMP``/``LAST-MODIFIED``, JSON-LD
``dateModified``, the data files' build date) and the pages' "Last updated" line
read it from there.

Nothing here reads the clock, so two builds of one commit are byte-identical. A
file git does not know (no git, not a repository, a new file not yet committed)
gets the fallback date, in this order: ``SOURCE_DATE_EPOCH`` when set (the
reproducible-builds convention); else the newest commit date of the content's
history; else ``FIXED_DATE``, 1970-01-01T00:00:00Z (what ``SOURCE_DATE_EPOCH=0``
means). A file edited but not committed keeps its last commit's date. In a shallow
clone every file is as old as the oldest commit the clone holds that touched it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import model

FIXED_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_COMMIT = "\x01"  # starts each commit's record in the log's output; no file name starts with it
GIT_TIMEOUT = 60  # seconds: a history that takes longer to read is treated as absent


@dataclass(frozen=True)
class History:
    """The last-change time of each file (paths relative to the content folder, with /)."""

    changed: dict[str, dt.datetime] = field(default_factory=dict)
    fallback: dt.datetime = FIXED_DATE

    def of(self, source: str) -> dt.datetime:
        """When the file ``source`` (e.g. ``events/kazan.md``) last changed, or the fallback."""
        return self.changed.get(source, self.fallback)

    @property
    def newest(self) -> dt.datetime:
        """The newest change of all: the data's build date."""
        return max(self.changed.values(), default=self.fallback)


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a time, when it is set to a number of seconds."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC) if value.isdigit() else None


def parse_log(output: str) -> dict[str, dt.datetime]:
    """``git log -z --format=%x01%ct --name-only``'s output -> each path's newest commit time.

    The log lists the newest commit first, so a path's first appearance is its last change.
    """
    changed: dict[str, dt.datetime] = {}
    when: dt.datetime | None = None
    for token in output.split("\0"):
        token = token.strip("\n")
        if token.startswith(_COMMIT):
            when = dt.datetime.fromtimestamp(int(token[1:]), tz=dt.UTC)
        elif token and when is not None:
            changed.setdefault(token, when)
    return changed


def git_log(content: Path) -> str | None:
    """The content folder's history, paths relative to it; None without git or outside a repository."""
    command = ["git", "-C", str(content), "log", "-z", f"--format={_COMMIT}%ct", "--name-only", "--relative",
               "--no-renames", "--", "."]  # fmt: skip
    environment = {**os.environ, "GIT_PAGER": "", "LC_ALL": "C"}
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False,
                                stdin=subprocess.DEVNULL, env=environment)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def read_history(content: Path) -> History:
    """Every file's last change in ``content`` (one ``git log``), and the fallback for the others."""
    output = git_log(Path(content))
    changed = parse_log(output) if output else {}
    return History(changed, source_date_epoch() or max(changed.values(), default=FIXED_DATE))


def stamp_entries(entries: Iterable[model.Entry], history: History) -> None:
    """Give every entry its file's last change as ``modified`` (None when nothing is known of it:
    a page then shows no "Last updated" line rather than 1 January 1970; the exports use ``fallback``)."""
    for entry in entries:
        date = history.of(entry.source)
        entry.modified = None if date == FIXED_DATE else date


def fallback() -> dt.datetime:
    """The date of a file no history knows, when there is no history at all."""
    return source_date_epoch() or FIXED_DATE


def modified(entry: model.Entry) -> dt.datetime:
    """The entry's last change; the fallback of an empty history when it was never stamped."""
    return entry.modified or fallback()


def all_entries(site: model.Site) -> list[model.Entry]:
    """Every entry of the site: events, then the entries of every other kind."""
    return [*site.events, *(entry for entries in site.by_kind.values() for entry in entries.values())]
