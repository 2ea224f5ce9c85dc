"""The site's ``timeline.json`` loaded, unchanged, into TimelineJS 3 (npm @knight-lab/timelinejs) in chromium."""

from __future__ import annotations

import calendar
import json
import shutil
from pathlib import Path

import pytest

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


def test_timeline_json_loads_into_timelinejs(site_dir: Path, tmp_path: Path, browser) -> None:
    shutil.copytree(TIMELINEJS / "js", tmp_path / "js")
    shutil.copytree(TIMELINEJS / "css", tmp_path / "css")
    shutil.copy(site_dir / "timeline.json", tmp_path / "timeline.json")
    (tmp_path / "index.html").write_text(PAGE)
    ours = json.loads((site_dir / "timeline.json").read_text())
    with SiteServer(tmp_path, csp=False) as server:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url + "/")
        page.wait_for_function("window.loaded !== null", timeout=20_000)
        loaded_ids = page.evaluate("window.timeline.config.events.map(e => e.unique_id)")
        # every event arrives, in our chronological order (TimelineJS sorts by start date; ties keep our order)
        assert sorted(loaded_ids) == sorted(e["unique_id"] for e in ours["events"])
        assert page.locator(".tl-slide").count() == len(ours["events"]) + 1  # plus the title slide
        shown_dates = page.locator(".tl-headline-date").all_inner_texts()
        for event in ours["events"]:
            if "display_date" in event:  # approximate, uncertain and interval dates keep our wording
                assert event["display_date"] in shown_dates, event["unique_id"]
        # a month is shown as a month: TimelineJS never invents the day our data leaves out
        month_only = next(e for e in ours["events"] if "day" not in e["start_date"] and "month" in e["start_date"])
        start = month_only["start_date"]
        expected = f"{calendar.month_name[int(start['month'])]} {start['year']}"
        assert page.locator(f"[id='{month_only['unique_id']}'] .tl-headline-date").first.inner_text() == expected
        page.close()
    assert errors == []
