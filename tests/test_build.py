"""End-to-end builds of small content trees into temporary folders.

What a maintainer relies on: every date form shows at exactly its precision on
the index, event and year pages; a failed build leaves the published output
byte-for-byte as it was; a successful one leaves no stale page; two builds are
byte-identical; the make targets honour INPUTDIR and OUTPUTDIR.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _make import make
from _trees import file_digests

from benchmarks.corpus import generate
from timeline.build import build
from timeline.diagnostics import ContentError
from timeline.site import load_site

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SETTINGS = ROOT / "pelicanconf.py"

# slug -> (datetime values of its <time> elements, text readers see)
EXPECTED_DATES = {
    "year-only": (["2008"], "2008"),
    "month-only": (["2019-04"], "April 2019"),
    "day-only": (["2019-11-11"], "11 November 2019"),
    "year-interval": (["2010", "2011"], "2010–2011"),
    "day-interval": (["2016-04-01", "2016-04-05"], "1–5 April 2016"),
    "approximate": (["2008"], "c. 2008"),
    "uncertain": (["2016"], "2016?"),
    "plain-month": (["2019-04"], "April 2019"),
    "plain-short-month": (["2019-11"], "November 2019"),
    "plain-day": (["2019-11-11"], "11 November 2019"),
    "plain-range": (["2010", "2011"], "2010–2011"),
}


class _Dates(HTMLParser):
    """Collects, per event item (``id="event-<slug>"``) or page, the dates shown."""

    def __init__(self) -> None:
        super().__init__()
        self.current = ""
        self.in_date = False
        self.found: dict[str, tuple[list[str], str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article" and (values.get("id") or "").startswith("event-"):
            self.current = values["id"].removeprefix("event-")  # type: ignore[union-attr]
        if tag == "p" and "event-date" in (values.get("class") or ""):
            self.in_date = True
            self.found[self.current] = ([], "")
        if tag == "time" and self.in_date:
            self.found[self.current][0].append(values["datetime"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.in_date = False

    def handle_data(self, data: str) -> None:
        if self.in_date and not data.startswith(" ("):  # skip the screen-reader note
            datetimes, text = self.found[self.current]
            self.found[self.current] = (datetimes, text + data)


def dates_on(html: str, page: str = "") -> dict[str, tuple[list[str], str]]:
    parser = _Dates()
    parser.current = page
    parser.feed(html)
    return parser.found


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("mini") / "output"
    build(SETTINGS, MINI, output, search=False)
    return output


def test_every_date_form_shows_at_its_precision_on_the_index(mini_site: Path) -> None:
    shown = dates_on((mini_site / "index.html").read_text())
    assert {slug: shown[slug] for slug in EXPECTED_DATES} == EXPECTED_DATES


@pytest.mark.parametrize("slug", sorted(EXPECTED_DATES))
def test_every_date_form_shows_at_its_precision_on_its_page(mini_site: Path, slug: str) -> None:
    shown = dates_on((mini_site / "events" / slug / "index.html").read_text(), page=slug)
    assert shown[slug] == EXPECTED_DATES[slug]


def test_year_pages_list_intervals_under_every_year_and_show_dates_exactly(mini_site: Path) -> None:
    for year, slugs in {2010: {"year-interval", "plain-range"}, 2011: {"year-interval", "plain-range"}}.items():
        shown = dates_on((mini_site / "years" / str(year) / "index.html").read_text())
        assert set(shown) == slugs
        assert all(shown[slug] == EXPECTED_DATES[slug] for slug in slugs)
    shown_2019 = dates_on((mini_site / "years" / "2019" / "index.html").read_text())
    assert shown_2019["month-only"] == (["2019-04"], "April 2019")  # never a day


def test_index_is_chronological_with_coarser_dates_first(mini_site: Path) -> None:
    order = re.findall(r'<article class="event-item" id="event-([\w-]+)"', (mini_site / "index.html").read_text())
    assert order == [
        "approximate", "year-only",            # 2008 (c. 2008 and 2008: same span, slug breaks the tie)
        "plain-range", "year-interval",        # 2010-2011
        "uncertain",                           # 2016? opens 2016
        "day-interval",                        # 1-5 April 2016
        "month-only", "plain-month",           # April 2019
        "plain-short-month",                   # November 2019 opens the month...
        "day-only", "plain-day",               # ...before 11 November 2019
    ]  # fmt: skip


def test_event_page_has_sources_neighbours_and_inverse_relation(mini_site: Path) -> None:
    page = (mini_site / "events" / "day-only" / "index.html").read_text()
    assert 'href="https://news.example.org/day-only"' in page
    assert re.search(r'Answered by</span> <a href="/events/plain-day/">A plain day</a>', page)
    assert 'rel="prev"' in page and 'rel="next"' in page


def test_pages_are_written_as_index_html(mini_site: Path) -> None:
    for path in ("index.html", "events/day-only/index.html", "years/2019/index.html", "actors/leader-a/index.html",
                 "threads/talks/index.html", "sources/index.html", "about/index.html", "data/index.html"):  # fmt: skip
        assert (mini_site / path).is_file(), path


def test_failed_build_leaves_output_byte_for_byte(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    before = file_digests(output)
    (content / "events" / "day-only.md").write_text("---\ntitle: Broken\ndate: 2019-02-30\n---\n")
    with pytest.raises(ContentError) as failure:
        build(SETTINGS, content, output, search=False)
    assert "2019-02-30" in str(failure.value)
    assert file_digests(output) == before


def test_successful_build_removes_pages_of_deleted_entries(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    assert (output / "events" / "uncertain" / "index.html").exists()
    (content / "events" / "uncertain.md").unlink()
    build(SETTINGS, content, output, search=False)
    assert not (output / "events" / "uncertain").exists()


def test_two_builds_on_different_days_are_byte_identical(tmp_path: Path) -> None:
    """Two builds whose clocks read different days (libfaketime), search index included."""
    outputs = []
    for day in ("2031-01-05 10:00:00", "2032-07-19 23:30:00"):
        output = tmp_path / day[:10]
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        subprocess.run(
            ["faketime", day, sys.executable, "-m", "timeline", "build", "-s", str(SETTINGS), "-i", str(MINI),
             "-o", str(output)],
            check=True, cwd=ROOT, env=env, capture_output=True,
        )  # fmt: skip
        outputs.append(file_digests(output))
    assert outputs[0] == outputs[1]
    assert any(name.startswith("pagefind/") for name in outputs[0])


def test_make_html_honours_inputdir_and_outputdir(tmp_path: Path) -> None:
    output = tmp_path / "elsewhere"
    result = make("html", f"INPUTDIR={MINI}", f"OUTPUTDIR={output}")
    assert result.returncode == 0, result.stderr
    assert (output / "events" / "day-only" / "index.html").is_file()


def test_make_html_fails_with_the_error_and_keeps_output(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "events" / "typo.md").write_text("---\ntitle: T\ndate: 2019\nactors: [leader-b]\n---\n")
    output = tmp_path / "output"
    result = make("html", f"INPUTDIR={content}", f"OUTPUTDIR={output}")
    assert result.returncode != 0
    assert "typo.md:4: actors[0]: no actor is called 'leader-b' — did you mean 'leader-a'?" in result.stderr
    assert not output.exists()


def test_long_lists_paginate_and_a_long_index_is_summarised(tmp_path: Path) -> None:
    """With room for 3 events a page and 5 on the index, the 11 events spread over pages."""
    output = tmp_path / "output"
    build(SETTINGS, MINI, output, search=False, extra={"TIMELINE_PAGE_SIZE": 3, "TIMELINE_INDEX_LIMIT": 5})
    thread_pages = [output / "threads" / "talks" / "index.html"] + [
        output / "threads" / "talks" / "page" / str(n) / "index.html" for n in (2, 3, 4)
    ]
    listed = [re.findall(r'id="event-([\w-]+)"', page.read_text()) for page in thread_pages]
    assert [len(slugs) for slugs in listed] == [3, 3, 3, 2]
    site, _ = load_site(MINI)
    # in order, none lost
    assert [slug for page in listed for slug in page] == [event.slug for event in site.threads["talks"].events]
    assert "Page 2 of 4" in thread_pages[1].read_text()
    assert 'href="/threads/talks/page/3/" rel="next"' in thread_pages[1].read_text()
    index = (output / "index.html").read_text()
    assert 'id="event-' not in index  # summarised: the year pages carry the events
    assert '<a href="/years/2019/">2019</a> <span class="count">5 events</span>' in index
    assert (output / "sources" / "example-news" / "page" / "4" / "index.html").exists()  # 11 sources, 3 a page


@pytest.mark.parametrize(("limit", "linked"), [(5, False), (500, True)])
def test_tags_link_to_the_index_only_when_it_can_filter(tmp_path: Path, limit: int, linked: bool) -> None:
    """Past TIMELINE_INDEX_LIMIT events the index shows counts per year and no filters: a tag links nowhere."""
    content, output = tmp_path / "content", tmp_path / "output"
    generate(12, content)  # every generated event has tags
    build(SETTINGS, content, output, search=False, extra={"TIMELINE_INDEX_LIMIT": limit})
    tagged = [page.read_text() for page in sorted((output / "events").glob("*/index.html"))]
    tagged = [html for html in tagged if 'class="chips tags"' in html]
    assert tagged and all(('href="/?tag=' in html) is linked for html in tagged)


def test_edit_links_point_to_the_markdown_file_only_when_configured(tmp_path: Path, mini_site: Path) -> None:
    assert "Edit this page" not in (mini_site / "events" / "day-only" / "index.html").read_text()
    output = tmp_path / "output"
    base = "https://example.org/repo/edit/main/content"
    build(SETTINGS, MINI, output, search=False, extra={"TIMELINE_EDIT_URL": base})
    event = (output / "events" / "day-only" / "index.html").read_text()
    assert f'<a href="{base}/events/day-only.md">Edit this page</a>' in event
    actor = (output / "actors" / "leader-a" / "index.html").read_text()
    assert f'<a href="{base}/actors/leader-a.md">Edit this page</a>' in actor


def test_a_rebuild_after_one_edit_reuses_unchanged_pages_and_equals_a_cold_build(tmp_path: Path) -> None:
    """Builds alternate between two folders; the third build finds the first one's pages."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    untouched = output / "events" / "year-only" / "index.html"
    first_tree, inode = untouched.resolve().parent.parent.parent, untouched.stat().st_ino
    build(SETTINGS, content, output, search=False)  # into the other folder
    assert untouched.resolve().parent.parent.parent != first_tree
    entry = content / "events" / "day-only.md"
    entry.write_text(entry.read_text().replace('title: "A day event"', 'title: "A retitled event"'))
    build(SETTINGS, content, output, search=False)  # back into the first one
    assert untouched.stat().st_ino == inode  # left as it was, not rendered again
    for page in ("events/day-only", "events/plain-day", "actors/leader-a", "threads/talks", "years/2019", ""):
        assert "A retitled event" in (output / page / "index.html").read_text(), page
    cold = tmp_path / "cold"
    build(SETTINGS, content, cold, search=False, cache=False)
    assert file_digests(output) == file_digests(cold)


def test_a_failed_build_does_not_spoil_the_cache(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    entry = content / "events" / "day-only.md"
    good = entry.read_text()
    entry.write_text(good.replace("date: 2019-11-11", "date: 2019-02-30"))
    with pytest.raises(ContentError):
        build(SETTINGS, content, output, search=False)
    entry.write_text(good.replace('title: "A day event"', 'title: "Fixed"'))
    build(SETTINGS, content, output, search=False)
    cold = tmp_path / "cold"
    build(SETTINGS, content, cold, search=False, cache=False)
    assert file_digests(output) == file_digests(cold)


# --- issue 11: page slugs cannot take the site's own addresses -------------------------------------


def test_reserved_page_slugs_cover_every_top_level_name_a_build_writes(mini_site: Path) -> None:
    from timeline.kinds import RESERVED_PAGE_SLUGS

    site, _ = load_site(MINI)
    folders = {path.name for path in mini_site.iterdir() if path.is_dir()} - set(site.pages)
    assert folders <= RESERVED_PAGE_SLUGS
    assert {path.stem for path in mini_site.glob("*.html")} <= RESERVED_PAGE_SLUGS  # index, 404


@pytest.mark.parametrize("slug", ["actors", "search"])
def test_a_page_named_like_a_section_fails_the_build_and_keeps_the_output(tmp_path: Path, slug: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    before = file_digests(output)
    (content / "pages" / f"{slug}.md").write_text("---\ntitle: Mine\n---\nA page.\n")
    with pytest.raises(ContentError) as failure:
        build(SETTINGS, content, output, search=False)
    assert f"pages/{slug}.md:1: the address /{slug}/ is used by the site itself" in str(failure.value)
    assert file_digests(output) == before


def test_a_site_from_year_0001_to_9999_builds(tmp_path: Path) -> None:
    """The overview (and every other writer) takes the first and last years the contract accepts."""
    content = tmp_path / "content"
    for slug, date in (("first", "0001-01-01"), ("last", "9999-12-31"), ("last-year", "9999")):
        path = content / "events" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'---\ntitle: {slug}\ndate: "{date}"\nsummary: S.\n---\n')
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    index = (output / "index.html").read_text()
    assert "Overview of 3 events from 1 to 9999, drawn to scale" in index
    assert (output / "years" / "9999" / "index.html").is_file()


def test_a_publisher_with_a_very_long_name_gets_a_page_of_its_own(tmp_path: Path) -> None:
    """Past one page of sources each publisher has a folder: its name must fit the file system."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    entry = content / "events" / "day-only.md"
    long_name = "The Very Long Publisher " * 15
    text = entry.read_text()
    publisher = re.search(r"publisher: .*", text)
    assert publisher is not None
    entry.write_text(text.replace(publisher.group(0), f"publisher: {long_name.strip()}", 1))
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False, extra={"TIMELINE_PAGE_SIZE": 2})
    folder = "sources/" + ("the-very-long-publisher-" * 4)[:80].rstrip("-")
    assert long_name.strip() in (output / folder / "index.html").read_text()


# --- publishers: who is speaking, next to every citation (issue 13) ----------------------------------


def test_every_citation_says_who_is_speaking(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "publishers").mkdir()
    (content / "publishers" / "example-news.md").write_text(
        "---\nname: Example News\nkind: news agency\nside: neutral\n---\n"
    )
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    speaks_for = '<span class="speaks-for">(neutral news agency)</span>'
    label = f'<a class="publisher" href="/publishers/example-news/">Example News</a> {speaks_for}'
    assert label in (output / "events" / "day-only" / "index.html").read_text()
    sources = (output / "sources" / "index.html").read_text()
    assert (
        '<a href="/publishers/example-news/">Example News</a> <span class="speaks-for">(neutral news agency)</span>'
        in sources
    )
    publisher = (output / "publishers" / "example-news" / "index.html").read_text()
    assert publisher.count('class="event-title"') == len(list((content / "events").glob("*.md")))


def test_names_corrections_and_citations_reach_the_pages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    place = next((content / "places").glob("*.md"))
    text = place.read_text()
    place.write_text(text.replace("---\n", "---\nnames:\n  ru: Степанакерт\n", 1))
    entry = content / "events" / "day-only.md"
    correction = "corrections:\n  - date: 2026-12-01\n    text: Retitled.\n"
    text = entry.read_text().replace("order: 1\n", "order: 1\n" + correction)
    entry.write_text(text + "\nA figure, as reported.[@1]\n")
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    place_page = (output / "places" / place.stem / "index.html").read_text()
    assert '<span lang="ru">Степанакерт</span> <span class="language">(Russian)</span>' in place_page
    event_page = (output / "events" / "day-only" / "index.html").read_text()
    assert '<a href="#source-1" id="cite-1-1">' in event_page
    assert '<li id="source-1">' in event_page and '<a class="backlink" href="#cite-1-1"' in event_page
    assert '<time datetime="2026-12-01">1 December 2026</time>: Retitled.' in event_page
    corrections = (output / "corrections" / "index.html").read_text()
    assert '<a href="/events/day-only/">A day event</a>: Retitled.' in corrections


# --- each side's reading of a document (issue 14) ----------------------------------------------------

PRINCIPLES = """---
name: Basic Principles
sources:
  - title: Statement by the co-chairs
    publisher: Example News
    url: https://example.org/statement
  - title: Interview
    publisher: Example News
    url: https://example.org/interview
elements:
  - title: Return of the surrounding territories
    readings:
      - side: leader-a
        text: The territories will be returned.
        speaker: leader-a
        date: "2009-07-10"
        source: https://example.org/statement
  - title: Interim status
    readings:
      - side: leader-a
        text: An interim status comes first.
        speaker: leader-a
        date: "2010-01-01"
        source: https://example.org/interview
      - side: state-b
        text: Status is for later.
        speaker: leader-a
        date: "2010-02-01"
        source: https://example.org/interview
---
"""


def test_a_documents_elements_show_each_sides_reading_or_say_there_is_none(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "actors" / "state-b.md").write_text("---\nname: State B\nkind: state\n---\n")
    (content / "documents" / "basic-principles.md").write_text(PRINCIPLES)
    build(SETTINGS, content, tmp_path / "output", search=False)
    html = (tmp_path / "output" / "documents" / "basic-principles" / "index.html").read_text()
    table = html[html.index('<table class="positions-table">') : html.index("</table>")]
    headers = re.findall(r'<th scope="col">(?:<a [^>]*>)?([^<]+)', table)
    assert headers == ["Element", "Leader A", "State B"]
    rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>(.*?)</tr>', table, flags=re.S)
    assert [title for title, _ in rows] == ["Return of the surrounding territories", "Interim status"]
    first_cells = re.findall(r"<td>(.*?)</td>", rows[0][1], flags=re.S)
    assert "“The territories will be returned.”" in first_cells[0]
    assert '<p class="muted">No sourced statement.</p>' in first_cells[1]
