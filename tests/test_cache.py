"""A damaged cache costs time, never a build (``timeline/cache.py``).

Whatever bytes the cache files hold (a crash mid-write, a disk error, a hand
edit), the next build warns in one line, does the work again and publishes
exactly what a build from nothing would; a manifest never makes it delete a
file outside its folder.
"""

from __future__ import annotations

import json
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from _trees import file_digests

from timeline.build import build
from timeline.cache import EntryCache, FragmentCache, RecordStore
from timeline.diagnostics import ContentError

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SETTINGS = ROOT / "pelicanconf.py"


def _records_of_the_wrong_shape(data: bytes) -> bytes:
    stored = pickle.loads(data)
    stored["index"] = dict.fromkeys(stored["index"], 1)
    stored["bodies"] = dict.fromkeys(stored["bodies"], None)
    return pickle.dumps(stored)


def _records_elsewhere(data: bytes) -> bytes:
    stored = pickle.loads(data)
    stored["files"] = ["../../content/events/day-only.md"]
    return pickle.dumps(stored)


def _one_byte_changed(data: bytes) -> bytes:
    return data[:100] + bytes([data[100] ^ 1]) + data[101:]


# what a cache file holds after the damage, made from what it held before (None: the file is gone)
DAMAGE: dict[str, tuple[str, Callable[[bytes], bytes] | None]] = {
    "entries: random bytes": ("entries.pickle", lambda _: b"\x80\x05\x95garbage\x00\xff"),
    "entries: a list": ("entries.pickle", lambda _: pickle.dumps(["not", "a", "cache"])),
    "entries: records of the wrong shape": ("entries.pickle", _records_of_the_wrong_shape),
    "entries: truncated": ("entries.pickle", lambda data: data[: len(data) // 2]),
    "entries: records outside the cache": ("entries.pickle", _records_elsewhere),
    "records: truncated": ("entries-*.data", lambda data: data[: len(data) // 2]),
    "records: one byte changed": ("entries-*.data", _one_byte_changed),
    "records: gone": ("entries-*.data", None),
    "exports: random bytes": ("exports.pickle", lambda _: b"\x00\x01\x02"),
    "export pieces: one byte changed": ("exports-*.data", _one_byte_changed),
    "manifest: a list": ("pages-a.json", lambda _: b"[1, 2, 3]"),
    "manifest: not JSON": ("pages-a.json", lambda _: b'{"site": '),
    "manifest: pages of the wrong type": ("pages-a.json", lambda _: b'{"site": "x", "pages": {"index.html": 3}}'),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_cache_is_discarded_and_the_build_equals_a_cold_one(tmp_path: Path, case: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output = tmp_path / "output"
    for _ in range(2):  # both folders and both manifests exist now; the next build goes into .output.a
        assert _build_command(content, output).returncode == 0
    name, damage = DAMAGE[case]
    [damaged] = (tmp_path / ".output.cache").glob(name)
    if damage is None:
        damaged.unlink()
    else:
        damaged.write_bytes(damage(damaged.read_bytes()))
    # an edit every cache is read around: the export pieces stay valid (they show no actor's name), so
    # the damaged ones are read
    entry = content / "actors" / "state-a.md"
    entry.write_text(entry.read_text().replace("name: State A", "name: State A after the damage"))
    result = _build_command(content, output)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, result.stderr
    assert str(damaged) in warnings[0]
    cold = tmp_path / "cold"
    build(SETTINGS, content, cold, search=False, cache=False)
    assert file_digests(output) == file_digests(cold)


def _build_command(content: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline", "build", "--no-search", "-s", str(SETTINGS), "-i", str(content),
         "-o", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )  # fmt: skip


def test_a_manifest_never_deletes_outside_its_folder(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output = tmp_path / "output"
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    build(SETTINGS, content, output, search=False)
    build(SETTINGS, content, output, search=False)
    manifest = tmp_path / ".output.cache" / "pages-a.json"
    record = json.loads(manifest.read_text())
    record["pages"]["../victim.txt"] = "stale"
    manifest.write_text(json.dumps(record))
    build(SETTINGS, content, output, search=False)
    assert victim.read_text() == "mine"


def test_the_cache_stays_the_size_of_what_it_holds_whatever_the_builds_end_in(tmp_path: Path) -> None:
    """A build writes only new records, to a file of its own: the files stay few, and old ones mostly used."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output, cache = tmp_path / "output", tmp_path / ".output.cache"
    build(SETTINGS, content, output, search=False)
    cold = sum(path.stat().st_size for path in cache.glob("entries-*.data"))
    events = sorted((content / "events").glob("*.md"))
    for number in range(2 * len(events)):  # each build keeps a record of its own: one event's, as edited
        entry = events[number % len(events)]
        entry.write_text(re.sub(r"^title: .*$", f'title: "Edit {number}"', entry.read_text(), count=1, flags=re.M))
        build(SETTINGS, content, output, search=False)
    events[0].write_text("---\ntitle: [unclosed\n---\n")
    with pytest.raises(ContentError):
        build(SETTINGS, content, output, search=False)  # the files it checked are kept all the same
    files = list(cache.glob("entries-*.data"))
    assert len(files) <= RecordStore.MAX_FILES
    assert sum(path.stat().st_size for path in files) < 2 * cold


def test_records_of_a_load_that_did_not_finish_are_deleted(tmp_path: Path) -> None:
    cache = EntryCache(tmp_path)
    cache.put_entry(Path("events/a.md"), "digest", pickle.dumps("checked"))
    assert len(list(tmp_path.glob("entries-*.data"))) == 1
    cache.close()  # what load_site does when reading fails or is interrupted
    assert list(tmp_path.glob("entries-*.data")) == []


def test_a_piece_asked_for_twice_in_one_build_is_made_once_and_kept_once(tmp_path: Path) -> None:
    made: list[str] = []

    def make() -> str:
        made.append("entry")
        return "<entry>Zoë</entry>"

    pieces = FragmentCache(tmp_path, "feeds")
    first, again = pieces.get(("atom", "a"), make), pieces.get(("atom", "a"), make)  # the all-events and a thread feed
    pieces.save()
    assert (first, again, made) == ("<entry>Zoë</entry>", "<entry>Zoë</entry>", ["entry"])
    [records] = tmp_path.glob("feeds-*.data")
    assert records.read_bytes() == "<entry>Zoë</entry>".encode()  # written once
    later = FragmentCache(tmp_path, "feeds")
    assert later.get(("atom", "a"), make) == "<entry>Zoë</entry>" and made == ["entry"]  # the next build makes none
    later.close()


def _slugs(count: int) -> list[str]:
    return [f"event-{number}" for number in range(count)]


def _kept_runs(folder: Path, keys: dict[str, str], made: list[str]) -> str:
    """What a build's export of ``keys`` (slug -> what its piece shows) reads; ``made`` gets each piece made."""

    def make(slug: str) -> str:
        made.append(slug)
        return f"<{slug}:{keys[slug]}>"

    pieces = FragmentCache(folder)
    text = "".join(pieces.runs(list(keys), str, keys.__getitem__, make, "test"))
    pieces.save()
    return text


def test_an_edited_item_makes_only_its_run_again(tmp_path: Path) -> None:
    keys = dict.fromkeys(_slugs(2000), "v1")
    first: list[str] = []
    _kept_runs(tmp_path, keys, first)
    keys["event-1000"] = "v2"
    again: list[str] = []
    text = _kept_runs(tmp_path, keys, again)
    assert text == "".join(f"<{slug}:{key}>" for slug, key in keys.items())
    assert len(first) == 2000 and "event-1000" in again and len(again) < 300  # a run is about 64 items


def test_an_added_item_makes_only_its_own_run_again(tmp_path: Path) -> None:
    """Runs end where their items' names say, not every 64 items: an item added early shifts no later run."""
    slugs = _slugs(2000)
    _kept_runs(tmp_path, dict.fromkeys(slugs, "v1"), [])
    slugs.insert(10, "a-new-event")
    again: list[str] = []
    text = _kept_runs(tmp_path, dict.fromkeys(slugs, "v1"), again)
    assert text == "".join(f"<{slug}:v1>" for slug in slugs)
    assert "a-new-event" in again and len(again) < 300


def test_a_build_writes_only_the_records_it_made(tmp_path: Path) -> None:
    first = RecordStore(tmp_path, "pieces", "v1", {}, write=True)
    for key in ("a", "b", "c"):
        first.put(key, f"record {key}".encode())
    first.save()
    second = RecordStore(tmp_path, "pieces", "v1", {}, write=True)
    assert (second.get("a"), second.get("b")) == (b"record a", b"record b")
    second.put("d", b"record d")
    second.save()
    assert sorted(path.read_bytes() for path in tmp_path.glob("pieces-*.data")) == [b"record a" b"record b" b"record c",
                                                                                   b"record d"]  # fmt: skip
    third = RecordStore(tmp_path, "pieces", "v1", {}, write=False)
    assert [third.get(key) for key in "abcd"] == [b"record a", b"record b", None, b"record d"]
    third.close()
