"""The meetings of the talks: who met whom, when, where, in what format, with what result.

``meetings(site)`` lists the events that declare a ``format`` (summit,
ministerial, …) as rows for ``/meetings/``: date, format, venue, the leaders and
ministers present (hosts and parties), the mediators, and the documents that came
out of them. ``meetings_chart`` draws the number of meetings per year, stacked by
format, as a small static SVG whose geometry is computed here, not in the
template. Filters (by participant and by format) are plain data attributes a
small script reads; without it every row shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model
from .validation import MEETING_FORMATS


@dataclass(frozen=True)
class MeetingRow:
    event: model.Event
    present: list[model.Actor]  # hosts and parties
    mediators: list[model.Actor]
    observers: list[model.Actor]

    @property
    def participant_slugs(self) -> str:
        """Every participant, space-separated, for the participant filter."""
        return " ".join(p.actor.slug for p in self.event.participants)


def meetings(site: model.Site) -> list[MeetingRow]:
    """Every event that is a meeting, in time order."""
    rows = []
    for event in site.events:
        if not event.meeting_format:
            continue
        by_role: dict[str, list[model.Actor]] = {"host": [], "party": [], "mediator": [], "observer": []}
        for participant in event.participants:
            by_role[participant.role].append(participant.actor)
        rows.append(MeetingRow(event, by_role["host"] + by_role["party"], by_role["mediator"], by_role["observer"]))
    return rows


def participant_options(rows: list[MeetingRow]) -> list[tuple[str, str, int]]:
    """``(slug, name, meetings)`` of everyone who took part in a meeting, by name."""
    counts: dict[str, list] = {}
    for row in rows:
        for participant in row.event.participants:
            entry = counts.setdefault(participant.actor.slug, [participant.actor.name, 0])
            entry[1] += 1
    return sorted(((slug, name, count) for slug, (name, count) in counts.items()), key=lambda o: o[1].casefold())


def format_options(rows: list[MeetingRow]) -> list[tuple[str, int]]:
    """``(format, meetings)`` in the order formats are declared."""
    counts = {name: 0 for name in MEETING_FORMATS}
    for row in rows:
        counts[row.event.meeting_format] += 1
    return [(name, count) for name, count in counts.items() if count]


# chart geometry: one column per year, a block per meeting, stacked by format
CHART_WIDTH = 720.0
CHART_BAR_GAP = 2.0
BLOCK_HEIGHT = 10
AXIS_HEIGHT = 16


@dataclass(frozen=True)
class ChartBlock:
    year: int
    format: str
    index: int  # the format's place in MEETING_FORMATS: its colour
    x: float
    y: float
    width: float
    height: int
    count: int


@dataclass(frozen=True)
class ChartLabel:
    year: int
    x: float
    y: float


@dataclass(frozen=True)
class MeetingsChart:
    width: float
    height: float
    blocks: list[ChartBlock]
    labels: list[ChartLabel]
    formats: list[tuple[str, int]]  # legend: format and its colour index


def meetings_chart(rows: list[MeetingRow]) -> MeetingsChart | None:
    """Meetings per year by format, every year from the first meeting to the last (None without meetings)."""
    if not rows:
        return None
    per_year: dict[int, dict[str, int]] = {}
    for row in rows:
        year = row.event.date.lower.year
        per_year.setdefault(year, {}).setdefault(row.event.meeting_format, 0)
        per_year[year][row.event.meeting_format] += 1
    first, last = min(per_year), max(per_year)
    years = list(range(first, last + 1))
    tallest = max(sum(counts.values()) for counts in per_year.values())
    height = tallest * BLOCK_HEIGHT + AXIS_HEIGHT
    column = CHART_WIDTH / len(years)
    blocks, labels = [], []
    for position, year in enumerate(years):
        x = round(position * column + CHART_BAR_GAP / 2, 2)
        top = height - AXIS_HEIGHT
        for index, name in enumerate(MEETING_FORMATS):
            count = per_year.get(year, {}).get(name, 0)
            if count:
                top -= count * BLOCK_HEIGHT
                blocks.append(ChartBlock(year, name, index, x, top, round(column - CHART_BAR_GAP, 2),
                                         count * BLOCK_HEIGHT, count))  # fmt: skip
        if year % 2 == 0 or len(years) <= 12:
            labels.append(ChartLabel(year, round(position * column + column / 2, 2), height - 4))
    used = {row.event.meeting_format for row in rows}
    legend = [(name, index) for index, name in enumerate(MEETING_FORMATS) if name in used]
    return MeetingsChart(CHART_WIDTH, height, blocks, labels, legend)
