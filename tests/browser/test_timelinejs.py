"""The site's ``timeline.json`` loaded, unchanged, into TimelineJS 3 (npm @knight-lab/timelinejs) in chromium.

The second test builds a tree whose thread title, event titles and summaries are
hostile (entity-encoded markup, quotes, ``</title>``, a ``www.`` link that would
smuggle attributes through TimelineJS's autolinker) and checks that TimelineJS runs
none of it and shows each value as the literal text the site's own pages show.
"""

from __future__ import annotations

import calendar
import json
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SETTINGS
from .helpers import ROOT, SiteServer

pytestmark = pytest.mark.browser

TIMELINEJS = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="css/timeline.css"><script src="js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1000px; height: 640px"></div>
<script>window.loaded = null; window.timeline = new TL.Timeline("timeline", "timeline.json");
window.timeline.on("loaded", function (data) { window.loaded = data; });</script></body></html>
"""


def timelinejs_page(site_dir: Path, folder: Path) -> Path:
    """A page in ``folder`` that loads ``site_dir``'s timeline.json, unchanged, into TimelineJS."""
    shutil.copytree(TIMELINEJS / "js", folder / "js")
    shutil.copytree(TIMELINEJS / "css", folder / "css")
    shutil.copy(site_dir / "timeline.json", folder / "timeline.json")
    (folder / "index.html").write_text(PAGE)
    return folder


def open_timeline(browser, server: SiteServer, errors: list[str]):
    page = browser.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url + "/")
    page.wait_for_function("window.loaded !== null", timeout=20_000)
    return page


def test_timeline_json_loads_into_timelinejs(site_dir: Path, tmp_path: Path, browser) -> None:
    timelinejs_page(site_dir, tmp_path)
    ours = json.loads((site_dir / "timeline.json").read_text())
    with SiteServer(tmp_path, csp=False) as server:
        errors: list[str] = []
        page = open_timeline(browser, server, errors)
        loaded_ids = page.evaluate("window.timeline.config.events.map(e => e.unique_id)")
        # every event arrives, in our chronological order (TimelineJS sorts by start date; ties keep our order)
        assert sorted(loaded_ids) == sorted(e["unique_id"] for e in ours["events"])
        assert page.locator(".tl-slide").count() == len(ours["events"]) + 1  # plus the title slide
        shown_dates = page.locator(".tl-headline-date").all_inner_texts()
        for event in ours["events"]:
            if "display_date" in event:  # approximate, uncertain and interval dates keep our wording
                assert event["display_date"] in shown_dates, event["unique_id"]
        # a month is shown as a month: TimelineJS never invents the day our data leaves out
        month_only = next(
            e
            for e in ours["events"]
            if "day" not in e["start_date"] and "month" in e["start_date"] and "end_date" not in e
        )
        start = month_only["start_date"]
        expected = f"{calendar.month_name[int(start['month'])]} {start['year']}"
        assert page.locator(f"[id='{month_only['unique_id']}'] .tl-headline-date").first.inner_text() == expected
        page.close()
    assert errors == []


# -- hostile values -------------------------------------------------------------------------
MINI = ROOT / "tests" / "fixtures" / "mini"
# Each payload, if TimelineJS turned it into markup, sets window.__pwned to where it came from.
THREAD_TITLE = "&lt;img src=x onerror=window.__pwned='group'&gt; \"double\" 'single' &amp; </title>"
HEADLINE = "&lt;img src=x onerror=window.__pwned='headline'&gt; \"double\" 'single' &lt;/script&gt;"
SUMMARY = "&lt;svg onload=window.__pwned='text'&gt; \"double\" 'single' java&#115;cript&#58;void(0)"
# TimelineJS's autolinker copies everything after "www." up to a blank into href='…': attributes
# and an animation of TimelineJS's own stylesheet would run the handler without any click.
AUTOLINK = "See www.example.org'style='animation-name:rotateplane'onanimationstart='window.__pwned=1' now"
SITE_SLUG = "nagorno-karabakh-a-diplomatic-timeline"  # what TimelineJS would make of the site name
INJECTED = (
    "#timeline img, #timeline svg, #timeline [onerror], #timeline [onload], "
    "#timeline [onanimationstart], #timeline a.tl-makelink"
)


def hostile_event(title: str, date: str, summary: str, threads: str) -> str:
    """An event entry whose values are JSON strings (YAML reads them verbatim)."""
    return (
        f"---\ntitle: {json.dumps(title)}\ndate: {json.dumps(date)}\nsummary: {json.dumps(summary)}\n"
        f"actors: [leader-a]\nthreads: {threads}\nsources:\n  - title: Report\n    publisher: Example News\n"
        "    url: https://news.example.org/report\n---\nBody.\n"
    )


@pytest.fixture
def hostile_site(tmp_path: Path) -> Path:
    """The mini fixture plus a hostile thread and three events, built with the real command."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "threads" / "hostile.md").write_text(f"---\ntitle: {json.dumps(THREAD_TITLE)}\n---\n")
    events = {
        "hostile-headline": hostile_event(HEADLINE, "2016-04-01/2016-04-05", SUMMARY, "[hostile]"),
        "hostile-autolink": hostile_event("Autolink", "2016-04-02", AUTOLINK, "[]"),
        SITE_SLUG: hostile_event("Named like the site", "2016-04-03", "Same slug as the title slide.", "[talks]"),
    }
    for slug, text in events.items():
        (content / "events" / f"{slug}.md").write_text(text)
    out = tmp_path / "output"
    command = [sys.executable, "-m", "timeline", "build", "-s", str(SETTINGS), "-i", str(content), "-o", str(out)]
    result = subprocess.run(
        [*command, "--no-search"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_hostile_values_are_text_in_timelinejs(hostile_site: Path, tmp_path: Path, browser) -> None:
    timelinejs_page(hostile_site, tmp_path / "page")
    ours = json.loads((hostile_site / "timeline.json").read_text())
    with SiteServer(tmp_path / "page", csp=False) as server:
        errors: list[str] = []
        page = open_timeline(browser, server, errors)
        # every slide is rendered by the time TimelineJS says "loaded"; showing each runs its animations too
        for slug in ("hostile-headline", "hostile-autolink", SITE_SLUG):
            page.evaluate("slug => window.timeline.goToId(slug)", slug)
            page.wait_for_timeout(1_200)  # the slide transition (1 s) and the animations it starts
        assert page.evaluate("window.__pwned === undefined"), f"script ran: {page.evaluate('window.__pwned')}"
        assert page.locator(INJECTED).evaluate_all("els => els.map(e => e.outerHTML)") == []
        # every slide keeps our id, the title slide's included (TimelineJS renames a clash)
        loaded_ids = page.evaluate("window.timeline.config.events.map(e => e.unique_id)")
        assert sorted(loaded_ids) == sorted(e["unique_id"] for e in ours["events"])
        for slug in loaded_ids:
            assert page.locator(f"[id='{slug}'].tl-slide").count() == 1, slug
            assert page.locator(f"[id='{slug}-marker']").count() == 1, slug
        # the reader sees each value as written, as on the site's own pages
        groups = page.locator(".tl-timegroup-message").all_inner_texts()
        assert THREAD_TITLE in groups
        slide = page.locator("[id='hostile-headline'].tl-slide")
        assert slide.locator(".tl-headline").inner_text() == HEADLINE
        assert slide.locator(".tl-headline-date").inner_text() == "1–5 April 2016"
        assert slide.locator(".tl-text-content p").first.inner_text() == SUMMARY
        assert page.locator("[id='hostile-headline-marker'] .tl-headline").inner_text() == HEADLINE
        autolink = page.locator("[id='hostile-autolink'].tl-slide .tl-text-content p").first
        assert autolink.inner_text() == AUTOLINK
        assert page.locator("[id='_title'] .tl-headline").inner_text() == runpy.run_path(str(SETTINGS))["SITENAME"]
        page.close()
    assert errors == []
