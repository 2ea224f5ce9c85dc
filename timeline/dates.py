"""Honest dates: parsing, display, sorting and markup of partially known dates.

This module owns what a date *means*. An entry's date keeps exactly the precision
its author knew (year, month or day), whether it is approximate (``~``) or
uncertain (``?``; ``%`` is both), and whether it is a single point or an interval.
Nothing here ever fills a missing month or day from today's date.

Accepted input (see CONTRIBUTING.md, "Dates"):

* EDTF (ISO 8601-2) level 0 and the level 1 qualifiers: ``2008``, ``2019-04``,
  ``2019-11-11``, ``2010/2011``, ``2016-04-01/2016-04-05``, ``2008~``, ``2016?``,
  ``2016%``, qualified interval ends such as ``2008~/2010``;
* the plain forms contributors type: ``April 2019``, ``Nov 2019``,
  ``11 November 2019``, ``November 11, 2019``, ``2010-2011``, ``c. 2008``;
* what YAML may hand over: an ``int`` year or a ``datetime.date``.

Display convention: ``c. 2008`` is approximate, ``2016?`` is uncertain,
``c. 2016?`` is both; a month-precision date shows no day, a year no month;
an interval shows both ends (``1–5 April 2016``, ``2010–2011``).

Sort convention: by the first day a date may denote; where two dates start on the
same day, the coarser one comes first (a month-precision event opens its month,
a year-precision event opens its year); then the longer span; then the slug.

The parser is hand-written because the reference ``edtf`` package costs several
milliseconds a string; ``tests/test_dates.py`` checks that both agree on bounds.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["DateError", "Point", "TimelineDate", "parse_date"]

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUMBERS = {name.lower(): i + 1 for i, name in enumerate(MONTHS)}
_MONTH_NUMBERS.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)})
_MONTH_NUMBERS["sept"] = 9

PRECISIONS = ("year", "month", "day")

_EDTF_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%])?")
_YEAR_RANGE = re.compile(r"(\d{4})\s*(?:-|–|—|to)\s*(\d{4})")
_CIRCA = re.compile(r"(?:c\.|ca\.|circa|about)\s*", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


class DateError(ValueError):
    """A date that cannot be read. ``hint`` says what to write instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Point:
    """One end of a date: a year, a month or a day, maybe approximate or uncertain."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    def __reduce__(self) -> tuple:
        # plain constructor call: much faster to unpickle than a frozen dataclass's setstate
        return (Point, (self.year, self.month, self.day, self.approximate, self.uncertain))

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def lower(self) -> _dt.date:
        """The first day this point may denote."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def upper(self) -> _dt.date:
        """The last day this point may denote."""
        if self.day:
            return _dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        month = self.month or 12
        return _dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def iso(self) -> str:
        """ISO 8601 at this precision: the value of a ``<time datetime>``."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def qualifier(self) -> str:
        if self.approximate and self.uncertain:
            return "%"
        return "~" if self.approximate else "?" if self.uncertain else ""

    @property
    def edtf(self) -> str:
        return self.iso + self.qualifier

    @property
    def qualified(self) -> bool:
        return self.approximate or self.uncertain

    def text(self, *, show_month: bool = True, show_year: bool = True) -> str:
        """Words for readers, e.g. ``c. April 2019``; parts can be left to a sibling."""
        parts = []
        if self.day:
            parts.append(str(self.day))
        if self.month and show_month:
            parts.append(MONTHS[self.month - 1])
        if show_year:
            parts.append(str(self.year))
        words = " ".join(parts)
        if self.approximate:
            words = "c. " + words
        if self.uncertain:
            words += "?"
        return words

    def describe_qualifier(self) -> str:
        if self.approximate and self.uncertain:
            return "approximate and uncertain date"
        if self.approximate:
            return "approximate date"
        return "uncertain date" if self.uncertain else ""


@dataclass(frozen=True, slots=True)
class TimelineDate:
    """A single point or an interval, as precise as it is known and no more."""

    start: Point
    end: Point | None = None

    def __reduce__(self) -> tuple:
        return (TimelineDate, (self.start, self.end))

    @property
    def is_interval(self) -> bool:
        return self.end is not None

    @property
    def last(self) -> Point:
        return self.end or self.start

    @property
    def lower(self) -> _dt.date:
        return self.start.lower

    @property
    def upper(self) -> _dt.date:
        return self.last.upper

    @property
    def edtf(self) -> str:
        """The canonical EDTF string, e.g. ``2016-04-01/2016-04-05``."""
        return self.start.edtf + (f"/{self.end.edtf}" if self.end else "")

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year``; an interval gives its ends, e.g. ``year/month``."""
        if self.end and self.end.precision != self.start.precision:
            return f"{self.start.precision}/{self.end.precision}"
        return self.start.precision

    @property
    def qualified(self) -> bool:
        return self.start.qualified or (self.end is not None and self.end.qualified)

    @property
    def years(self) -> range:
        """Every year the date touches: an interval belongs to each year it spans."""
        return range(self.lower.year, self.upper.year + 1)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (
            self.lower.toordinal(),
            PRECISIONS.index(self.start.precision),
            -self.upper.toordinal(),
        )

    @property
    def qualifier_note(self) -> str:
        """A phrase for screen readers and tooltips, empty for a plain date."""
        notes = (point.describe_qualifier() for point in (self.start, self.end) if point)
        return "; ".join(dict.fromkeys(note for note in notes if note))

    def parts(self) -> list[tuple[str, str]]:
        """``(iso, words)`` pairs to show in order, joined by an en dash.

        Shared parts of an interval are written once: ``1–5 April 2016``,
        ``30 March – 2 April 2016``, ``2010–2011``.
        """
        start, end = self.start, self.end
        if end is None:
            return [(start.iso, start.text())]
        # shared parts are written once only when neither end carries a qualifier
        same_year = start.year == end.year and not start.qualified and not end.qualified
        same_month = same_year and start.month == end.month and start.month
        if start.precision == end.precision and same_year and start.day and same_month:
            return [(start.iso, start.text(show_month=False, show_year=False)), (end.iso, end.text())]
        if start.precision == end.precision and same_year and start.month:
            return [(start.iso, start.text(show_year=False)), (end.iso, end.text())]
        return [(start.iso, start.text()), (end.iso, end.text())]

    @property
    def separator(self) -> str:
        """En dash, spaced when the first part has spaces (``30 March – 2 April``)."""
        return " – " if " " in self.parts()[0][1] else "–"

    @property
    def display(self) -> str:
        return self.separator.join(words for _, words in self.parts())

    def __str__(self) -> str:
        return self.edtf


def _month_number(name: str, original: str) -> int:
    number = _MONTH_NUMBERS.get(name.lower())
    if number is None:
        raise DateError(
            f"'{name}' in '{original}' is not a month name",
            "write the month in English, e.g. 'April 2019', or as digits, e.g. 2019-04",
        )
    return number


def _checked_point(
    year: int, month: int | None, day: int | None, original: str, approximate=False, uncertain=False
) -> Point:
    if year < 1:
        raise DateError(f"year {year} in '{original}' is not supported", "use a year from 0001 on")
    if month is not None and not 1 <= month <= 12:
        raise DateError(
            f"month {month:02d} in '{original}' does not exist",
            "months run from 01 to 12; write YYYY-MM, e.g. 2019-04",
        )
    if day is not None:
        last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
        if not 1 <= day <= last:
            raise DateError(
                f"day {day} in '{original}' does not exist: {MONTHS[month - 1]} {year} has {last} days",  # type: ignore[index]
                f"check the day; if it is not known, give only the month, e.g. {year}-{month:02d}",
            )
    return Point(year, month, day, approximate, uncertain)


def _parse_edtf_point(text: str, original: str) -> Point | None:
    match = _EDTF_POINT.fullmatch(text)
    if not match:
        return None
    year, month, day, qualifier = match.groups()
    return _checked_point(
        int(year),
        int(month) if month else None,
        int(day) if day else None,
        original,
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )


def _parse_plain_point(text: str, original: str) -> Point | None:
    approximate = False
    circa = _CIRCA.match(text)
    if circa:
        approximate, text = True, text[circa.end() :]
    uncertain = text.endswith("?")
    if uncertain:
        text = text[:-1].rstrip()
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = match.groups()
        fields = (int(year), _month_number(month, original), int(day))
    elif match := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = match.groups()
        fields = (int(year), _month_number(month, original), int(day))
    elif match := _MONTH_YEAR.fullmatch(text):
        month, year = match.groups()
        fields = (int(year), _month_number(month, original), None)
    elif approximate or uncertain:
        point = _parse_edtf_point(text, original)
        if point is None or point.qualified:
            return None
        fields = (point.year, point.month, point.day)
    else:
        return None
    return _checked_point(*fields, original, approximate=approximate, uncertain=uncertain)


def _parse_point(text: str, original: str) -> Point:
    text = text.strip()
    point = _parse_edtf_point(text, original) or _parse_plain_point(text, original)
    if point is None:
        if text in ("", ".."):
            raise DateError(
                f"'{original}' is an open-ended interval",
                "give both ends, e.g. 2010/2011; if an end is unknown, give your best estimate with ~",
            )
        raise DateError(
            f"'{original}' is not a date this site understands",
            "write 2019-11-11, 2019-04, 2019, 2010/2011, 2008~, 2016? or '11 November 2019'",
        )
    return point


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> TimelineDate:
    text = " ".join(text.split())
    if not text:
        raise DateError("the date is empty", "write a date such as 2019-11-11, 2019-04 or 2019")
    if "/" in text:
        pieces = text.split("/")
        if len(pieces) != 2:
            raise DateError(
                f"'{text}' has more than one '/'",
                "an interval has exactly two ends: START/END, e.g. 2016-04-01/2016-04-05",
            )
        start, end = (_parse_point(piece, text) for piece in pieces)
    elif match := _YEAR_RANGE.fullmatch(text):
        start, end = (_checked_point(int(y), None, None, text) for y in match.groups())
    else:
        return TimelineDate(_parse_point(text, text))
    if start.lower > end.upper:
        raise DateError(
            f"the interval '{text}' ends before it starts",
            f"put the earlier end first: {end.edtf}/{start.edtf}",
        )
    if start == end:
        return TimelineDate(start)
    return TimelineDate(start, end)


def parse_date(value: object) -> TimelineDate:
    """Read a date as YAML hands it over (str, int year or ``datetime.date``).

    Raises ``DateError`` with a message and a hint for anything else.
    """
    if isinstance(value, bool) or value is None:
        raise DateError(f"'{value}' is not a date", "write a date such as 2019-11-11, 2019-04 or 2019")
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return TimelineDate(Point(value.year, value.month, value.day))
    if isinstance(value, int):
        value = f"{value:04d}" if value >= 0 else str(value)
    if not isinstance(value, str):
        raise DateError(
            f"a date must be text, not {type(value).__name__}",
            'write it on one line, e.g. date: "2019-11-11"',
        )
    return _parse_text(value)
