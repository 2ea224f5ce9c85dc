"""Whatever a contributor writes, the engine answers with a value or its own error
(``DateError``, ``EntryError``, ``ContentError``) that names a line — never another
exception, and never a hang (each example has a deadline)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.dates import DateError, TimelineDate, parse_date
from timeline.diagnostics import ContentError
from timeline.frontmatter import EntryError, RawEntry, parse
from timeline.site import load_site

FAST = settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=120, deadline=1000, suppress_health_check=[HealthCheck.too_slow])

DATE_WORDS = st.sampled_from(
    ["2019", "2019-04", "2019-11-11", "/", "-", "–", "~", "?", "%", "c.", "circa", "April", "Sept", "Nov.",
     "11", "31", "00", "13", "..", ",", " ", "to", "0000", "9999", "2010/2011", "x", "\u00a0", "\n"]
)  # fmt: skip
DATE_LIKE = st.lists(DATE_WORDS, max_size=6).map("".join)


def _check_date(value: object) -> None:
    try:
        date = parse_date(value)
    except DateError as error:
        assert error.message and error.hint
        return
    assert isinstance(date, TimelineDate)
    assert date.lower <= date.upper
    assert date.display
    assert date.parts()
    assert list(date.years)
    # the canonical form reads back to the same date
    assert parse_date(date.edtf).edtf == date.edtf


@FAST
@given(st.text(max_size=40) | DATE_LIKE)
def test_parse_date_on_text(value):
    _check_date(value)


@FAST
@given(
    st.integers()
    | st.none()
    | st.booleans()
    | st.floats(allow_nan=True)
    | st.dates()
    | st.datetimes()
    | st.lists(st.integers(), max_size=3)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
)
def test_parse_date_on_other_values(value):
    _check_date(value)


@FAST
@given(st.binary(max_size=300))
def test_frontmatter_on_arbitrary_bytes(data):
    _check_parse(data)


@FAST
@given(st.binary(max_size=200))
def test_frontmatter_on_bytes_between_fences(data):
    _check_parse(b"---\n" + data + b"\n---\nBody\n")


@FAST
@given(st.text(max_size=300))
def test_frontmatter_on_text_between_fences(text):
    _check_parse(("---\n" + text + "\n---\nBody\n").encode("utf-8", "surrogatepass"))


# Fragments that look like front matter, so that the fuzzer reaches YAML and validation.
KEYS = st.sampled_from(
    ["title", "date", "summary", "tags", "actors", "places", "documents", "threads", "related", "sources",
     "quotes", "name", "kind", "tittle", "url", "event", "type", "speaker", "text", "source", "translated",
     "publisher", "archived", "<<", "? ", "- ", "  - ", "    "]
)  # fmt: skip
VALUES = st.sampled_from(
    ["", " x", " 2019", " 2019-02-30", " '2019-04'", " 2010/2011", " [a, b]", " {a: 1}", " &a x", " *a",
     " !!binary aGk=", " !!set {a}", " !!python/name:os.system", " null", " ~", " yes", " true", " 1e3",
     " 'unclosed", " [unclosed", " <script>x</script>", " javascript:alert(1)", " https://e.org/a",
     " ftp://e.org", " |", " >", " -", " :", " #", " \t", " " + "[" * 50 + "]" * 50, " *", " &"]
)  # fmt: skip
LINES = st.lists(st.tuples(KEYS, st.sampled_from([":", ": ", "", " :"]), VALUES).map("".join), max_size=12)
FRONT = LINES.map("\n".join)


@FAST
@given(FRONT)
def test_frontmatter_on_yaml_like_text(front):
    _check_parse(f"---\n{front}\n---\nBody\n".encode())


def _check_parse(data: bytes) -> None:
    try:
        raw = parse(Path("events/fuzz.md"), data)
    except EntryError as error:
        assert error.line >= 1
        assert error.line <= data.count(b"\n") + 1
        assert error.message and error.hint
        return
    assert isinstance(raw, RawEntry)
    assert isinstance(raw.meta, dict)
    assert raw.body_line >= 3
    assert all(line >= 2 for line in raw.lines.values())


BODY_PIECES = st.sampled_from(
    ["text ", "\n", "[a](event:x)", "[b](actor:lavrov)", "[c][r]\n\n[r]: place:nowhere\n", "*", "_", "`", "#",
     "<div>", "</div>", "<script>", "onclick=", "javascript:", "|a|b|\n|-|-|\n", "[^1]\n\n[^1]: n", "> ", "- "]
)  # fmt: skip
BODY = st.lists(BODY_PIECES, max_size=20).map("".join)

BASE = {
    "actors/sergey-lavrov.md": "---\nname: Sergey Lavrov\nkind: person\n---\n",
    "events/kazan.md": '---\ntitle: Kazan\ndate: "2011-06-24"\nsummary: S.\n---\n',
}


def _check_site(kind: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for rel, text in BASE.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        path = root / kind / "fuzz.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        try:
            site, report = load_site(root)
        except ContentError as error:
            assert error.report.errors
            for diagnostic in error.report.errors:
                assert diagnostic.line >= 1
                assert str(diagnostic).count(" — ") >= 1
            return
        assert len(site.events) >= 1
        assert report.errors == []


@SLOW
@given(st.sampled_from(["events", "actors", "places", "documents", "threads", "pages"]), st.text(max_size=300))
def test_load_site_with_one_arbitrary_entry(kind, text):
    _check_site(kind, text.encode("utf-8", "surrogatepass"))


@SLOW
@given(st.sampled_from(["events", "actors", "places", "documents", "threads", "pages"]), FRONT, BODY)
def test_load_site_with_one_yaml_like_entry(kind, front, body):
    _check_site(kind, f"---\n{front}\n---\n{body}".encode())


@SLOW
@given(
    title=st.text(max_size=30),
    date=st.text(max_size=20) | DATE_LIKE | st.dates(min_value=dt.date(1, 1, 1)).map(str),
    body=BODY,
)
def test_load_site_with_one_event_of_arbitrary_values(title, date, body):
    title_yaml = '"' + title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    date_yaml = '"' + date.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    text = f"---\ntitle: {title_yaml}\ndate: {date_yaml}\nsummary: S.\nactors: [sergey-lavrov]\n---\n{body}"
    _check_site("events", text.encode("utf-8", "surrogatepass"))
