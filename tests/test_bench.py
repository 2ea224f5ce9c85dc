"""Smoke test of the benchmark (``benchmarks/``): its corpus and its stock-Pelican conversion (no timings)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from benchmarks.baselines import to_pelican
from benchmarks.corpus import MONTHS, generate
from benchmarks.runners import devserver_latency, output_stats, run_child
from timeline.frontmatter import parse
from timeline.site import load_site

N = 30
RAW_FORMS = {  # a date form -> a check on the date as written in the file
    "year": lambda t: t.isdigit() and len(t) == 4,
    "month": lambda t: len(t) == 7 and t[4] == "-",
    "day": lambda t: len(t) == 10 and t[4] == "-" and "/" not in t,
    "year-interval": lambda t: len(t) == 9 and t[4] == "/",
    "day-interval": lambda t: len(t) == 21 and t[10] == "/",
    "approximate": lambda t: t.endswith("~"),
    "uncertain": lambda t: t.endswith("?"),
    "month-name": lambda t: t.split()[0] in MONTHS and len(t.split()) == 2,
    "short-month": lambda t: len(t.split()[0]) == 3 and len(t.split()) == 2,
    "day-month-name": lambda t: len(t.split()) == 3 and t.split()[1] in MONTHS,
    "year-range": lambda t: len(t) == 9 and t[4] == "-",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    stats = generate(N, root)
    assert stats.events == N
    return root


def test_corpus_passes_the_check(corpus: Path) -> None:
    site, report = load_site(corpus)  # raises ContentError on any error
    assert (report.errors, report.warnings) == ([], [])
    assert len(site.events) == N
    assert all(len(event.actors) >= 2 for event in site.events)
    assert all(1 <= len(event.sources) <= 4 for event in site.events)
    assert sum(len(event.relations) for event in site.events) > 0
    assert any('href="/actors/' in event.body_html for event in site.events)


def test_every_date_form_occurs(corpus: Path) -> None:
    written = [str(parse(p, p.read_bytes()).meta["date"]) for p in sorted((corpus / "events").glob("*.md"))]
    for form, matches in RAW_FORMS.items():
        assert any(matches(text) for text in written), form


def test_relations_and_quotes_are_consistent(corpus: Path) -> None:
    quotes = relations = 0
    for path in sorted((corpus / "events").glob("*.md")):
        meta = parse(path, path.read_bytes()).meta
        urls = {source["url"] for source in meta["sources"]}
        for quote in meta.get("quotes") or []:
            quotes += 1
            assert quote["source"] in urls
            assert quote["speaker"] in meta["actors"]
        for relation in meta.get("related") or []:
            relations += 1
            assert relation["event"] != path.stem
            assert (corpus / "events" / f"{relation['event']}.md").exists()
    assert quotes and relations


def test_generation_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    generate(N, tmp_path)
    for path in sorted(corpus.rglob("*.md")):
        assert (tmp_path / path.relative_to(corpus)).read_bytes() == path.read_bytes()


def test_stock_pelican_conversion_builds(corpus: Path, tmp_path: Path) -> None:
    settings = to_pelican(corpus, tmp_path / "site")
    articles = sorted((tmp_path / "site" / "content").glob("*.md"))
    assert len(articles) == N
    text = articles[0].read_text("utf-8")
    assert text.startswith("Title: ") and "\nDate: " in text and "](actor:" not in text
    # a child process, as in the benchmark: Pelican's signals are global to a process
    output = tmp_path / "out"
    command = [sys.executable, "-m", "pelican", str(tmp_path / "site" / "content"), "-s", str(settings),
               "-o", str(output), "--fatal", "errors"]  # fmt: skip
    sample = run_child(command, tmp_path / "site", tmp_path / "pelican.log")
    assert sample.cpu > 0 and sample.maxrss_mb > 0
    for article in articles:
        assert (output / f"{article.stem}.html").is_file()
    assert output_stats(output)["pages"] > N


def test_the_phases_of_a_build_are_measured(corpus: Path) -> None:
    """The in-process phases follow the engine's pipeline: they run on a corpus without an error."""
    from benchmarks.phases import phases

    result = phases(corpus)
    assert result["build_s"] > 0 and result["load_site_s"] > 0 and 0 < result["dates_and_references_share"] < 1


def test_the_dev_server_latency_is_measured(corpus: Path, tmp_path: Path) -> None:
    """The benchmark's dev server figure: saves shown over HTTP (the text edits by the quick preview)."""
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    figures = devserver_latency(content, tmp_path, tmp_path / "devserver.log", edits=2)
    assert len(figures["text_edit_s"]) == 2 and figures["title_edit_s"] > 0
