"""Shared pieces of the browser tests: the local HTTP server and a page watcher.

The server serves a built site from 127.0.0.1 the way a static host would:
``404.html`` (with status 404) for missing paths and, when asked, a real
``Content-Security-Policy`` header on top of each page's ``<meta http-equiv>``.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from timeline import model
from timeline.kinds import LISTED

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
CSP_HEADER = "default-src 'self'"
CSP_HEADER_SEARCH = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"

PAGE_KINDS = (
    "index", "event", "actor", "document", "place", "thread", "publisher", "term", "year", "sources", "search",
    "data", "meetings", "glossary", "corrections", "404",
)  # fmt: skip

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
]


def csp_for(path: str) -> str:
    """The header policy for a request path: search and Pagefind may compile WebAssembly."""
    if path.startswith(("/search/", "/pagefind/")) or path in ("/search", "/pagefind"):
        return CSP_HEADER_SEARCH
    return CSP_HEADER


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, ``404.html`` for anything missing, optional CSP headers, no logging."""

    send_csp = True

    def end_headers(self) -> None:
        if "LinkChecker/" in self.headers.get("User-Agent", ""):
            self.send_header("LinkChecker", "local test server")  # lets LinkChecker lift its rate limit
        if self.send_csp:
            self.send_header("Content-Security-Policy", csp_for(urlsplit(self.path).path))
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Clients that hang up early (LinkChecker reads only headers of non-HTML files) are not errors."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """A threaded HTTP server for ``root`` on a free port of 127.0.0.1."""

    def __init__(self, root: Path, *, csp: bool = True) -> None:
        handler = type("Handler", (SiteHandler,), {"send_csp": csp})
        self.httpd = QuietServer((HOST, 0), functools.partial(handler, directory=str(root)))
        self.port = self.httpd.server_address[1]
        self.url = f"http://{HOST}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@dataclass(repr=False)
class Watch:
    """What a page did: console messages, uncaught errors and every request it made."""

    console: list = field(default_factory=list)  # (type, text, url)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Watch: {len(self.console)} console messages, {len(self.requests)} requests>"

    def attach(self, page) -> None:
        page.on("console", lambda m: self.console.append((m.type, m.text, (m.location or {}).get("url", ""))))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))

    def clear(self) -> None:
        self.console.clear()
        self.page_errors.clear()
        self.requests.clear()
        self.failed.clear()

    @staticmethod
    def short(text: str) -> str:
        """A console message fit for a report: long data: URLs cut down."""
        return re.sub(r"'(data:[^ ']{0,30})[^ ]*.*?' (violates|because)", r"'\1…' \2", text)[:600]

    def errors(self, allow_404_for: str | None = None) -> list[str]:
        """Console errors, except the browser's own note that ``allow_404_for`` answered 404."""
        found = []
        for kind, text, url in self.console:
            if kind != "error":
                continue
            if allow_404_for and url == allow_404_for and "status of 404" in text:
                continue
            found.append(f"{self.short(text)} [{url}]")
        return found

    def csp_violations(self) -> list[str]:
        return [f"{self.short(text)} [{url}]" for _, text, url in self.console if "Content Security Policy" in text]

    def foreign_requests(self, origin: str) -> list[str]:
        """Requests to anything but the local server (data: URLs stay inside the page)."""
        return [url for url in self.requests if not (url.startswith(origin + "/") or url.startswith("data:"))]


def visible_text(page, selector: str) -> str:
    """Text of ``selector`` as a sighted reader sees it: without ``.visually-hidden`` parts."""
    return page.eval_on_selector(
        selector,
        """element => {
            const copy = element.cloneNode(true);
            copy.querySelectorAll('.visually-hidden').forEach(hidden => hidden.remove());
            return copy.textContent.replace(/\\s+/g, ' ').trim();
        }""",
    )


def first_with_events(entities: dict) -> model.Entry:
    """An entity that some event names (a richer page), else any."""
    ordered = sorted(entities.values(), key=lambda e: e.slug)
    assert ordered, "the content has no entity of this kind"
    return next((e for e in ordered if getattr(e, "events", None)), ordered[0])


def path_of(site: model.Site, kind: str) -> str:
    """A representative page of each kind, as a site path."""
    if kind == "index":
        return "/"
    if kind == "event":
        return "/" + site.events[len(site.events) // 2].url
    if kind in LISTED:
        return "/" + first_with_events(site.entities(kind)).url
    if kind == "positions":  # a document whose elements each side reads: the side-by-side table
        documents = [d for d in site.documents.values() if d.elements]  # type: ignore[attr-defined]
        assert documents, "no document declares elements"
        return "/" + documents[0].url
    if kind == "year":
        return f"/years/{site.years[0]}/"
    if kind == "404":
        return "/no-such-page/"
    if kind == "page":
        assert site.pages, "the content has no text page"
        return "/" + sorted(site.pages.values(), key=lambda p: p.slug)[0].url
    return f"/{kind}/"


def settle(page, kind: str) -> None:
    """Let scripted pages finish their requests (static pages are done at "load")."""
    if kind in ("index", "search"):
        page.wait_for_load_state("networkidle")


def open_page(page, base_url: str, path: str, status: int = 200):
    response = page.goto(base_url + path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    return response
