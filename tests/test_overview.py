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
