"""timeline.overview: the time axis on the index, for any date the contract accepts.

The SVG is drawn at its own size (one unit is one CSS px; the browser tests check
that it is never scaled), so sizes measured here in its units are what a reader gets.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from _content import event, load_ok, write

from timeline.overview import HIT, MARGIN, MAX_MARKS, MIN_TEXT, WIDTH, build_overview, short_label, text_width

CSS = Path(__file__).resolve().parents[1] / "themes" / "ledger" / "static" / "css" / "site.css"


def overview_of(tmp_path, *dates):
    for number, date in enumerate(dates):
        write(tmp_path, f"events/e{number}.md", event(date=f'"{date}"'))
    site, _ = load_ok(tmp_path)
    return build_overview(site)


def threaded_site(tmp_path, events: dict[str, tuple[str, list[str]]]):
    """A site whose events (slug: (date, threads)) belong to the threads named."""
    for slug in sorted({t for _, threads in events.values() for t in threads}):
        write(tmp_path, f"threads/{slug}.md", f"---\ntitle: Thread {slug}\n---\n")
    for slug, (date, threads) in events.items():
        extra = f"threads: [{', '.join(threads)}]\n" if threads else ""
        write(tmp_path, f"events/{slug}.md", event(title=f"Event {slug}", date=f'"{date}"', extra=extra))
    site, _ = load_ok(tmp_path)
    return site


def overlap(a, b) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


@pytest.mark.parametrize(
    "dates", [("9999-12-31",), ("9999",), ("2019", "9999-12"), ("0001-01-01",), ("0001", "9999"), ("9998/9999",)]
)
def test_every_year_the_contract_accepts_is_drawn_inside_the_axis(tmp_path, dates):
    overview = overview_of(tmp_path, *dates)
    for mark in overview.marks:
        assert mark.x >= MARGIN and mark.x + mark.width <= WIDTH - MARGIN + 10  # a dot is 10 wide
        assert mark.hit.x >= 0 and mark.hit.x + mark.hit.width <= WIDTH
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


def test_each_mark_has_the_shape_of_its_precision(tmp_path):
    overview = overview_of(tmp_path, "2016-04-02", "2016-04", "2010/2011", "2008~")
    shapes = {mark.event.slug: (mark.shape, mark.dashed) for mark in overview.marks}
    assert shapes == {"e0": ("dot", False), "e1": ("vague", False), "e2": ("span", False), "e3": ("vague", True)}


# --- hit areas: every mark a clickable box of 24 x 24 CSS px that no other mark covers (issue 15) ----


def test_every_mark_has_a_clickable_box_of_at_least_24_px_each_way(tmp_path):
    overview = overview_of(tmp_path, "2016-04-01", "2016-04-02", "2016-04", "2010/2011", "1992", "2020-12-31")
    assert overview.marks
    for mark in overview.marks:
        assert mark.hit.width >= HIT and mark.hit.height >= HIT == 24


def test_marks_whose_boxes_would_overlap_are_stacked_and_distant_ones_share_the_first_row(tmp_path):
    overview = overview_of(tmp_path, "2016-04-01", "2016-04-02", "2016-04-02", "2019-11-11")
    rows = {mark.event.slug: mark.row for mark in overview.marks}
    assert rows == {"e0": 0, "e1": 1, "e2": 2, "e3": 0}
    for a, b in itertools.combinations(overview.marks, 2):
        assert not overlap(a.hit, b.hit), f"{a.event.slug} and {b.event.slug} share clickable pixels"


def test_no_two_clickable_boxes_overlap_on_the_real_site():
    from timeline.site import load_site

    site, _ = load_site(Path(__file__).resolve().parents[1] / "content")
    overview = build_overview(site)
    boxes = [(m.event.slug, m.hit) for m in overview.marks] + [(k.event.slug, k.hit) for k in overview.key_labels]
    boxes += [(lane.title, lane.labels[0].hit) for lane in overview.lanes if lane.thread]
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not overlap(box_a, box_b), f"{a} and {b} share clickable pixels"
    assert all(box.height >= HIT and box.width >= HIT for _, box in boxes)


# --- lanes: one per thread, in its colour, named in text (issue 15) --------------------------------


def test_one_lane_per_thread_in_order_of_its_first_event_then_the_events_in_no_thread(tmp_path):
    site = threaded_site(tmp_path, {"a": ("2001", ["late"]), "b": ("1999", ["early"]), "c": ("2005", [])})
    overview = build_overview(site)
    assert [(lane.title, lane.colour, lane.events) for lane in overview.lanes] == [
        ("Thread early", "lane-0", 1),
        ("Thread late", "lane-1", 1),
        ("Other events", "lane-other", 1),
    ]
    assert [(m.event.slug, m.lane) for m in overview.marks] == [("b", 0), ("a", 1), ("c", 2)]
    lanes = overview.lanes
    assert all(a.bottom < b.y for a, b in itertools.pairwise(lanes))  # lanes do not overlap
    for lane in lanes:  # each lane's marks are inside it
        assert all(lane.y < m.hit.y and m.hit.y + m.hit.height <= lane.bottom for m in lane.marks)


def test_an_event_of_several_threads_is_drawn_in_each_lane_and_focusable_once(tmp_path):
    site = threaded_site(tmp_path, {"both": ("2001", ["second", "first"]), "one": ("1999", ["first"])})
    overview = build_overview(site)
    drawn = [(overview.lanes[m.lane].title, m.primary) for m in overview.marks if m.event.slug == "both"]
    # its first thread (as the entry lists them) holds the mark in the tab order; the copy is for the eye
    assert sorted(drawn) == [("Thread first", False), ("Thread second", True)]


def test_each_lane_is_named_in_text_along_its_length_without_overlapping_copies(tmp_path):
    site = threaded_site(tmp_path, {"a": ("1992", ["talks"]), "b": ("2020", ["talks"])})
    lane = build_overview(site).lanes[0]
    assert lane.text == "Thread talks · 2"
    width = text_width(lane.text, 13) + 14
    assert lane.labels[0].x == MARGIN  # at its start…
    assert lane.labels[-1].x + width == pytest.approx(WIDTH - MARGIN, abs=1)  # …and ending at its end
    assert all(b.x - a.x >= width for a, b in itertools.pairwise(lane.labels))


# --- colours: colour-blind-safe, 3:1 against the background in both schemes (issue 15) --------------


def css_colours(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})", block))


def schemes() -> dict[str, dict[str, str]]:
    """The custom properties of the light scheme and of the dark one, as the browser resolves them."""
    css = CSS.read_text()
    css = css[: css.index("@media print")]  # print sets its own colours, and draws no overview
    light: dict[str, str] = {}
    dark: dict[str, str] = {}
    for match in re.finditer(r"(@media \(prefers-color-scheme: dark\) \{\s*)?:root \{([^}]*)\}", css):
        (dark if match.group(1) else light).update(css_colours(match.group(2)))
    return {"light": light, "dark": {**light, **dark}}


def luminance(colour: str) -> float:
    def linear(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


LANES = [f"lane-{n}" for n in range(6)] + ["lane-other"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_lane_colour_has_3_to_1_against_the_page_and_the_chart(scheme):
    colours = schemes()[scheme]
    for lane in LANES:
        for ground in ("bg", "surface"):  # the page, and the chart's own background
            ratio = contrast(colours[lane], colours[ground])
            assert ratio >= 3, f"{scheme}: --{lane} {colours[lane]} on --{ground} {colours[ground]} is {ratio:.2f}:1"


# Machado, Oliveira & Fernandes (2009), full severity, on linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.01182, 0.04294, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.3039)),
    "typical": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}


def lab(colour: str, vision: str) -> tuple[float, float, float]:
    def linear(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    r, g, b = (min(max(sum(m * c for m, c in zip(row, rgb, strict=True)), 0), 1) for row in CVD[vision])
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("vision", list(CVD))
def test_lane_colours_stay_apart_for_colour_blind_readers(scheme, vision):
    """Every two lane colours differ by at least 10 (CIE76 ΔE) as each kind of colour blindness sees them."""
    colours = schemes()[scheme]
    for a, b in itertools.combinations(LANES, 2):
        distance = sum((p - q) ** 2 for p, q in zip(lab(colours[a], vision), lab(colours[b], vision), strict=True))
        assert distance**0.5 >= 10, f"{scheme}, {vision}: --{a} and --{b} look alike (ΔE {distance**0.5:.1f})"


# --- key moments, text size, empty years (issue 15) ---------------------------------------------------


def test_key_moments_get_a_short_text_label_that_overlaps_no_other(tmp_path):
    dates = ["1994-05-12", "1994-06-01", "1994-07-01", "2011-06-24", "2020-04-21"]
    for number, date in enumerate(dates):
        title = (
            "Bishkek Protocol signed; ceasefire takes effect" if number == 0 else f"A long title number {number} " * 3
        )
        write(tmp_path, f"events/k{number}.md", event(title=title, date=f'"{date}"'))
    site, _ = load_ok(tmp_path)
    for e in site.events:  # key_moment: true in the entry (validated by the content contract)
        e.key_moment = True
    overview = build_overview(site)
    labels = {label.event.slug: label for label in overview.key_labels}
    assert labels["k0"].text == "Bishkek Protocol signed"  # up to the semicolon
    assert all(len(label.text) <= 30 for label in labels.values())
    for a, b in itertools.combinations(labels.values(), 2):
        assert not overlap(a.hit, b.hit)
    for label in labels.values():
        assert label.hit.x >= 0 and label.hit.x + label.hit.width <= WIDTH  # inside the axis, even at its end
        assert label.hit.y + label.hit.height <= overview.lanes_top  # above the lanes
        assert label.leader_bottom > overview.lanes_top
    assert [m.key for m in overview.marks] == [True] * 5


def test_short_labels_cut_at_a_word():
    assert short_label("Kazan summit ends without agreement on the Basic Principles") == "Kazan summit ends without…"


def test_no_text_is_smaller_than_11_css_px(tmp_path):
    overview = overview_of(tmp_path, "1992", "2020")
    assert min(overview.text_sizes) >= MIN_TEXT == 11
    assert set(overview.text_size.values()) == set(overview.text_sizes)


def test_years_without_events_are_drawn_empty_and_say_so(tmp_path):
    overview = overview_of(tmp_path, "1992-03-01", "1993", "1999-02-02", "2001/2002", "2010")
    runs = [(run.first, run.last) for run in overview.empty]
    assert runs == [(1994, 1998), (2000, 2000), (2003, 2009)]
    long_gap = overview.empty[2]
    assert long_gap.text == "No events in 2003–2009" and long_gap.has_text
    ticks = {tick.year: tick.x for tick in overview.ticks}
    assert (long_gap.box.x, long_gap.box.x + long_gap.box.width) == (ticks[2003], pytest.approx(ticks[2010], abs=0.2))
    assert not any(long_gap.box.x < m.x + m.width and m.x < long_gap.box.x + long_gap.box.width for m in overview.marks)


# --- the density mode (issue 12) ---------------------------------------------------------------------


def test_past_its_mark_limit_the_overview_counts_events_per_year(tmp_path):
    from timeline.overview import DENSITY_HEIGHT

    dates = [f"2001-01-{day:02d}" for day in range(1, 29)] * 4 + ["2002-06"] * 56 + ["2003"]
    assert len(dates) > MAX_MARKS
    overview = overview_of(tmp_path, *dates)
    assert overview.marks == []
    bars = {bar.year: (bar.count, bar.bar.height) for bar in overview.density}
    # the tallest year fills the height; others in proportion, never under 4 px
    assert bars == {2001: (112, DENSITY_HEIGHT), 2002: (56, 38.0), 2003: (1, 4.6)}
    assert all(bar.hit.width >= HIT and bar.hit.height >= HIT for bar in overview.density)


def test_over_a_long_span_the_density_mode_counts_groups_of_years_each_a_clickable_box_wide(tmp_path):
    overview = overview_of(tmp_path, "1900", *["2000-05"] * MAX_MARKS, "2020")
    assert overview.years_per_bar == 5  # a year would be 6.9 px wide
    assert [(bar.first, bar.last, bar.count) for bar in overview.density] == [
        (1900, 1904, 1), (2000, 2004, MAX_MARKS), (2020, 2020, 1)
    ]  # fmt: skip
    assert all(bar.hit.width >= HIT for bar in overview.density)
    assert [(run.first, run.last) for run in overview.empty] == [(1901, 1999), (2001, 2019)]
