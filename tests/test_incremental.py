"""A rebuild that reuses cached entries and pages must equal a build from nothing, whatever was edited.

Each case edits a generated corpus (small pages, so lists paginate), rebuilds with the
caches, and compares every output file with a cold build of the same content.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from _trees import file_digests

from benchmarks.corpus import generate
from timeline.build import build

SETTINGS = Path(__file__).resolve().parent.parent / "pelicanconf.py"
# small pages, so lists paginate; edit links, so where a file lives shows on its page
SMALL_PAGES = {"TIMELINE_PAGE_SIZE": 4, "TIMELINE_EDIT_URL": "https://example.org/edit/main/content"}


def _first(content: Path, kind: str) -> Path:
    return sorted((content / kind).glob("*.md"))[0]


def _retitle_event(content: Path) -> None:
    path = sorted((content / "events").glob("*.md"))[7]
    path.write_text(re.sub(r"^title: .*$", "title: A new title", path.read_text(), count=1, flags=re.M))


def _rename_actor(content: Path) -> None:
    path = _first(content, "actors")
    path.write_text(re.sub(r"^name: .*$", "name: Renamed Actor", path.read_text(), count=1, flags=re.M))


def _declare_a_publisher(content: Path) -> None:
    """Declare the publisher many sources name: the data files give its slug, its pages list them."""
    names = re.findall(r'^\s+publisher: "(.*)"$', "".join(p.read_text() for p in (content / "events").glob("*.md")),
                       flags=re.M)  # fmt: skip
    name = max(sorted(set(names)), key=names.count)
    (content / "publishers").mkdir(exist_ok=True)
    (content / "publishers" / "the-publisher.md").write_text(
        f'---\nname: "{name}"\nkind: news agency\nside: neutral\n---\nA publisher many sources cite.\n'
    )


def _delete_event(content: Path) -> None:
    """Delete an event no other entry links to (deleting a linked one is an error, tested elsewhere)."""
    files = sorted(content.rglob("*.md"))
    texts = {path: path.read_text() for path in files}
    for path in sorted((content / "events").glob("*.md")):
        if not any(f"event:{path.stem}" in text or f"event: {path.stem}" in text for text in texts.values()):
            path.unlink()
            return
    raise AssertionError("every generated event is linked from another")


def _redate_event(content: Path) -> None:
    path = sorted((content / "events").glob("*.md"))[11]
    path.write_text(re.sub(r"^date: .*$", 'date: "1989-01-02"', path.read_text(), count=1, flags=re.M))


def _drop_quotes(content: Path) -> None:
    """Remove an event's quotes: its speakers' other list pages show a new quote count."""
    events = {p: p.read_text() for p in sorted((content / "events").glob("*.md"))}

    def reach(path: Path) -> int:  # how many events name the first speaker of this event's quotes
        speaker = re.search(r"^  - speaker: (\S+)", events[path], flags=re.M)
        return sum(speaker.group(1) in text for text in events.values()) if speaker else 0

    path = max(events, key=reach)
    assert reach(path) > SMALL_PAGES["TIMELINE_PAGE_SIZE"]  # the speaker's events fill several pages
    path.write_text(re.sub(r"^quotes:\n(?:  .*\n)*", "", path.read_text(), count=1, flags=re.M))


def _edit_about_page(content: Path) -> None:
    for path in (content / "pages").glob("*.md"):
        path.write_text(re.sub(r"^title: .*$", "title: About us", path.read_text(), count=1, flags=re.M))


def _edit_keeping_time_and_size(content: Path) -> None:
    """What ``cp -p``, ``rsync -t`` and ``tar x`` do: new bytes, same size, same modification time."""
    path = sorted((content / "events").glob("*.md"))[5]
    before = path.stat()
    text = path.read_text()
    title = re.search(r"^title: (.*)$", text, flags=re.M)
    assert title is not None
    new_title = title.group(1).swapcase()
    assert new_title != title.group(1) and len(new_title.encode()) == len(title.group(1).encode())
    path.write_text(text.replace(title.group(0), f"title: {new_title}", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _move_into_a_subfolder(content: Path) -> None:
    """Same slug, same bytes, new place: its "Edit this page" link must follow it."""
    path = sorted((content / "events").glob("*.md"))[3]
    (content / "events" / "archive").mkdir()
    path.rename(content / "events" / "archive" / path.name)


EDITS: dict[str, Callable[[Path], None]] = {
    "retitle an event": _retitle_event,
    "rename an actor": _rename_actor,
    "declare the publisher sources name": _declare_a_publisher,
    "delete an event": _delete_event,
    "move an event in time": _redate_event,
    "drop an event's quotes": _drop_quotes,
    "retitle the page every footer links": _edit_about_page,
    "edit keeping modification time and size": _edit_keeping_time_and_size,
    "move an event into a subfolder": _move_into_a_subfolder,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_cached_rebuild_equals_a_cold_build(tmp_path: Path, edit: str) -> None:
    content = tmp_path / "content"
    generate(40, content)
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False, extra=SMALL_PAGES)
    build(SETTINGS, content, output, search=False, extra=SMALL_PAGES)  # the next build reuses the first one's folder
    before = file_digests(output)
    EDITS[edit](content)
    build(SETTINGS, content, output, search=False, extra=SMALL_PAGES)
    cold = tmp_path / "cold"
    build(SETTINGS, content, cold, search=False, extra=SMALL_PAGES, cache=False)
    incremental, expected = file_digests(output), file_digests(cold)
    assert incremental != before  # the edit did change the site
    assert sorted(incremental) == sorted(expected)  # no stale page, none missing
    assert [name for name in expected if incremental[name] != expected[name]] == []


def test_a_fresh_cache_folder_is_not_needed_to_build(tmp_path: Path) -> None:
    """Deleting the cache folder between builds is always safe."""
    content = tmp_path / "content"
    generate(12, content)
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    shutil.rmtree(tmp_path / ".output.cache")
    build(SETTINGS, content, output, search=False)
    cold = tmp_path / "cold"
    build(SETTINGS, content, cold, search=False, cache=False)
    assert file_digests(output) == file_digests(cold)


def test_a_theme_edit_shows_in_a_cached_rebuild(tmp_path: Path) -> None:
    """Compiled templates are cached by their source: an edited template is compiled again."""
    theme = tmp_path / "theme"
    shutil.copytree(Path(__file__).resolve().parent.parent / "themes" / "ledger", theme)
    content = tmp_path / "content"
    generate(12, content)
    output = tmp_path / "output"
    for _ in range(2):  # both folders, and the compiled templates, exist
        build(SETTINGS, content, output, search=False, extra={"THEME": str(theme)})
    template = theme / "templates" / "event.html"
    template.write_text(
        template.read_text().replace("{% block content %}", "{% block content %}<p>An edited theme</p>", 1)
    )
    build(SETTINGS, content, output, search=False, extra={"THEME": str(theme)})
    event = sorted((content / "events").glob("*.md"))[0].stem
    assert "<p>An edited theme</p>" in (output / "events" / event / "index.html").read_text()
