"""``make screenshots`` (``python -m benchmarks.screenshots``): how key pages look, for a reviewer.

Builds the site, serves it on 127.0.0.1 and writes full-page PNG screenshots of the
index, an event, an actor and a year page at a phone's width (390 px) and a
laptop's (1366 px), in the light and the dark colour scheme, with Debian's
chromium driven by Playwright: 16 files named ``<page>-<width>-<scheme>.png``.
The pages chosen are the richest of their kind (most quotes, sources and
participants; most events), so that every part of their template shows.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from pathlib import Path

from timeline import model
from timeline.build import build
from timeline.devserver import make_server
from timeline.site import load_site

from . import ROOT, SETTINGS

WIDTHS = (390, 1366)
SCHEMES = ("light", "dark")
HEIGHT = 900  # the viewport's height: what shows before scrolling; the screenshot is the whole page
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"]


def richest_event(site: model.Site) -> model.Event:
    """The event whose page has most to show: quotes, participants, citations, sources, threads."""

    def weight(event: model.Event) -> tuple:
        parts = (event.quotes, event.participants, event.sources, event.thread_steps, event.date_note)
        return (sum(1 for part in parts if part), len(event.quotes) + len(event.sources), event.slug)

    return max(site.events, key=weight)


def pages_of(site: model.Site) -> dict[str, str]:
    """The site path of each page photographed."""
    actor = max(site.actors.values(), key=lambda a: (len(a.events), a.slug))
    busiest_year = max(site.years, key=lambda year: sum(1 for e in site.events if year in e.date.years))
    return {
        "index": "/",
        "event": "/" + richest_event(site).url,
        "actor": "/" + actor.url,
        "year": f"/years/{busiest_year}/",
    }


def shoot(base_url: str, pages: dict[str, str], out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for width in WIDTHS:
                for scheme in SCHEMES:
                    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in pages.items():
                        page.goto(base_url + path, wait_until="networkidle")
                        target = out / f"{name}-{width}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                    context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    site, _ = load_site(args.content)
    pages = pages_of(site)
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "site"
        build(SETTINGS, args.content, output)
        server = make_server(output, 0, "127.0.0.1")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            written = shoot(f"http://127.0.0.1:{server.server_address[1]}", pages, args.out)
        finally:
            server.shutdown()
            server.server_close()
    for name, path in pages.items():
        print(f"{name}: {path}")
    print(f"{len(written)} screenshots in {args.out}/")


if __name__ == "__main__":
    main()
