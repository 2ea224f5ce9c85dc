"""timeline.dates: what each accepted date means, how it reads, how it sorts.

The bounds of every EDTF form are checked against the reference ``edtf`` parser,
for a fixed list and for generated level-0/1 strings.
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import DateError, TimelineDate, parse_date
from timeline.model import Event

D = dt.date


# value, edtf, precision, display, parts (iso, words), lower, upper, years
ACCEPTED = [
    ("2008", "2008", "year", "2008", [("2008", "2008")], D(2008, 1, 1), D(2008, 12, 31), [2008]),
    ("2019-04", "2019-04", "month", "April 2019", [("2019-04", "April 2019")],
     D(2019, 4, 1), D(2019, 4, 30), [2019]),
    ("2019-11-11", "2019-11-11", "day", "11 November 2019", [("2019-11-11", "11 November 2019")],
     D(2019, 11, 11), D(2019, 11, 11), [2019]),
    ("2010/2011", "2010/2011", "year", "2010–2011", [("2010", "2010"), ("2011", "2011")],
     D(2010, 1, 1), D(2011, 12, 31), [2010, 2011]),
    ("2016-04-01/2016-04-05", "2016-04-01/2016-04-05", "day", "1–5 April 2016",
     [("2016-04-01", "1"), ("2016-04-05", "5 April 2016")], D(2016, 4, 1), D(2016, 4, 5), [2016]),
    ("2016-03-30/2016-04-02", "2016-03-30/2016-04-02", "day", "30 March – 2 April 2016",
     [("2016-03-30", "30 March"), ("2016-04-02", "2 April 2016")], D(2016, 3, 30), D(2016, 4, 2), [2016]),
    ("2015-12-30/2016-01-02", "2015-12-30/2016-01-02", "day", "30 December 2015 – 2 January 2016",
     [("2015-12-30", "30 December 2015"), ("2016-01-02", "2 January 2016")],
     D(2015, 12, 30), D(2016, 1, 2), [2015, 2016]),
    ("2016-04/2016-05", "2016-04/2016-05", "month", "April–May 2016",
     [("2016-04", "April"), ("2016-05", "May 2016")], D(2016, 4, 1), D(2016, 5, 31), [2016]),
    ("2008~", "2008~", "year", "c. 2008", [("2008", "c. 2008")], D(2008, 1, 1), D(2008, 12, 31), [2008]),
    ("2016?", "2016?", "year", "2016?", [("2016", "2016?")], D(2016, 1, 1), D(2016, 12, 31), [2016]),
    ("2016%", "2016%", "year", "c. 2016?", [("2016", "c. 2016?")], D(2016, 1, 1), D(2016, 12, 31), [2016]),
    ("2019-04~", "2019-04~", "month", "c. April 2019", [("2019-04", "c. April 2019")],
     D(2019, 4, 1), D(2019, 4, 30), [2019]),
    ("April 2019", "2019-04", "month", "April 2019", [("2019-04", "April 2019")],
     D(2019, 4, 1), D(2019, 4, 30), [2019]),
    ("Nov 2019", "2019-11", "month", "November 2019", [("2019-11", "November 2019")],
     D(2019, 11, 1), D(2019, 11, 30), [2019]),
    ("Sept 2019", "2019-09", "month", "September 2019", [("2019-09", "September 2019")],
     D(2019, 9, 1), D(2019, 9, 30), [2019]),
    ("11 November 2019", "2019-11-11", "day", "11 November 2019", [("2019-11-11", "11 November 2019")],
     D(2019, 11, 11), D(2019, 11, 11), [2019]),
    ("November 11, 2019", "2019-11-11", "day", "11 November 2019", [("2019-11-11", "11 November 2019")],
     D(2019, 11, 11), D(2019, 11, 11), [2019]),
    ("2010-2011", "2010/2011", "year", "2010–2011", [("2010", "2010"), ("2011", "2011")],
     D(2010, 1, 1), D(2011, 12, 31), [2010, 2011]),
    ("c. 2008", "2008~", "year", "c. 2008", [("2008", "c. 2008")], D(2008, 1, 1), D(2008, 12, 31), [2008]),
    ("c. 2016?", "2016%", "year", "c. 2016?", [("2016", "c. 2016?")], D(2016, 1, 1), D(2016, 12, 31), [2016]),
    (2008, "2008", "year", "2008", [("2008", "2008")], D(2008, 1, 1), D(2008, 12, 31), [2008]),
    (D(2019, 11, 11), "2019-11-11", "day", "11 November 2019", [("2019-11-11", "11 November 2019")],
     D(2019, 11, 11), D(2019, 11, 11), [2019]),
    (dt.datetime(2019, 11, 11, 15, 30), "2019-11-11", "day", "11 November 2019",
     [("2019-11-11", "11 November 2019")], D(2019, 11, 11), D(2019, 11, 11), [2019]),
    ("2020-02-29", "2020-02-29", "day", "29 February 2020", [("2020-02-29", "29 February 2020")],
     D(2020, 2, 29), D(2020, 2, 29), [2020]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "canonical", "precision", "display", "parts", "lower", "upper", "years"),
    ACCEPTED,
    ids=[repr(row[0]) for row in ACCEPTED],
)
def test_accepted_form(value, canonical, precision, display, parts, lower, upper, years):
    date = parse_date(value)
    assert isinstance(date, TimelineDate)
    assert date.edtf == canonical
    assert str(date) == canonical
    assert date.precision == precision
    assert date.display == display
    assert date.parts() == parts
    assert (date.lower, date.upper) == (lower, upper)
    assert list(date.years) == years


def test_month_precision_never_gets_a_day():
    """A ``<time datetime>`` for a month-precision date is YYYY-MM, never a made-up day."""
    for value in ("2019-04", "April 2019", "Nov 2019", "2016-04/2016-05", "c. April 2019"):
        for iso, _ in parse_date(value).parts():
            assert len(iso) == 7, (value, iso)
    for value in ("2008", "2008~", "2010/2011", "2010-2011"):
        for iso, _ in parse_date(value).parts():
            assert len(iso) == 4, (value, iso)


def test_interval_spans_each_year():
    assert list(parse_date("2008~/2011").years) == [2008, 2009, 2010, 2011]
    assert list(parse_date("2015-11/2016-02").years) == [2015, 2016]
    assert list(parse_date("2019-12-31").years) == [2019]


def test_same_ends_are_a_single_date():
    date = parse_date("2010/2010")
    assert not date.is_interval
    assert (date.edtf, date.display) == ("2010", "2010")


def test_qualifier_note_for_readers():
    assert parse_date("2008~").qualifier_note == "approximate date"
    assert parse_date("2016?").qualifier_note == "uncertain date"
    assert parse_date("2016%").qualifier_note == "approximate and uncertain date"
    assert parse_date("2016").qualifier_note == ""


def test_interval_with_qualified_start():
    date = parse_date("2008~/2010")
    assert date.edtf == "2008~/2010"
    assert date.display == "c. 2008 – 2010"
    assert date.parts() == [("2008", "c. 2008"), ("2010", "2010")]


def test_whitespace_is_normalised():
    assert parse_date("  11   November 2019 ").edtf == "2019-11-11"
    assert parse_date("2010 – 2011").edtf == "2010/2011"


GENERIC_HINT = "write 2019-11-11, 2019-04, 2019, 2010/2011, 2008~, 2016? or '11 November 2019'"
EMPTY_HINT = "write a date such as 2019-11-11, 2019-04 or 2019"

REJECTED = [
    ("2019-02-30", "day 30 in '2019-02-30' does not exist: February 2019 has 28 days",
     "check the day; if it is not known, give only the month, e.g. 2019-02"),
    ("2019-02-29", "day 29 in '2019-02-29' does not exist: February 2019 has 28 days",
     "check the day; if it is not known, give only the month, e.g. 2019-02"),
    ("31 April 2019", "day 31 in '31 April 2019' does not exist: April 2019 has 30 days",
     "check the day; if it is not known, give only the month, e.g. 2019-04"),
    ("2019-13", "month 13 in '2019-13' does not exist", "months run from 01 to 12; write YYYY-MM, e.g. 2019-04"),
    ("2019-00", "month 00 in '2019-00' does not exist", "months run from 01 to 12; write YYYY-MM, e.g. 2019-04"),
    ("2011/2010", "the interval '2011/2010' ends before it starts", "put the earlier end first: 2010/2011"),
    ("2011-2010", "the interval '2011-2010' ends before it starts", "put the earlier end first: 2010/2011"),
    ("Smarch 2019", "'Smarch' in 'Smarch 2019' is not a month name",
     "write the month in English, e.g. 'April 2019', or as digits, e.g. 2019-04"),
    ("2010/..", "'2010/..' is an open-ended interval",
     "give both ends, e.g. 2010/2011; if an end is unknown, give your best estimate with ~"),
    ("/2019", "'/2019' is an open-ended interval",
     "give both ends, e.g. 2010/2011; if an end is unknown, give your best estimate with ~"),
    ("", "the date is empty", EMPTY_HINT),
    ("   ", "the date is empty", EMPTY_HINT),
    ("2010/2011/2012", "'2010/2011/2012' has more than one '/'",
     "an interval has exactly two ends: START/END, e.g. 2016-04-01/2016-04-05"),
    ("0000", "year 0 in '0000' is not supported", "use a year from 0001 on"),
    ("2019-4", "'2019-4' is not a date this site understands", GENERIC_HINT),
    ("next Tuesday", "'next Tuesday' is not a date this site understands", GENERIC_HINT),
    (True, "'True' is not a date", EMPTY_HINT),
    (False, "'False' is not a date", EMPTY_HINT),
    (None, "'None' is not a date", EMPTY_HINT),
    ([2019], "a date must be text, not list", 'write it on one line, e.g. date: "2019-11-11"'),
    ({"year": 2019}, "a date must be text, not dict", 'write it on one line, e.g. date: "2019-11-11"'),
    (2019.5, "a date must be text, not float", 'write it on one line, e.g. date: "2019-11-11"'),
]  # fmt: skip


@pytest.mark.parametrize(("value", "message", "hint"), REJECTED, ids=[repr(row[0]) for row in REJECTED])
def test_rejected_form(value, message, hint):
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert caught.value.message == message
    assert str(caught.value) == message
    assert caught.value.hint == hint


def test_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


# --- sorting --------------------------------------------------------------------------------------


def _event(slug: str, date: str) -> Event:
    return Event(kind="event", slug=slug, path=Path(f"events/{slug}.md"), title=slug, date=parse_date(date))


def test_event_sort_convention():
    """Coarser first on the same start day, a year before that year's days, wider first, then slug."""
    written = [
        ("later", "2019-03-05"),
        ("b-same-day", "2019-03-05"),
        ("a-same-day", "2019-03-05"),
        ("first-day", "2019-01-01"),
        ("first-days", "2019-01-01/2019-01-05"),
        ("january", "2019-01"),
        ("year", "2019"),
        ("two-years", "2019/2020"),
        ("new-year-eve", "2018-12-31"),
        ("april", "2019-04"),
        ("april-first", "2019-04-01"),
        ("march-31", "2019-03-31"),
    ]
    events = sorted((_event(slug, date) for slug, date in written), key=lambda e: e.sort_key)
    assert [e.slug for e in events] == [
        "new-year-eve",
        "two-years",
        "year",
        "january",
        "first-days",
        "first-day",
        "a-same-day",
        "b-same-day",
        "later",
        "march-31",
        "april",
        "april-first",
    ]


def test_year_event_sorts_before_day_events_of_that_year():
    events = [_event("summit", "2008-06-24"), _event("talks", "2008"), _event("approx", "2008~")]
    assert [e.slug for e in sorted(events, key=lambda e: e.sort_key)] == ["approx", "talks", "summit"]


def test_timeline_date_sort_key_orders_a_list():
    values = ["2016-04-05", "2016", "2016-04", "2016-04-01/2016-04-05", "2016-04-01", "2015/2016", "2016/2017"]
    ordered = sorted((parse_date(v) for v in values), key=lambda d: d.sort_key)
    assert [d.edtf for d in ordered] == [
        "2015/2016",
        "2016/2017",
        "2016",
        "2016-04",
        "2016-04-01/2016-04-05",
        "2016-04-01",
        "2016-04-05",
    ]


# --- agreement with the reference parser ---------------------------------------------------------


def _edtf_bounds(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    parsed = edtf.parse_edtf(text)
    return tuple(parsed.lower_strict()[:3]), tuple(parsed.upper_strict()[:3])  # type: ignore[return-value]


def _our_bounds(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    date = parse_date(text)
    return (date.lower.year, date.lower.month, date.lower.day), (date.upper.year, date.upper.month, date.upper.day)


EDTF_FORMS = [
    "2008", "2019-04", "2019-11-11", "2010/2011", "2016-04-01/2016-04-05", "2008~", "2016?", "2016%",
    "2019-04~", "2019-11-11?", "2019-02%", "2008~/2010", "2019-04-01%/2019-05?", "2016-03-30/2016-04-02",
    "2019-04/2019-05", "2019-04-01/2019-04", "2020-02-29", "2000-02", "1900-02", "2015-11/2016-02",
    "1999-12-31/2000-01-01",
]  # fmt: skip


@pytest.mark.parametrize("text", EDTF_FORMS)
def test_bounds_agree_with_reference_parser(text):
    assert _our_bounds(text) == _edtf_bounds(text)


def test_nested_interval_end_is_not_reversed():
    """``2019-04-15/2019-04``: from 15 April until some time in April. It does not end before it
    starts (its end runs to 30 April), and the reference parser reads it as 15-30 April."""
    assert _edtf_bounds("2019-04-15/2019-04") == ((2019, 4, 15), (2019, 4, 30))
    assert _our_bounds("2019-04-15/2019-04") == ((2019, 4, 15), (2019, 4, 30))


BOTH_REJECT = [
    "2019-02-30", "2019-13", "2019-00", "2019-04-31", "2019-11-00", "2019-4", "2019-1-01", "2019-01-1",
    "19", "20190", "2019--11", "2010/2011/2012", "2019~~", "2019?~", "x", "2019-11-11T10:00", "Smarch 2019",
]  # fmt: skip


@pytest.mark.parametrize("text", BOTH_REJECT)
def test_rejects_what_the_reference_parser_rejects(text):
    with pytest.raises(edtf.EDTFParseException):
        edtf.parse_edtf(text)
    with pytest.raises(DateError):
        parse_date(text)


@pytest.mark.parametrize("text", ["2011/2010", "/2019", "2019-11-11/", "0000", "-2019", "2019-21", "~2019"])
def test_deliberately_stricter_than_the_reference_parser(text):
    """EDTF allows these (reversed or open intervals, year zero, negative years, seasons);
    the site refuses them because a reader could not be shown an honest date."""
    edtf.parse_edtf(text)  # accepted by the reference
    with pytest.raises(DateError):
        parse_date(text)


@st.composite
def _points(draw):
    year = draw(st.integers(1000, 2999))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    qualifier = draw(st.sampled_from(["", "~", "?", "%"]))
    text = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "") + qualifier
    return D(year, month or 1, day or 1), text


@st.composite
def edtf_strings(draw):
    first = draw(_points())
    if not draw(st.booleans()):
        return first[1]
    second = draw(_points())
    start, end = sorted([first, second], key=lambda point: point[0])
    return f"{start[1]}/{end[1]}"


@settings(max_examples=200, deadline=None)
@given(edtf_strings())
def test_generated_edtf_agrees_with_reference_parser(text):
    assert _our_bounds(text) == _edtf_bounds(text)
    date = parse_date(text)
    # the canonical form reads back to the same date
    again = parse_date(date.edtf)
    assert (again.lower, again.upper, again.edtf) == (date.lower, date.upper, date.edtf)
    if "/" not in text:
        assert date.edtf == text


def test_a_qualified_end_keeps_its_interval_unabbreviated():
    """'1–c. 5 April 2016' would read as if 'c.' qualified the whole span; both ends are written out."""
    assert parse_date("2016-04-01/2016-04-05~").display == "1 April 2016 – c. 5 April 2016"
    assert parse_date("2016-03~/2016-05").display == "c. March 2016 – May 2016"
