"""The dev server's quick preview (``timeline/preview.py``): the pages a build would write, or nothing.

Each case loads a generated corpus, edits one file, and asks the preview for the
pages the save changes. When it answers with pages they must be, byte for byte,
the files a full build of the edited content writes; when the edit reaches
beyond the entry's own pages it must leave the work to the full build (None).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from timeline.build import build
from timeline.preview import Preview

SETTINGS = Path(__file__).resolve().parent.parent / "pelicanconf.py"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    generate(40, folder)
    return folder


def _preview(tmp_path: Path, content: Path) -> Preview:
    build(SETTINGS, content, tmp_path / "output", search=False)
    return Preview(SETTINGS, content, tmp_path / "output")


def _file(content: Path, folder: str, position: int = 5) -> Path:
    return sorted((content / folder).glob("*.md"))[position]


@pytest.mark.parametrize("folder", ["events", "actors", "threads"])
def test_a_body_edit_shows_the_pages_a_build_writes(tmp_path: Path, content: Path, folder: str) -> None:
    preview = _preview(tmp_path, content)
    path = _file(content, folder)
    path.write_text(path.read_text() + "\nA sentence added *by hand*.\n")
    quick = preview.quick(path)
    build(SETTINGS, content, tmp_path / "rebuilt", search=False, cache=False)
    assert quick is not None and quick.pages and not quick.errors
    assert {name: (tmp_path / "rebuilt" / name).read_bytes() for name in quick.pages} == quick.pages
    assert all(b"A sentence added <em>by hand</em>." in page for page in quick.pages.values())


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a front matter edit", lambda text: re.sub(r"^title: .*$", "title: Another title", text, count=1, flags=re.M)),
        ("a new link in the body", lambda text: text + "\nSee [the first thread](thread:{thread}).\n"),
    ],
)
def test_an_edit_beyond_the_entrys_own_pages_waits_for_the_build(tmp_path, content, what, change) -> None:
    preview = _preview(tmp_path, content)
    path = _file(content, "events")
    thread = sorted((content / "threads").glob("*.md"))[0].stem
    path.write_text(change(path.read_text()).replace("{thread}", thread))
    assert preview.quick(path) is None


def test_a_new_file_waits_for_the_build(tmp_path: Path, content: Path) -> None:
    preview = _preview(tmp_path, content)
    source = _file(content, "events")
    copy = source.with_name("a-new-event-2001.md")
    copy.write_text(source.read_text())
    assert preview.quick(copy) is None


def test_a_broken_citation_is_reported_at_once(tmp_path: Path, content: Path) -> None:
    preview = _preview(tmp_path, content)
    path = _file(content, "events")
    path.write_text(path.read_text() + "\nAs reported [@9].\n")
    quick = preview.quick(path)
    assert quick is not None and quick.pages == {}
    assert len(quick.errors) == 1 and "[@9] cites source 9" in quick.errors[0]


def test_the_preview_reads_the_builds_cache_and_leaves_it_as_it_was(tmp_path: Path, content: Path) -> None:
    build(SETTINGS, content, tmp_path / "output", search=False)
    cache = tmp_path / ".output.cache"
    before = {path: path.read_bytes() for path in sorted(cache.rglob("*")) if path.is_file()}
    Preview(SETTINGS, content, tmp_path / "output")
    assert {path: path.read_bytes() for path in sorted(cache.rglob("*")) if path.is_file()} == before
