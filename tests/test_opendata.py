"""The open data described, licensed and dated, read back by the programs that check such things.

This site (``content/``) and ``tests/fixtures/mini`` are built (without the search index), with
this repository's settings (``pelicanconf.py``: the content licence, CC BY 4.0). Then:

- ``datapackage.json`` is validated by ``frictionless`` (the descriptor against the Data Package
  profile, and every CSV row against its Table Schema: header, types, unique slugs);
- ``data/timeline.json`` is validated by ``jsonschema`` against the JSON Schema the build ships at
  its stable address (``data/timeline.schema.json``), itself checked against draft 2020-12;
- ``events.csv`` starts with a UTF-8 byte order mark (what Excel and LibreOffice need to read it as
  UTF-8 on a double-click) and still reads cleanly in Python's csv module (``utf-8-sig``),
  frictionless and pandas (when installed), with its new columns as the entries say;
- the data's build date is the content's newest change in git, never the clock.
"""

from __future__ import annotations

import codecs
import copy
import csv
import datetime as dt
import json
from pathlib import Path

import frictionless
import jsonschema
import pytest

from timeline import model
from timeline.build import build
from timeline.history import read_history
from timeline.opendata import CSV_COLUMNS, DATA_SCHEMA_VERSION
from timeline.routes import route
from timeline.site import load_site

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
TREES = {"site": ROOT / "content", "mini": ROOT / "tests" / "fixtures" / "mini"}
ORIGIN = "http://127.0.0.1:8000"  # SITEURL = "" (pelicanconf.py): the local server's address
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture(scope="module", params=sorted(TREES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, model.Site, Path]:
    """(content folder, its loaded site, its built output) for this site and the mini fixture."""
    content = TREES[request.param]
    out = tmp_path_factory.mktemp(request.param) / "out"
    build(SETTINGS, content, out, search=False)
    site, _ = load_site(content)
    return content, site, out


def newest_change(content: Path) -> str:
    return read_history(content).newest.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def validator(out: Path) -> jsonschema.protocols.Validator:
    schema = json.loads((out / route("data_schema")).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)  # a valid schema of its dialect (draft 2020-12)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# -- data/timeline.json and its JSON Schema ---------------------------------------------------------
def test_the_full_json_is_valid_by_the_schema_shipped_at_its_address(built):
    _, _, out = built
    schema = json.loads((out / route("data_schema")).read_text(encoding="utf-8"))
    data = json.loads((out / route("data_json")).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{ORIGIN}/{route('data_schema')}" == data["$schema"]
    errors = [f"{e.json_path}: {e.message}" for e in validator(out).iter_errors(data)]
    assert not errors, "\n".join(errors[:20])


def test_the_full_json_carries_its_version_build_date_and_licence(built):
    content, _, out = built
    data = json.loads((out / route("data_json")).read_text(encoding="utf-8"))
    assert list(data)[:4] == ["$schema", "schema_version", "built", "license"]
    assert data["schema_version"] == DATA_SCHEMA_VERSION
    assert data["built"] == newest_change(content), "the build date is the content's newest change in git"
    assert data["license"]["name"] == "CC-BY-4.0" and data["license"]["path"] == CC_BY


def test_the_schema_says_no_to_what_the_data_does_not_hold(built):
    """The schema describes every key: an unknown one, a missing one or a wrong type is an error."""
    _, _, out = built
    data = json.loads((out / route("data_json")).read_text(encoding="utf-8"))
    check = validator(out)
    for spoil in (
        lambda d: d["events"][0].update(invented=1),
        lambda d: d["events"][0].pop("sources"),
        lambda d: d["events"][0]["date"].update(start="24 March 1992"),
        lambda d: d.update(schema_version="0.9"),
        lambda d: d["actors"][0].update(aliases="not a list"),
    ):
        spoiled = copy.deepcopy(data)
        spoil(spoiled)
        assert not check.is_valid(spoiled)


# -- datapackage.json ----------------------------------------------------------------------------
def test_the_data_package_is_valid_for_frictionless(built):
    _, site, out = built
    report = frictionless.validate(str(out / route("datapackage")))
    problems = [e.message for e in report.errors] + [e.message for t in report.tasks for e in t.errors]
    assert report.valid, "\n".join(problems[:20])
    rows = frictionless.Package(str(out / route("datapackage"))).get_resource("events").read_rows()
    assert [row["slug"] for row in rows] == [event.slug for event in site.events]


def test_the_data_package_says_what_whose_and_when(built):
    content, _, out = built
    package = json.loads((out / route("datapackage")).read_text(encoding="utf-8"))
    data = json.loads((out / route("data_json")).read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": CC_BY, "title": data["license"]["title"]}]
    assert package["title"] and package["description"]
    assert package["version"] == DATA_SCHEMA_VERSION == data["schema_version"]
    assert package["created"] == data["built"] == newest_change(content)
    paths = {resource["path"] for resource in package["resources"]}
    assert paths == {route("csv"), route("data_json"), route("timelinejs")}
    assert all((out / path).is_file() for path in paths)
    events = next(r for r in package["resources"] if r["path"] == route("csv"))
    assert [field["name"] for field in events["schema"]["fields"]] == list(CSV_COLUMNS)
    assert all(field.get("description") for field in events["schema"]["fields"])


def test_frictionless_notices_a_csv_that_breaks_its_descriptor(built, tmp_path):
    """The check has teeth: a column the descriptor does not name, or a duplicated slug, is an error."""
    _, _, out = built
    package = json.loads((out / route("datapackage")).read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["path"] == route("csv")]
    text = (out / route("csv")).read_bytes().decode("utf-8")  # CRLF kept
    header, first, rest = text.split("\r\n", 2)
    for name, spoiled in (("renamed", header.replace("venue", "where") + "\r\n" + first + "\r\n" + rest),
                          ("duplicated", text + first + "\r\n")):  # fmt: skip
        folder = tmp_path / name
        folder.mkdir()
        (folder / route("csv")).write_text(spoiled, encoding="utf-8", newline="")
        (folder / route("datapackage")).write_text(json.dumps(package), encoding="utf-8")
        assert not frictionless.validate(str(folder / route("datapackage"))).valid, name


# -- events.csv ------------------------------------------------------------------------------------
def test_the_csv_starts_with_a_byte_order_mark_for_spreadsheets(built):
    _, _, out = built
    raw = (out / route("csv")).read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and not raw.startswith(codecs.BOM_UTF8 * 2)
    raw.decode("utf-8")  # UTF-8 throughout


def test_the_csv_reads_cleanly_with_pythons_csv_module(built):
    _, site, out = built
    with (out / route("csv")).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(CSV_COLUMNS), "the header row, with no BOM left in the first name"
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["slug"] for r in records] == [e.slug for e in site.events]
    for record, event in zip(records, site.events, strict=True):
        ends = [event.date.start, *([event.date.end] if event.date.end else [])]
        assert record["approximate"] == ("true" if any(p.approximate for p in ends) else "false"), event.slug
        assert record["uncertain"] == ("true" if any(p.uncertain for p in ends) else "false"), event.slug
        participants = [tuple(item.split(":", 1)) for item in record["participants"].split("; ") if item]
        assert participants == [(p.actor.slug, p.role) for p in event.participants], event.slug
        assert record["venue"] == (event.venue.slug if event.venue else ""), event.slug
        assert record["online"] == ("true" if event.online else "false"), event.slug
        assert record["format"] == event.meeting_format, event.slug
        assert (record["threads"].split("; ") if record["threads"] else []) == [t.slug for t in event.threads]
        assert record["source_urls"].split() == [s.url for s in event.sources], event.slug


def test_the_csv_reads_cleanly_in_pandas(built):
    pandas = pytest.importorskip("pandas")
    _, site, out = built
    frame = pandas.read_csv(out / route("csv"), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert list(frame["slug"]) == [e.slug for e in site.events]
    assert list(frame["display_date"]) == [e.date.display for e in site.events]
