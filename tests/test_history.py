"""Modification dates from the content's history (``timeline/history.py``).

A small content tree (a copy of ``tests/fixtures/mini``) is committed twice in a
temporary git repository, with fixed author and committer dates: the second commit
edits one event. The built site's dates (Atom ``updated``, sitemap ``lastmod``,
iCalendar ``DTSTAMP``/``LAST-MODIFIED``, the pages' "Last updated" line) must move for
that event alone. Two builds of one commit are byte-identical; without git the
fallback date (``SOURCE_DATE_EPOCH``, else a fixed date) is used, never the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from icalendar import Calendar

from timeline import history
from timeline.build import build

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
MINI = ROOT / "tests" / "fixtures" / "mini"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FIRST = dt.datetime(2021, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
SECOND = dt.datetime(2022, 8, 9, 10, 11, 12, tzinfo=dt.UTC)
EDITED = "events/plain-day.md"


def git(repo: Path, *args: str, when: dt.datetime | None = None) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    person = {"NAME": "Test", "EMAIL": "test@example.org"}
    env.update({f"GIT_{role}_{key}": value for role in ("AUTHOR", "COMMITTER") for key, value in person.items()})
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    result = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return result.stdout


def commit_all(repo: Path, message: str, when: dt.datetime) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".timeline-build" not in p.name
    }


def dates(out: Path) -> dict[str, dict[str, str]]:
    """Every last-change date the site states, by where it states it, keyed by page or entry."""
    feed = ET.parse(out / "feeds" / "all.atom.xml").getroot()
    atom = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated") for e in feed.iter(f"{ATOM}entry")}
    sitemap = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in ET.parse(out / "sitemap.xml").getroot()
    }
    calendar = Calendar.from_ical((out / "events.ics").read_bytes())
    ics = {
        str(c["UID"]): c["DTSTAMP"].to_ical().decode() + " " + c["LAST-MODIFIED"].to_ical().decode()
        for c in calendar.walk("VEVENT")
    }
    pages = {}
    for page in sorted(out.rglob("index.html")):
        found = re.search(r'<p class="last-updated">Last updated <time datetime="([^"]+)"', page.read_text("utf-8"))
        pages[page.parent.relative_to(out).as_posix()] = found[1] if found else None
    return {"atom": atom, "sitemap": sitemap, "ics": ics, "pages": pages}


def changed_keys(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    return {
        where: sorted(key for key in before[where].keys() | after[where].keys()
                      if before[where].get(key) != after[where].get(key))
        for where in before
    }  # fmt: skip


@pytest.fixture(scope="module")
def two_commits(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The site built after a first commit, and after a second one that edits one event."""
    repo = tmp_path_factory.mktemp("repo")
    content = repo / "content"
    shutil.copytree(MINI, content)
    git(repo, "init", "-q")
    commit_all(repo, "first", FIRST)
    before = repo.parent / "before"
    build(SETTINGS, content, before, search=False, cache=False)
    path = content / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\nA corrected sentence.\n", encoding="utf-8")
    commit_all(repo, "edit one event", SECOND)
    after = repo.parent / "after"
    build(SETTINGS, content, after, search=False, cache=False)
    return content, before, after


def test_one_pass_reads_each_files_last_commit(two_commits):
    content, _, _ = two_commits
    found = history.read_history(content)
    assert found.of(EDITED) == SECOND
    assert found.of("events/day-only.md") == FIRST
    assert found.newest == SECOND


def test_an_edited_entry_alone_changes_its_dates(two_commits):
    _, before, after = two_commits
    changed = changed_keys(dates(before), dates(after))
    assert changed == {
        "atom": ["http://127.0.0.1:8000/events/plain-day/"],
        "sitemap": ["http://127.0.0.1:8000/events/plain-day/"],
        "ics": ["plain-day@127.0.0.1"],
        "pages": ["events/plain-day"],
    }


def test_the_edit_date_is_the_commits(two_commits):
    _, _, after = two_commits
    stated = dates(after)
    assert stated["atom"]["http://127.0.0.1:8000/events/plain-day/"] == "2022-08-09T10:11:12+00:00"
    assert stated["sitemap"]["http://127.0.0.1:8000/events/plain-day/"] == "2022-08-09T10:11:12+00:00"
    assert stated["ics"]["plain-day@127.0.0.1"] == "20220809T101112Z 20220809T101112Z"
    assert stated["pages"]["events/plain-day"] == "2022-08-09"
    assert stated["pages"]["actors/leader-a"] == "2021-03-04"


def test_the_feed_is_as_new_as_its_newest_entry(two_commits):
    _, _, after = two_commits
    feed = ET.parse(after / "feeds" / "all.atom.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == "2022-08-09T10:11:12+00:00"


def test_pages_other_than_entries_have_no_lastmod(two_commits):
    _, _, after = two_commits
    sitemap = dates(after)["sitemap"]
    assert sitemap["http://127.0.0.1:8000/"] is None
    assert sitemap["http://127.0.0.1:8000/years/"] is None


def test_two_builds_of_one_commit_are_byte_identical(two_commits, tmp_path):
    content, _, after = two_commits
    again = tmp_path / "again"
    build(SETTINGS, content, again, search=False, cache=False)
    assert tree(again) == tree(after)


def test_an_uncommitted_file_gets_the_newest_commit_date(two_commits, monkeypatch):
    content, _, _ = two_commits
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    new = content / "events" / "not-committed.md"
    new.write_text("---\ntitle: T\ndate: 2019\n---\n", encoding="utf-8")
    try:
        assert history.read_history(content).of("events/not-committed.md") == SECOND
    finally:
        new.unlink()


def test_without_git_every_file_has_the_fixed_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    found = history.read_history(content)
    assert found.changed == {}
    assert found.of(EDITED) == history.FIXED_DATE == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def test_without_git_source_date_epoch_is_the_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    assert history.read_history(content).of(EDITED) == dt.datetime(2020, 9, 13, 12, 26, 40, tzinfo=dt.UTC)


def test_without_git_on_the_path_the_fallback_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no git binary there
    assert history.read_history(MINI).of(EDITED) == history.FIXED_DATE


def test_the_log_is_parsed_newest_first():
    output = "\x011700000000\x00\nevents/a.md\x00events/b.md\x00\x011600000000\x00\nevents/a.md\x00events/c.md\x00"
    assert history.parse_log(output) == {
        "events/a.md": dt.datetime.fromtimestamp(1700000000, dt.UTC),
        "events/b.md": dt.datetime.fromtimestamp(1700000000, dt.UTC),
        "events/c.md": dt.datetime.fromtimestamp(1600000000, dt.UTC),
    }


def test_a_site_without_history_shows_no_last_updated_line(tmp_path, monkeypatch):
    """Outside git (a new site from 'timeline init'), a page claims no date rather than 1 January 1970."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    build(SETTINGS, content, tmp_path / "out", search=False, cache=False)
    page = (tmp_path / "out" / "events" / "plain-day" / "index.html").read_text()
    assert 'class="last-updated"' not in page
