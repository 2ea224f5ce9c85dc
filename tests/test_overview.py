"""timeline.overview: the time axis on the index, for any date the contract accepts."""

from __future__ import annotations

import pytest
from _content import event, load_ok, write

from timeline.overview import MARGIN, WIDTH, build_overview


def overview_of(tmp_path, *dates):
    for number, date in enumerate(dates):
        write(tmp_path, f"events/e{number}.md", event(date=f'"{date}"'))
    site, _ = load_ok(tmp_path)
    return build_overview(site)


@pytest.mark.parametrize(
    "dates", [("9999-12-31",), ("9999",), ("2019", "9999-12"), ("0001-01-01",), ("0001", "9999"), ("9998/9999",)]
)
def test_every_year_the_contract_accepts_is_drawn_inside_the_axis(tmp_path, dates):
    overview = overview_of(tmp_path, *dates)
    for mark in overview.marks:
        assert mark.x >= MARGIN and mark.x + mark.width <= WIDTH - MARGIN + 7  # a mark is at least 7 wide
    assert overview.ticks[0].x == MARGIN


def test_a_long_span_has_few_ticks_and_labels(tmp_path):
    overview = overview_of(tmp_path, "0001", "9999")
    assert (overview.first_year, overview.last_year) == (1, 9999)
    assert len(overview.ticks) <= 200
    labels = [tick.year for tick in overview.ticks if tick.label]
    assert 5 <= len(labels) <= 17
    assert labels[:3] == [1, 1000, 2000]


def test_the_sites_own_span_keeps_a_tick_every_year(tmp_path):
    overview = overview_of(tmp_path, "1992", "2020")
    assert [tick.year for tick in overview.ticks] == list(range(1992, 2021))
    assert [tick.year for tick in overview.ticks if tick.label] == [1992, *range(1994, 2021, 2)]


# --- the drawing itself: stacking, thread lanes, the density mode (issue 12) ------------------------


def test_events_that_would_overlap_are_stacked_in_rows_and_distant_ones_share_the_first(tmp_path):
    overview = overview_of(tmp_path, "2016-04-01", "2016-04-02", "2016-04-02", "2019-11-11")
    rows = {mark.event.slug: mark.row for mark in overview.marks}
    assert rows == {"e0": 0, "e1": 1, "e2": 2, "e3": 0}
    assert [mark.y for mark in overview.marks] == [overview.marks_top + row * 11 for row in (0, 1, 2, 0)]


def test_each_mark_has_the_shape_of_its_precision(tmp_path):
    overview = overview_of(tmp_path, "2016-04-02", "2016-04", "2010/2011", "2008~")
    shapes = {mark.event.slug: (mark.shape, mark.dashed) for mark in overview.marks}
    assert shapes == {"e0": ("dot", False), "e1": ("vague", False), "e2": ("span", False), "e3": ("vague", True)}


def test_threads_that_overlap_in_time_get_lanes_of_their_own(tmp_path):
    for slug, title in (("early", "Early talks"), ("late", "Late talks"), ("long", "Long talks")):
        write(tmp_path, f"threads/{slug}.md", f"---\ntitle: {title}\n---\n")
    dates = {"a": ("2001", "early"), "b": ("2003", "early"), "c": ("2010", "late"), "d": ("2002", "long"),
             "e": ("2012", "long")}  # fmt: skip
    for slug, (date, thread) in dates.items():
        write(tmp_path, f"events/{slug}.md", event(date=f'"{date}"', extra=f"threads: [{thread}]\n"))
    site, _ = load_ok(tmp_path)
    overview = build_overview(site)
    lanes = {band.thread.slug: band.row for band in overview.bands}
    assert lanes == {"early": 0, "long": 1, "late": 0}  # late starts after early ends: same lane
    assert overview.marks_top == 24 + 2 * 9 + 8  # below the two lanes


def test_past_its_mark_limit_the_overview_counts_events_per_year(tmp_path):
    from timeline.overview import DENSITY_HEIGHT, MAX_MARKS

    dates = [f"2001-01-{day:02d}" for day in range(1, 29)] * 10 + ["2002-06"] * (MAX_MARKS - 279) + ["2003"]
    overview = overview_of(tmp_path, *dates)
    assert overview.marks == []
    bars = {bar.year: (bar.count, bar.height) for bar in overview.density}
    # the tallest year fills the height; others in proportion, never under 4 px
    assert bars == {2001: (280, DENSITY_HEIGHT), 2002: (MAX_MARKS - 279, 28.2), 2003: (1, 4.2)}
