"""The JSON-LD of every page, checked against the schema.org vocabulary (``timeline/structured.py``).

``tests/schemas/schemaorg-current-https.jsonld`` is schema.org's own vocabulary file (release
12.0, see ``tests/schemas/README.md``). Every ``@type`` published must be a class of it, every
property a property of it whose ``domainIncludes`` holds the type it is used on (or a
supertype), and every value of a type the property's ``rangeIncludes`` allows. Where an event
is published as a schema.org ``Event``, Google's required properties are there; nothing states
a date more precise than the entry, and uncertainty stays.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from timeline.build import build
from timeline.history import all_entries
from timeline.site import load_site

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
MINI = ROOT / "tests" / "fixtures" / "mini"
VOCABULARY = ROOT / "tests" / "schemas" / "schemaorg-current-https.jsonld"
BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
# schema.org's data types: a property whose range includes one of them takes a literal
LITERAL_RANGES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Boolean", "Duration"}
KEYWORDS = {"@context", "@type", "@id"}


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """Classes -> their direct superclasses; properties -> (domains, ranges); names without ``schema:``."""

    def ids(value: Any) -> set[str]:
        values = value if isinstance(value, list) else [value] if value else []
        return {item["@id"].removeprefix("schema:") for item in values}

    classes, properties = {}, {}
    for node in json.loads(VOCABULARY.read_text(encoding="utf-8"))["@graph"]:
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        name = node["@id"].removeprefix("schema:")
        if "rdfs:Class" in types:
            classes[name] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in types:
            properties[name] = (ids(node.get("schema:domainIncludes")), ids(node.get("schema:rangeIncludes")))
    return classes, properties


def ancestors(type_name: str) -> set[str]:
    classes, _ = vocabulary()
    seen, todo = set(), [type_name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(classes.get(current, ()))
    return seen


def problems(node: Any, where: str) -> list[str]:
    """What in ``node`` the vocabulary does not allow."""
    if isinstance(node, list):
        return [p for item in node for p in problems(item, where)]
    if not isinstance(node, dict):
        return []
    classes, properties = vocabulary()
    type_name = node.get("@type", "")
    if type_name not in classes:
        return [f"{where}: {type_name!r} is not a schema.org type"]
    found = []
    lineage = ancestors(type_name)
    for name, value in node.items():
        if name in KEYWORDS:
            continue
        if name not in properties:
            found.append(f"{where}: {name!r} is not a schema.org property")
            continue
        domains, ranges = properties[name]
        if not domains & lineage:
            found.append(f"{where}: {name!r} is not a property of {type_name} (domain: {sorted(domains)})")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not ranges & ancestors(item.get("@type", "")):
                    found.append(f"{where}: {name!r} cannot be a {item.get('@type')} (range: {sorted(ranges)})")
            elif not ranges & (LITERAL_RANGES | {"Enumeration", "EventAttendanceModeEnumeration"}):
                found.append(f"{where}: {name!r} takes no literal (range: {sorted(ranges)})")
        found += problems(value, f"{where} {name}")
    return found


def blocks(page: Path) -> list[dict[str, Any]]:
    return [json.loads(raw) for raw in BLOCK.findall(page.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def site_out(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("structured") / "out"
    build(SETTINGS, MINI, out, search=False)
    site, _ = load_site(MINI)
    return site, out


def test_the_checker_catches_what_the_vocabulary_forbids():
    event = {"@type": "Event", "name": "x", "citation": "y", "colour": "z"}
    assert problems(event, "e") == [
        "e: 'citation' is not a property of Event (domain: ['CreativeWork'])",
        "e: 'colour' is not a schema.org property",
    ]
    assert problems({"@type": "Meeting"}, "m") == ["m: 'Meeting' is not a schema.org type"]


def test_every_block_of_every_page_follows_the_vocabulary(site_out):
    _, out = site_out
    pages = sorted(out.rglob("index.html"))
    found = [p for page in pages for data in blocks(page) for p in problems(data, str(page.relative_to(out)))]
    assert found == []


def test_every_page_with_breadcrumbs_has_a_breadcrumb_list(site_out):
    _, out = site_out
    for page in sorted(out.rglob("index.html")):
        if 'class="breadcrumbs"' in page.read_text(encoding="utf-8"):
            assert [b for b in blocks(page) if b["@type"] == "BreadcrumbList"], page


def test_every_entry_page_is_a_web_page_with_its_last_change(site_out):
    site, out = site_out
    for entry in all_entries(site):
        pages = [b for b in blocks(out / entry.url / "index.html") if b["@type"] == "WebPage"]
        assert len(pages) == 1, entry.url
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", pages[0]["dateModified"]), entry.url


def main_block(site_out, event) -> dict[str, Any]:
    _, out = site_out
    return next(b for b in blocks(out / event.url / "index.html") if b["@type"] == "WebPage")


def test_events_published_as_events_have_googles_required_properties(site_out):
    site, _ = site_out
    published = 0
    for event in site.events:
        about = main_block(site_out, event).get("mainEntity")
        if about is None:
            continue
        published += 1
        assert about["@type"] == "Event"
        assert about["name"] and about["startDate"] and about["location"], event.slug
        location = about["location"]
        assert location.get("address") if location["@type"] == "Place" else location.get("url"), event.slug


def test_no_event_date_is_more_precise_or_more_certain_than_the_entry(site_out):
    site, _ = site_out
    for event in site.events:
        data = main_block(site_out, event)
        if "mainEntity" in data:
            assert not event.date.qualified
            assert data["mainEntity"]["startDate"] == event.date.start.iso, event.slug
        else:
            assert data["temporalCoverage"] == event.date.edtf, event.slug


def test_an_uncertain_date_keeps_its_question_mark(site_out):
    site, _ = site_out
    event = next(e for e in site.events if e.slug == "uncertain")
    assert main_block(site_out, event)["temporalCoverage"].endswith("?")


def test_citations_are_on_the_page_not_the_event(site_out):
    site, _ = site_out
    for event in site.events:
        data = main_block(site_out, event)
        assert len(data.get("citation", [])) == len(event.sources), event.slug
        assert "citation" not in data.get("mainEntity", {}), event.slug


def test_the_index_is_a_website_with_a_search_action(site_out):
    _, out = site_out
    (site,) = [b for b in blocks(out / "index.html") if b["@type"] == "WebSite"]
    assert site["potentialAction"]["target"]["urlTemplate"].endswith("/search/?q={search_term_string}")


def test_the_data_page_describes_its_files_as_a_dataset(site_out):
    _, out = site_out
    (data,) = [b for b in blocks(out / "data" / "index.html") if b["@type"] == "Dataset"]
    for download in data["distribution"]:
        path = download["contentUrl"].removeprefix("http://127.0.0.1:8000/")
        assert (out / path).is_file(), path
