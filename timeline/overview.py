"""The overview of time on the index: a proportional axis drawn at build time.

This module turns the site's events into the geometry of one SVG: year ticks
across the whole span, a band per thread from its first event to its last, and
a mark per event at its true position. A day is a dot; a month or a year is a
bar as wide as the time it may denote (drawn lighter, because the day is not
known); an interval is a solid bar; approximate and uncertain dates are dashed.
Marks that would overlap are stacked in rows, so a dense week (five events in
three days) stays five separate, clickable marks.

A timeline of thousands of events would make that drawing unreadable and heavy,
so above ``MAX_MARKS`` events the overview draws the number of events per year
instead, each bar linking to its year page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import model

WIDTH = 1000.0
MARGIN = 12.0
MARK_MIN = 7.0  # narrowest mark, so a single day can be seen and clicked
ROW = 11.0
BAND = 9.0
MAX_MARKS = 400
LABEL_BASELINE = 11  # year labels sit above the lines
TICK_TOP = 14
BAND_TOP = 22
BAND_HEIGHT = 6
MARK_HEIGHT = 8
DOT_RADIUS = 3.5
DENSITY_HEIGHT = 60  # the tallest year's bar


@dataclass(frozen=True)
class Mark:
    event: model.Event
    x: float
    width: float
    row: int
    shape: str  # "dot" (a day), "span" (an interval), "vague" (a month or year)
    dashed: bool
    marks_top: float  # where the first row of marks starts

    @property
    def y(self) -> float:
        return self.marks_top + self.row * ROW

    @property
    def height(self) -> int:
        return MARK_HEIGHT

    @property
    def cx(self) -> float:
        return self.x + DOT_RADIUS

    @property
    def cy(self) -> float:
        return self.y + MARK_HEIGHT // 2

    @property
    def r(self) -> float:
        return DOT_RADIUS


@dataclass(frozen=True)
class Band:
    thread: model.Thread
    x: float
    width: float
    row: int

    @property
    def y(self) -> float:
        return BAND_TOP + self.row * int(BAND)

    @property
    def height(self) -> int:
        return BAND_HEIGHT


@dataclass(frozen=True)
class Tick:
    year: int
    x: float
    label: bool

    @property
    def label_x(self) -> float:
        return self.x + 2

    label_y = LABEL_BASELINE
    top = TICK_TOP


@dataclass(frozen=True)
class DensityBar:
    year: int
    x: float
    width: float
    height: float
    count: int
    marks_top: float

    @property
    def y(self) -> float:
        return self.marks_top + DENSITY_HEIGHT - self.height


@dataclass
class Overview:
    first_year: int
    last_year: int
    ticks: list[Tick]
    bands: list[Band]
    marks: list[Mark]
    density: list[DensityBar]
    marks_top: float
    height: float

    @property
    def width(self) -> float:
        return WIDTH


class _Scale:
    """Days to x, from 1 January of the first year to the end of 31 December of the last.

    It counts in day numbers, not dates: the end of 9999 is a day number, but the
    day after it is no ``datetime.date``.
    """

    def __init__(self, first_year: int, last_year: int) -> None:
        self.start = dt.date(first_year, 1, 1).toordinal()
        self.span = dt.date(last_year, 12, 31).toordinal() + 1 - self.start

    def at(self, day_number: int) -> float:
        return round(MARGIN + (day_number - self.start) / self.span * (WIDTH - 2 * MARGIN), 2)

    def x(self, day: dt.date) -> float:
        return self.at(day.toordinal())

    def width(self, first: dt.date, last: dt.date) -> float:
        return self.at(last.toordinal() + 1) - self.x(first)


def _stack(spans: list[tuple[float, float]]) -> list[int]:
    """Row of each ``(x, width)`` span (sorted by x) so that none overlaps in its row."""
    row_ends: list[float] = []
    rows = []
    for x, width in spans:
        for row, end in enumerate(row_ends):
            if end <= x:
                row_ends[row] = x + width + 1
                rows.append(row)
                break
        else:
            row_ends.append(x + width + 1)
            rows.append(len(row_ends) - 1)
    return rows


def _ticks(first_year: int, last_year: int, scale: _Scale) -> list[Tick]:
    """A line every year and a label every few; over centuries, lines and labels both thin out."""
    years = last_year - first_year + 1
    step = 1 if years <= 12 else 2 if years <= 30 else 5 if years <= 80 else 10
    if years > 16 * step:  # at most 16 labels, at most about 160 lines across the axis
        step = next(s for s in (20, 50, 100, 200, 500, 1000, 2000, 5000) if years <= 16 * s)
    line_step = 1 if step <= 10 else step // 10
    return [
        Tick(year, scale.x(dt.date(year, 1, 1)), year % step == 0 or year == first_year)
        for year in range(first_year, last_year + 1)
        if year % line_step == 0 or year == first_year
    ]


def build_overview(site: model.Site) -> Overview | None:
    """The overview of ``site``, or None for a site without events."""
    if not site.events:
        return None
    first_year = min(event.date.lower.year for event in site.events)
    last_year = max(event.date.upper.year for event in site.events)
    scale = _Scale(first_year, last_year)
    threads = [t for t in site.threads.values() if t.events]
    threads.sort(key=lambda t: t.events[0].sort_key)
    band_spans = [
        (
            scale.x(t.events[0].date.lower),
            max(scale.width(t.events[0].date.lower, max(e.date.upper for e in t.events)), 2),
        )
        for t in threads
    ]
    band_rows = _stack(band_spans)
    bands = [Band(t, x, w, row) for t, (x, w), row in zip(threads, band_spans, band_rows, strict=True)]
    marks_top = 24 + (max(band_rows, default=-1) + 1) * BAND + 8
    marks: list[Mark] = []
    density: list[DensityBar] = []
    if len(site.events) <= MAX_MARKS:
        spans = []
        for event in site.events:
            x = scale.x(event.date.lower)
            spans.append((x, max(scale.width(event.date.lower, event.date.upper), MARK_MIN)))
        rows = _stack(spans)
        for event, (x, width), row in zip(site.events, spans, rows, strict=True):
            date = event.date
            shape = "span" if date.is_interval else "dot" if date.start.precision == "day" else "vague"
            marks.append(Mark(event, x, width, row, shape, date.qualified, marks_top))
        height = marks_top + (max(rows) + 1) * ROW + 8
    else:
        counts: dict[int, int] = {}
        for event in site.events:
            counts[event.date.lower.year] = counts.get(event.date.lower.year, 0) + 1
        tallest = max(counts.values())
        for year, count in sorted(counts.items()):
            x = scale.x(dt.date(year, 1, 1))
            width = scale.width(dt.date(year, 1, 1), dt.date(year, 12, 31)) - 1
            bar_height = round(4 + (DENSITY_HEIGHT - 4) * count / tallest, 2)
            density.append(DensityBar(year, x, width, bar_height, count, marks_top))
        height = marks_top + DENSITY_HEIGHT + 4
    return Overview(first_year, last_year, _ticks(first_year, last_year, scale), bands, marks, density, marks_top,
                    height)  # fmt: skip
