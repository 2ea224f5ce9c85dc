"""What pages weigh as a reader's phone downloads them (issue 15: the front page; issue 17: every page, any size).

Weights are measured the way ``make lighthouse`` reports them (``benchmarks.lighthouse.transfer_weight``):
the page's HTML plus every stylesheet and script it links from the site, each file gzipped at level 9,
in KB of 1,024 bytes. A page's own size is its HTML file as written, uncompressed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import generate
from benchmarks.lighthouse import transfer_weight
from timeline.build import build

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
KB = 1024
INDEX_BUDGET = 30 * KB  # issue 15: the front page, HTML + CSS + JS, gzipped
PAGE_LIMIT = 250 * KB  # issue 17: no page, at any size from 100 to 10,000 events
# around the index's thresholds (every event listed up to 100, drawn one by one up to 150), the old
# worst case (400: every event listed, and drawn, up to 500) and past the old limit (600)
SIZES = (100, 150, 400, 600)

pytestmark = pytest.mark.xdist_group("weight")  # one worker builds each size once


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    """The synthetic corpus of the benchmarks at ``n`` events, built once per size."""
    built: dict[int, Path] = {}

    def site(n: int) -> Path:
        if n not in built:
            folder = tmp_path_factory.mktemp(f"corpus-{n}")
            generate(n, folder / "content")
            build(SETTINGS, folder / "content", folder / "output", search=False)
            built[n] = folder / "output"
        return built[n]

    return site


def test_this_sites_front_page_weighs_at_most_30_kb_gzipped(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build(SETTINGS, ROOT / "content", output, search=False)
    weight = transfer_weight(output, "")
    assert weight["css"] > 0, "the index's stylesheet was not counted"
    assert weight["total"] <= INDEX_BUDGET, f"the index weighs {weight['total'] / KB:.1f} KB gzipped: {weight}"


@pytest.mark.parametrize("events", SIZES)
def test_no_page_exceeds_250_kb(synthetic, events: int) -> None:
    output = synthetic(events)
    heavy = {
        str(page.relative_to(output)): round(page.stat().st_size / KB)
        for page in output.rglob("*.html")
        if page.stat().st_size > PAGE_LIMIT
    }
    assert not heavy, f"pages over 250 KB at {events} events (KB): {heavy}"


@pytest.mark.parametrize("events", SIZES)
def test_the_front_page_stays_within_a_phones_budget_at_every_size(synthetic, events: int) -> None:
    weight = transfer_weight(synthetic(events), "")
    assert weight["total"] <= INDEX_BUDGET, f"the index weighs {weight['total'] / KB:.1f} KB gzipped: {weight}"
