"""The search index (``timeline/search.py``): made from small documents, kept while they are unchanged.

Each test builds a generated corpus with the real Pagefind. A kept index must be
the index a build from nothing makes; an index made again after an edit too.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from _trees import file_digests
from test_incremental import _delete_event

from benchmarks.corpus import generate
from timeline.build import build
from timeline.search import SearchIndex

SETTINGS = Path(__file__).resolve().parent.parent / "pelicanconf.py"


def _index(output: Path) -> dict[str, str]:
    return file_digests(output / "pagefind")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    generate(30, folder)
    return folder


def _edit(content: Path, pattern: str, replacement: str) -> None:
    path = sorted((content / "events").glob("*.md"))[3]
    text = path.read_text()
    assert re.search(pattern, text, flags=re.M)
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.M))


def test_an_unchanged_site_keeps_its_index(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    first = build(SETTINGS, content, output)
    made = _index(output)
    second = build(SETTINGS, content, output)  # the other folder: the published index is linked in
    third = build(SETTINGS, content, output)  # the first folder again: its own index is kept
    assert (first.search_reused, second.search_reused, third.search_reused) == (False, True, True)
    assert _index(output) == made


def test_an_edit_to_searched_text_makes_the_index_a_cold_build_makes(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    build(SETTINGS, content, output)
    build(SETTINGS, content, output)
    before = _index(output)
    _edit(content, r"^title: .*$", "title: A title search must find")
    rebuilt = build(SETTINGS, content, output)
    build(SETTINGS, content, tmp_path / "cold", cache=False)
    assert not rebuilt.search_reused
    assert _index(output) != before
    assert _index(output) == _index(tmp_path / "cold")


def test_a_renamed_document_reaches_the_search_documents_of_the_events_naming_it(tmp_path: Path, content: Path) -> None:
    """Documents kept from the last build (by what each shows) must follow the names they borrow."""
    output = tmp_path / "output"
    build(SETTINGS, content, output)
    build(SETTINGS, content, output)
    lists = [re.findall(r"^documents: \[(.*)\]$", path.read_text(), re.M) for path in (content / "events").glob("*.md")]
    named = {slug.strip() for found in lists for listed in found for slug in listed.split(",")}
    document = next(path for path in sorted((content / "documents").glob("*.md")) if path.stem in named)
    text = document.read_text()
    document.write_text(
        re.sub(r"^name: .*$", 'name: "A renamed declaration search must find"', text, count=1, flags=re.M)
    )
    build(SETTINGS, content, output)
    build(SETTINGS, content, tmp_path / "cold", cache=False)
    assert _index(output) == _index(tmp_path / "cold")


def test_an_edit_search_does_not_read_keeps_the_index(tmp_path: Path, content: Path) -> None:
    """Source titles are on the page, not in the search documents."""
    output = tmp_path / "output"
    build(SETTINGS, content, output)
    _edit(content, r"^  - title: .*$", '  - title: "A retitled source"')
    rebuilt = build(SETTINGS, content, output)
    assert rebuilt.search_reused
    assert _index(output) == _index(tmp_path / ".output.a")


def test_the_search_documents_are_not_published(tmp_path: Path, content: Path) -> None:
    build(SETTINGS, content, tmp_path / "searched", cache=False)
    build(SETTINGS, content, tmp_path / "plain", search=False, cache=False)
    searched = {name for name in file_digests(tmp_path / "searched") if not name.startswith("pagefind/")}
    assert searched == set(file_digests(tmp_path / "plain"))
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".search-")] == []


def test_a_build_without_search_publishes_no_stale_index(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    build(SETTINGS, content, output)
    build(SETTINGS, content, output)
    build(SETTINGS, content, output, search=False)  # into the first folder, which holds an index
    assert not (output / "pagefind").exists()


def test_a_search_document_holds_what_a_result_shows(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    build(SETTINGS, content, output)
    documents = tmp_path / ".output.cache" / "search" / "shard-1"  # one shard: a small site
    event = sorted((content / "events").glob("*.md"))[0].stem
    text = (documents / "events" / event / "index.html").read_text()
    assert re.search(r'<main data-pagefind-body data-pagefind-meta="type:[^"]+">', text)
    assert re.search(r'<p data-pagefind-meta="date:[^"]+">', text)
    assert "At a glance" not in text and "Sources" not in text  # the page's boxes and lists stay out


def test_a_search_document_is_in_the_sites_language(tmp_path: Path, content: Path) -> None:
    """Pagefind picks its stemmer, and so its ranking, by the document's language."""
    output = tmp_path / "output"
    build(SETTINGS, content, output)
    event = sorted((content / "events").glob("*.md"))[0].stem
    text = (tmp_path / ".output.cache" / "search" / "shard-1" / "events" / event / "index.html").read_text()
    assert '<html lang="en">' in text


SHARDS = {"TIMELINE_SEARCH_SHARD": 30}


def _bundles(output: Path) -> dict[str, str]:
    return {
        f"{bundle.name}/{name}": value
        for bundle in sorted(output.glob("pagefind*"))
        for name, value in file_digests(bundle).items()
    }


def test_an_edit_makes_one_shard_of_a_split_index_again(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    first = build(SETTINGS, content, output, extra=SHARDS)
    build(SETTINGS, content, output, extra=SHARDS)
    _edit(content, r"^title: .*$", "title: A title search must find")
    rebuilt = build(SETTINGS, content, output, extra=SHARDS)
    build(SETTINGS, content, tmp_path / "cold", extra=SHARDS, cache=False)
    assert (first.search_shards[1] > 1, rebuilt.search_shards) == (True, (1, first.search_shards[1]))
    assert _bundles(output) == _bundles(tmp_path / "cold")


def test_a_smaller_index_leaves_no_stale_shard(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    build(SETTINGS, content, output, extra=SHARDS)
    build(SETTINGS, content, output, extra=SHARDS)
    build(SETTINGS, content, output)  # one shard again, into the first folder
    assert sorted(path.name for path in output.glob("pagefind*")) == ["pagefind"]


def test_a_deleted_entry_leaves_the_index_a_cold_build_makes(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    build(SETTINGS, content, output)
    build(SETTINGS, content, output)
    _delete_event(content)  # its document goes from the documents the shard is made of; the others stay
    rebuilt = build(SETTINGS, content, output)
    build(SETTINGS, content, tmp_path / "cold", cache=False)
    assert not rebuilt.search_reused
    assert _index(output) == _index(tmp_path / "cold")


def test_a_shards_listing_never_deletes_outside_its_folder(tmp_path: Path) -> None:
    site, victim = tmp_path / "shard-1", tmp_path / "victim" / "index.html"
    victim.parent.mkdir()
    victim.write_text("mine")
    index = SearchIndex.of(tmp_path / "output", [SimpleNamespace(url="events/a/")], lambda _: "<p>a</p>", 10)
    index.write_documents(site, 0, {"../victim": ["x", "x"], "/etc": ["y", "y"]})
    assert victim.read_text() == "mine"
    assert (site / "events" / "a" / "index.html").read_text() == "<p>a</p>"


def test_the_build_cache_keeps_one_copy_of_the_search_documents(tmp_path: Path, content: Path) -> None:
    """The documents stay in the shards' folders, listed by what each shows; the records an earlier
    version of the engine kept of them go."""
    output, cache = tmp_path / "output", tmp_path / ".output.cache"
    build(SETTINGS, content, output)
    (cache / "search.pickle").write_bytes(b"an earlier engine's index")
    (cache / "search-0123456789abcdef.data").write_bytes(b"an earlier engine's documents")
    _edit(content, r"^title: .*$", "title: A title search must find")
    build(SETTINGS, content, output)
    assert sorted(path.name for path in cache.iterdir() if path.name.startswith("search")) == ["search"]


def test_a_change_to_every_fingerprint_that_leaves_the_documents_renders_them_once(tmp_path: Path) -> None:
    """A template or engine change changes every document's fingerprint, and most documents not at all: the
    shard is kept, and its listing takes the new fingerprints, so the next build renders nothing."""
    entries = [SimpleNamespace(url=f"events/e{number}/") for number in range(5)]
    rendered: list[str] = []

    def render(entry: SimpleNamespace) -> str:
        rendered.append(entry.url)
        return f"<p>{entry.url}</p>"

    output, work = tmp_path / "output", tmp_path / "work"
    (output / "pagefind").mkdir(parents=True)  # the index the first build made
    first = SearchIndex.of(output, entries, render, 10, work, lambda _: "v1")
    first.write_documents(work / "shard-1", 0, {})
    second = SearchIndex.of(output, entries, render, 10, work, lambda _: "v2")
    second.reuse(first.digest, None, work)
    rendered.clear()
    third = SearchIndex.of(output, entries, render, 10, work, lambda _: "v2")
    assert (second.made, third.digest, rendered) == ([], first.digest, [])
