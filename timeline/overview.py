"""The overview of time on the index: a proportional axis drawn at build time.

This module computes every coordinate of one SVG; the template only draws them.
The SVG is drawn at its own size, one unit to one CSS pixel, and is never scaled
down (a narrower screen scrolls it sideways), so the sizes here are the sizes a
reader gets: text of at least ``MIN_TEXT`` px and a clickable box of at least
``HIT`` × ``HIT`` px around every mark (WCAG 2.5.8), at every screen width.

The drawing, top to bottom:

* year labels, and a line per year down through the lanes;
* the key moments (events with ``key_moment: true``), each a short text label
  above the lanes, with a leader down to its date;
* one lane per thread (ordered by its first event), then a lane "Other events"
  for events in no thread. Each lane has its title in text (repeated along a
  long lane, so a reader who scrolled still sees which lane is which) and a
  colour of a colour-blind-safe palette. An event of several threads is drawn in
  each of its lanes, so every lane shows its thread's whole story, as the
  thread's page does; the mark in its first thread's lane is the one in the tab
  order and the accessibility tree, the others are copies for the eye and the
  pointer (same link, ``tabindex="-1"``, ``aria-hidden``).
* One label, last in the drawing so that nothing covers it, which the theme's
  overview.js fills with the date and title of the mark hovered, focused or
  tapped (without the script, each mark's ``<title>`` is its tooltip and name).
* Years in which no event happened are hatched and say so, so a thin record
  reads as thin instead of a solid band across a silent decade.

A day is a dot; a month or a year is a pale bar as wide as the time it may
denote; an interval is a solid bar; approximate and uncertain dates are dashed.
Marks whose clickable boxes would overlap are stacked in rows of their lane, so
a dense week stays separate, clickable marks.

Every mark is a link with its title, drawn in each lane it belongs to: past
``MAX_MARKS`` events that drawing would be crowded and weigh more than the rest of
the front page on a phone, so above it the overview draws the number of events per year
instead (per group of years when a year would be narrower than a clickable box),
each bar linking to its year page.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field

from . import model

WIDTH = 860.0  # CSS px: fits the index's widest column (54rem) with its border; narrower screens scroll
MARGIN = 12.0
HIT = 24.0  # the clickable box of every mark and label, CSS px each way (WCAG 2.5.8, target size)
ROW = HIT  # a lane's rows: boxes of two rows touch but never overlap
MIN_TEXT = 11.0  # no text is smaller (CSS px)
YEAR_TEXT = 12.0
LANE_TEXT = 13.0
KEY_TEXT = 12.0
TIP_TEXT = 12.0
COUNT_TEXT = 11.0
CHAR_EM = 0.6  # a generous average advance of the system sans-serif, in em, to lay out text
MAX_MARKS = 150  # past it, counts per year (an event's marks weigh about 0.5 KB of HTML)
LANE_COLOURS = 6  # --lane-0 … --lane-5 in site.css (Okabe–Ito hues); more threads reuse them in turn
YEAR_ROW = 20.0  # year labels
YEAR_BASELINE = 14.0
KEY_ROW = HIT
KEY_CHARS = 30  # a key moment's label: its title cut to this many characters
LANE_LABEL_ROW = 18.0
LANE_GAP = 6.0
LANE_LABEL_GAP = 100.0  # at least this much room between copies of a lane's title along the lane
MARK_HEIGHT = 10.0
MARK_MIN = 6.0  # narrowest visible bar
DOT_RADIUS = 5.0
DENSITY_HEIGHT = 72.0  # the tallest year's bar
BUSY_WINDOW = 340.0  # about a phone's width of the axis, to find where the overview is busiest
BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)


def text_width(text: str, size: float) -> float:
    """An upper estimate of the width of ``text`` at ``size`` px, to keep labels apart."""
    return round(len(text) * size * CHAR_EM, 1)


def is_key(event: model.Event) -> bool:
    """One of the few events that matter most (``key_moment: true`` in the entry)."""
    return bool(getattr(event, "key_moment", False))


def short_label(title: str, limit: int = KEY_CHARS) -> str:
    """A key moment's label: the title up to its first semicolon, cut at a word to ``limit`` characters."""
    text = title.split(";")[0].strip()
    if len(text) <= limit:
        return text
    return textwrap.shorten(text, limit, placeholder="…")


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Mark:
    event: model.Event
    lane: int  # index into Overview.lanes
    row: int  # row in its lane
    primary: bool  # the copy in the tab order (its first thread's lane)
    shape: str  # "dot" (a day), "span" (an interval), "vague" (a month or year)
    dashed: bool
    key: bool
    x: float  # where its time starts
    width: float  # the visible bar's width (a dot: its diameter)
    y: float  # the top of its row
    hit: Box

    @property
    def cx(self) -> float:
        return round(self.x + DOT_RADIUS, 1)

    @property
    def cy(self) -> float:
        return self.y + ROW / 2

    @property
    def r(self) -> float:
        return DOT_RADIUS

    @property
    def bar_y(self) -> float:
        return self.y + (ROW - MARK_HEIGHT) / 2

    @property
    def height(self) -> float:
        return MARK_HEIGHT


@dataclass(frozen=True)
class LaneLabel:
    """A copy of a lane's title: a colour swatch at ``x``, then the text."""

    x: float
    y: float  # baseline
    width: float  # swatch and text

    @property
    def text_x(self) -> float:
        return self.x + 14

    @property
    def hit(self) -> Box:
        """The link's clickable box: a full ``HIT`` high, reaching into the gap above the lane."""
        return Box(self.x - 2, self.y - 20, self.width + 4, HIT)

    @property
    def swatch(self) -> Box:
        return Box(self.x, self.y - 9, 10, 10)


@dataclass
class Lane:
    thread: model.Thread | None  # None: the events in no thread
    title: str
    colour: str  # a class: lane-0 … lane-6, or lane-other
    y: float  # top of its title row
    height: float = 0.0
    events: int = 0
    labels: list[LaneLabel] = field(default_factory=list)  # the first is the link, the others copies
    marks: list[Mark] = field(default_factory=list)

    @property
    def text(self) -> str:
        return f"{self.title} · {self.events}"

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class KeyLabel:
    event: model.Event
    text: str
    x: float  # where the text is anchored
    anchor: str  # "start" or "end"
    y: float  # baseline
    hit: Box
    leader_x: float
    leader_top: float
    leader_bottom: float


@dataclass(frozen=True)
class Tick:
    year: int
    x: float
    label: bool
    label_y = YEAR_BASELINE

    @property
    def label_x(self) -> float:
        return self.x + 2


@dataclass(frozen=True)
class EmptyYears:
    """A run of years without any event: hatched, and said in text where it fits."""

    first: int
    last: int
    box: Box

    @property
    def text(self) -> str:
        years = str(self.first) if self.first == self.last else f"{self.first}–{self.last}"
        return f"No events in {years}"

    @property
    def length(self) -> float:
        return text_width(self.text, COUNT_TEXT) + 8

    @property
    def vertical(self) -> bool:
        """Written upwards through the lanes when the run is too narrow for the text but they are tall enough."""
        return self.box.width < self.length <= self.box.height and self.box.width >= COUNT_TEXT + 4

    @property
    def has_text(self) -> bool:
        return self.vertical or self.box.width >= self.length

    @property
    def text_x(self) -> float:
        return round(self.box.x + self.box.width / 2 + (COUNT_TEXT * 0.35 if self.vertical else 0), 1)

    @property
    def text_y(self) -> float:
        return round(self.box.y + self.box.height / 2 + (0 if self.vertical else COUNT_TEXT * 0.35), 1)

    @property
    def transform(self) -> str:
        return f"rotate(-90 {self.text_x} {self.text_y})" if self.vertical else ""


@dataclass(frozen=True)
class DensityBar:
    first: int  # the years it counts
    last: int
    year: int  # the year page it links to: its first year with events
    count: int
    bar: Box
    hit: Box
    label: str  # "1990–1999: 523 events"
    count_x: float
    count_y: float
    show_count: bool  # the number fits above the bar


@dataclass
class Overview:
    first_year: int
    last_year: int
    ticks: list[Tick]
    lanes: list[Lane]
    marks: list[Mark]
    key_labels: list[KeyLabel]
    empty: list[EmptyYears]
    density: list[DensityBar]
    lanes_top: float
    height: float
    years_per_bar: int = 1
    busy_x: float = 0.0  # where the busiest stretch of a phone's width begins: a narrow screen opens there

    width = WIDTH

    @property
    def text_sizes(self) -> tuple[float, ...]:
        """Every font size the drawing uses (CSS px, since one unit is one CSS px)."""
        return (YEAR_TEXT, LANE_TEXT, KEY_TEXT, TIP_TEXT, COUNT_TEXT)

    @property
    def text_size(self) -> dict[str, float]:
        """The font sizes by use, for the template to set as SVG attributes (Python owns the geometry)."""
        return {"year": YEAR_TEXT, "lane": LANE_TEXT, "key": KEY_TEXT, "tip": TIP_TEXT, "count": COUNT_TEXT}


class _Scale:
    """Days to x, from 1 January of the first year to the end of 31 December of the last.

    It counts in day numbers, not dates: the end of 9999 is a day number, but the
    day after it is no ``datetime.date``.
    """

    def __init__(self, first_year: int, last_year: int) -> None:
        self.start = dt.date(first_year, 1, 1).toordinal()
        self.span = dt.date(last_year, 12, 31).toordinal() + 1 - self.start

    def at(self, day_number: int) -> float:
        return round(MARGIN + (day_number - self.start) / self.span * (WIDTH - 2 * MARGIN), 1)

    def x(self, day: dt.date) -> float:
        return self.at(day.toordinal())

    def width(self, first: dt.date, last: dt.date) -> float:
        return self.at(last.toordinal() + 1) - self.x(first)

    def year_x(self, year: int) -> float:
        return self.x(dt.date(year, 1, 1))

    def year_end(self, year: int) -> float:
        return self.at(dt.date(year, 12, 31).toordinal() + 1)


def _stack(spans: list[tuple[float, float]]) -> list[int]:
    """Row of each ``(x, width)`` span (sorted by x) so that none overlaps in its row."""
    row_ends: list[float] = []
    rows = []
    for x, width in spans:
        for row, end in enumerate(row_ends):
            if end <= x:
                row_ends[row] = x + width
                rows.append(row)
                break
        else:
            row_ends.append(x + width)
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
        Tick(year, scale.year_x(year), year % step == 0 or year == first_year)
        for year in range(first_year, last_year + 1)
        if year % line_step == 0 or year == first_year
    ]


def _empty_runs(busy: set[int], first_year: int, last_year: int) -> list[tuple[int, int]]:
    """The runs of consecutive years in ``first_year..last_year`` that are not in ``busy``."""
    runs: list[tuple[int, int]] = []
    years = sorted(y for y in busy if first_year <= y <= last_year)
    previous = first_year - 1
    for year in [*years, last_year + 1]:
        if year > previous + 1:
            runs.append((previous + 1, year - 1))
        previous = year
    return runs


def _key_labels(events: list[model.Event], scale: _Scale, top: float, bottom: float) -> tuple[list[KeyLabel], int]:
    """Labels of the key moments, in rows above the lanes, so that no two texts overlap.

    Row 0 is the lowest, next to the lanes; a label's leader runs down from it to
    the lanes, behind the labels of lower rows (their text has a halo of the
    background's colour, so a leader never runs through a word).
    """
    placed: list[tuple[int, float, float, float, model.Event, str, str, float]] = []  # row, left, right, leader…
    for event in events:
        text = short_label(event.title)
        width = text_width(text, KEY_TEXT) + 8
        leader = scale.x(event.date.lower) + (DOT_RADIUS if event.date.start.precision == "day" else 1)
        if leader + width <= WIDTH - 2:
            left, right, anchor, anchor_x = leader - 3, leader - 3 + width, "start", leader + 4
        else:
            left, right, anchor, anchor_x = leader - width + 3, leader + 3, "end", leader - 4
        row = next(
            r for r in range(len(placed) + 1) if not any(p[0] == r and left < p[2] and p[1] < right for p in placed)
        )
        placed.append((row, left, right, leader, event, text, anchor, anchor_x))
    rows = max((p[0] for p in placed), default=-1) + 1
    labels = []
    for row, left, right, leader, event, text, anchor, anchor_x in placed:
        row_top = top + (rows - 1 - row) * KEY_ROW
        labels.append(
            KeyLabel(event, text, round(anchor_x, 1), anchor, row_top + 16, Box(round(left, 1), row_top,
                     round(right - left, 1), KEY_ROW), round(leader, 1), row_top + KEY_ROW - 4, bottom)
        )  # fmt: skip
    return labels, rows


def _mark_span(event: model.Event, scale: _Scale) -> tuple[float, float, float, float]:
    """(x, visible width, hit x, hit width) of an event's mark."""
    date = event.date
    x = scale.x(date.lower)
    if not date.is_interval and date.start.precision == "day":
        width = 2 * DOT_RADIUS
    else:
        width = max(scale.width(date.lower, date.upper), MARK_MIN)
    hit_width = max(width, HIT)
    hit_x = min(max(x + width / 2 - hit_width / 2, 0.0), WIDTH - hit_width)  # centred, but inside the drawing
    return x, round(width, 1), round(hit_x, 1), round(hit_width, 1)


def build_overview(site: model.Site) -> Overview | None:
    """The overview of ``site``, or None for a site without events."""
    if not site.events:
        return None
    first_year = min(event.date.lower.year for event in site.events)
    last_year = max(event.date.upper.year for event in site.events)
    scale = _Scale(first_year, last_year)
    keys = [event for event in site.events if is_key(event)]
    ticks = _ticks(first_year, last_year, scale)
    if len(site.events) > MAX_MARKS:
        return _density(site, scale, first_year, last_year, ticks, keys)

    threads = [t for t in site.threads.values() if t.events]
    threads.sort(key=lambda t: t.events[0].sort_key)
    members: list[list[model.Event]] = [list(t.events) for t in threads]
    lanes = [Lane(t, t.title, f"lane-{n % LANE_COLOURS}", 0.0) for n, t in enumerate(threads)]
    others = [event for event in site.events if not event.threads]
    if others:
        lanes.append(Lane(None, "Other events", "lane-other", 0.0))
        members.append(others)
    lane_of = {id(t): n for n, t in enumerate(threads)}

    key_top = YEAR_ROW + 2
    key_labels, key_rows = _key_labels(keys, scale, key_top, 0.0)  # leaders' bottoms: set once lanes are laid
    lanes_top = key_top + key_rows * KEY_ROW + LANE_GAP

    marks: list[Mark] = []
    y = lanes_top
    for number, (lane, events) in enumerate(zip(lanes, members, strict=True)):
        lane.y = y
        lane.events = len(events)
        spans = [_mark_span(event, scale) for event in events]
        order = sorted(range(len(events)), key=lambda i: spans[i][2])
        rows = [0] * len(events)
        for i, row in zip(order, _stack([(spans[i][2], spans[i][3]) for i in order]), strict=True):
            rows[i] = row
        first_row = y + LANE_LABEL_ROW
        for event, (x, width, hit_x, hit_width), row in zip(events, spans, rows, strict=True):
            date = event.date
            shape = "span" if date.is_interval else "dot" if date.start.precision == "day" else "vague"
            primary = (lane_of.get(id(event.threads[0])) if event.threads else len(threads)) == number
            row_y = first_row + row * ROW
            lane.marks.append(Mark(event, number, row, primary, shape, date.qualified, is_key(event), x, width,
                                   row_y, Box(hit_x, row_y, hit_width, ROW)))  # fmt: skip
        marks.extend(lane.marks)
        lane.height = LANE_LABEL_ROW + (max(rows, default=0) + 1) * ROW
        lane.labels = _lane_labels(lane, y)
        y = lane.bottom + LANE_GAP
    height = y + 2
    key_labels = [
        KeyLabel(k.event, k.text, k.x, k.anchor, k.y, k.hit, k.leader_x, k.leader_top, height - 2) for k in key_labels
    ]
    busy: set[int] = set()
    for event in site.events:
        busy.update(range(event.date.lower.year, event.date.upper.year + 1))
    empty = [
        EmptyYears(a, b, Box(scale.year_x(a), lanes_top, round(scale.year_end(b) - scale.year_x(a), 1),
                             height - 2 - lanes_top))
        for a, b in _empty_runs(busy, first_year, last_year)
    ]  # fmt: skip
    busy = _busiest([(m.hit.x + m.hit.width / 2, 1) for m in marks if m.primary])
    return Overview(first_year, last_year, ticks, lanes, marks, key_labels, empty, [], lanes_top, height, 1, busy)


def _lane_labels(lane: Lane, y: float) -> list[LaneLabel]:
    """Where a lane's title is written: at its start, at its end and evenly between, never overlapping."""
    width = text_width(lane.text, LANE_TEXT) + 14  # with the colour swatch before it
    room = WIDTH - 2 * MARGIN - width
    count = 1 + max(int(room // (width + LANE_LABEL_GAP)), 0)
    step = room / (count - 1) if count > 1 else 0.0
    return [LaneLabel(round(MARGIN + n * step, 1), y + 14, width) for n in range(count)]


def _density(
    site: model.Site, scale: _Scale, first_year: int, last_year: int, ticks: list[Tick], keys: list[model.Event]
) -> Overview:
    """Counts of events per year (or per group of years, each bar at least a clickable box wide)."""
    per_year = (WIDTH - 2 * MARGIN) / (last_year - first_year + 1)
    years_per_bar = next((n for n in BUCKETS if n * per_year >= HIT + 1), BUCKETS[-1])
    counts: dict[int, int] = {}
    first_with_events: dict[int, int] = {}
    for event in site.events:
        year = event.date.lower.year
        bucket = first_year + (year - first_year) // years_per_bar * years_per_bar
        counts[bucket] = counts.get(bucket, 0) + 1
        first_with_events[bucket] = min(first_with_events.get(bucket, year), year)
    key_top = YEAR_ROW + 2
    key_labels, key_rows = _key_labels(keys, scale, key_top, 0.0)
    lanes_top = key_top + key_rows * KEY_ROW + LANE_GAP + COUNT_TEXT + 4
    bottom = lanes_top + DENSITY_HEIGHT
    tallest = max(counts.values())
    bars = []
    for bucket, count in sorted(counts.items()):
        last = min(bucket + years_per_bar - 1, last_year)
        x = scale.year_x(bucket)
        width = round(scale.year_end(last) - x - 1, 1)
        bar_height = round(4 + (DENSITY_HEIGHT - 4) * count / tallest, 1)
        years = str(bucket) if last == bucket else f"{bucket}–{last}"
        noun = "event" if count == 1 else "events"
        label = f"{years}: {count} {noun}"
        number = str(count)
        bars.append(DensityBar(bucket, last, first_with_events[bucket], count, Box(x, bottom - bar_height, width,
                               bar_height), Box(min(x, WIDTH - HIT), lanes_top, max(width, HIT), DENSITY_HEIGHT), label,
                               round(x + width / 2, 1), round(bottom - bar_height - 3, 1),
                               text_width(number, COUNT_TEXT) <= width))  # fmt: skip
    height = bottom + 6
    key_labels = [
        KeyLabel(k.event, k.text, k.x, k.anchor, k.y, k.hit, k.leader_x, k.leader_top, bottom) for k in key_labels
    ]
    empty = [
        EmptyYears(a, b, Box(scale.year_x(a), lanes_top, round(scale.year_end(b) - scale.year_x(a), 1), DENSITY_HEIGHT))
        for a, b in _empty_runs({e.date.lower.year for e in site.events}, first_year, last_year)
    ]
    busy = _busiest([(bar.hit.x + bar.hit.width / 2, bar.count) for bar in bars])
    return Overview(first_year, last_year, ticks, [], [], key_labels, empty, bars, lanes_top, height, years_per_bar,
                    busy)  # fmt: skip


def _busiest(points: list[tuple[float, int]]) -> float:
    """The left edge of the ``BUSY_WINDOW`` holding the most weight (the first such, from the left)."""
    best, best_x = -1, 0.0
    for x, _ in points:
        left = max(x - 12, 0.0)
        weight = sum(w for p, w in points if left <= p < left + BUSY_WINDOW)
        if weight > best:
            best, best_x = weight, left
    return round(min(best_x, WIDTH - BUSY_WINDOW), 1)
