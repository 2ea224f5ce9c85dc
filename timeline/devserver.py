"""Previewing the site: a static server, and a dev server that rebuilds and reloads.

``serve`` serves a built folder (``/404.html`` for missing pages). ``devserver``
builds, then watches the content, the settings and the theme they choose (``THEME``);
on every save it rebuilds in a fresh process (so edits to templates and settings are
always picked up) and the open browser tab reloads itself. A save that changes only
an entry's text is shown at once, before that build ends: the dev server keeps the
checked site in memory and renders just the entry's pages (``preview.py``), serves
them, and says on the page that search and the data files catch up when the full
build is done; the build's files then replace them (they are compared, and a
difference is reported). When a build fails the last good site stays
in place and every page shows the errors, ``path:line: key: problem — fix``,
until the next save fixes them. The reload script is injected by this server
only; the built files never contain it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .preview import Preview

RELOAD_SCRIPT = b"""(function () {
  var seen = null;
  // a fixed banner, created on first use and removed when there is nothing to say
  function banner(id, tag, role, css, text) {
    var box = document.getElementById(id);
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement(tag);
      box.id = id;
      box.setAttribute("role", role);
      box.style.cssText = "position:fixed;margin:0;z-index:99;font-size:14px;line-height:1.4;" + css;
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  function show(error) {
    banner("devserver-errors", "pre", "alert", "inset:auto 0 0 0;max-height:50vh;overflow:auto;padding:1rem;" +
      "background:#7a0b0b;color:#fff;font-family:monospace;white-space:pre-wrap",
      error && "The last build failed; this is the previous version of the site.\\n\\n" + error);
  }
  function note(text) {
    banner("devserver-note", "p", "status", "inset:0 0 auto 0;padding:.4rem 1rem;background:#fff3c4;color:#222;" +
      "font-family:system-ui,sans-serif", text);
  }
  function poll() {
    fetch("/__dev/state", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version;
      show(state.error);
      note(state.note);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files, ``404.html`` for missing ones, and the dev endpoints when enabled."""

    state: dict | None = None  # set on a subclass by ``devserver``
    ahead: dict[str, bytes] | None = None  # pages shown before the full build has written them (by path)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the terminal for build messages

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = self._inject(page.read_bytes())
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def _inject(self, body: bytes) -> bytes:
        if self.state is None:
            return body
        return body.replace(b"</body>", b'<script src="/__dev/reload.js"></script></body>', 1)

    def do_GET(self) -> None:
        if self.state is not None and self.path.startswith("/__dev/"):
            if self.path.startswith("/__dev/reload.js"):
                self._send(RELOAD_SCRIPT, "text/javascript")
            else:
                self._send(json.dumps(self.state).encode(), "application/json")
            return
        if self.state is not None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            ahead = self.ahead.get(path.relative_to(self.directory).as_posix()) if self.ahead else None
            if ahead is not None:
                self._send(self._inject(ahead), "text/html; charset=utf-8")
                return
            if path.suffix == ".html" and path.is_file():
                self._send(self._inject(path.read_bytes()), "text/html; charset=utf-8")
                return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(
    output: Path, port: int, bind: str, state: dict | None = None, ahead: dict[str, bytes] | None = None
) -> ThreadingHTTPServer:
    handler = type("Handler", (_SiteHandler,), {"state": state, "ahead": ahead})
    return ThreadingHTTPServer((bind, port), functools.partial(handler, directory=str(output)))


def serve(output: Path, port: int = 8000, bind: str = "127.0.0.1") -> None:
    if not (output / "index.html").exists():
        print(f"{output} has no site yet: run 'make html' first", file=sys.stderr)
        raise SystemExit(1)
    server = make_server(output, port, bind)
    print(f"serving {output} on http://{bind}:{port}/ (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


def rebuild(settings: Path, content: Path, output: Path, state: dict) -> bool:
    """Build in a fresh process; record the errors if it fails. True if it succeeded."""
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "build", "-s", str(settings), "-i", str(content), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = "\n".join(
        line for line in (result.stderr + result.stdout).splitlines() if not line.startswith(("Done:", "and 0"))
    )
    if result.returncode == 0:
        state["error"] = ""
        return True
    state["error"] = messages.strip() or "the build failed"
    print(state["error"], file=sys.stderr, flush=True)
    return False


QUICK_NOTE = "Quick preview of your edit: search and the data files catch up when the full build is done."


class DevSession:
    """What the dev server shows: the built site, and the pages of a quick preview until the next build ends.

    Saves arrive on the watching thread (``saved``); full builds run one at a time on
    another (``build_loop``), a save during a build asking for one more. The checked
    site the quick path needs (``preview.Preview``) is loaded after a build, and again
    after any save the quick path could not show.
    """

    def __init__(self, settings: Path, content: Path, output: Path) -> None:
        self.settings, self.content, self.output = settings, content, output
        # version: bumped when the page must reload; preview: whether a save of text can be shown at once
        self.state: dict = {"version": 0, "error": "", "note": "", "preview": False}
        self.ahead: dict[str, bytes] = {}  # served instead of the built file, until the build is done
        self.lock = threading.Lock()
        self.wanted = threading.Event()
        self.preview: Preview | None = None
        self.stale = True  # the preview (if any) no longer matches the content

    def saved(self, changes: set[tuple[object, str]]) -> None:
        """A save: show it at once if only an entry's text changed, and ask for a full build."""
        quick = None
        paths = {Path(path) for _, path in changes}
        entries = [path for path in paths if path.suffix == ".md"]  # an editor's swap files do not count
        inside = all(path.resolve().is_relative_to(self.content.resolve()) for path in paths)
        if len(entries) == 1 and inside and self.preview is not None and not self.stale:
            try:
                quick = self.preview.quick(entries[0])
            except Exception as error:  # the quick path is an optimisation: the full build decides
                print(f"quick preview skipped ({type(error).__name__}: {error})", file=sys.stderr, flush=True)
        with self.lock:
            if quick is None:
                self.stale, self.state["preview"] = True, False
            elif quick.errors:
                self.state["error"] = "\n".join(quick.errors)
            else:
                self.ahead.update(quick.pages)
                self.state["error"], self.state["note"] = "", QUICK_NOTE
                self.state["version"] += 1
                print(f"shown (version {self.state['version']}): {', '.join(sorted(quick.pages))}", flush=True)
        self.wanted.set()

    def build_loop(self) -> None:
        """Run a full build whenever one is wanted; then retire the quick pages and reload the preview."""
        while True:
            if self.stale and not self.wanted.is_set():
                self.load_preview()
            self.wanted.wait()
            self.wanted.clear()
            self.build_once()

    def build_once(self) -> None:
        with self.lock:
            shown = dict(self.ahead)
        built = rebuild(self.settings, self.content, self.output, self.state)
        with self.lock:
            same = built and all(_read(self.output / path) == page for path, page in shown.items())
            if built and shown and not same:
                print("the quick preview differed from the full build: the build's pages are shown", flush=True)
            for path in shown:
                if self.ahead.get(path) is shown[path]:
                    del self.ahead[path]
            if not self.ahead:
                self.state["note"] = ""
            if built and not (shown and same):
                self.state["version"] += 1
                print(f"rebuilt (version {self.state['version']})", flush=True)

    def load_preview(self) -> None:
        """Load the checked site for the quick path (from the content as it is now; errors leave none)."""
        try:
            preview = Preview(self.settings, self.content, self.output)
        except Exception as error:  # no quick path for now; every save takes the full build
            print(f"quick preview unavailable ({type(error).__name__})", file=sys.stderr, flush=True)
            return
        with self.lock:
            self.preview, self.stale = preview, self.wanted.is_set()
            self.state["preview"] = not self.stale


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def devserver(settings: Path, content: Path, output: Path, port: int = 8000, bind: str = "127.0.0.1") -> None:
    from watchfiles import watch

    session = DevSession(settings, content, output)
    session.build_once()
    server = make_server(output, port, bind, session.state, session.ahead)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=session.build_loop, daemon=True).start()
    print(f"dev server on http://{bind}:{port}/ — edit and save; Ctrl-C to stop", flush=True)
    try:
        while True:
            theme = theme_folder(settings, content)
            watched = [p for p in (content, theme, settings) if p.exists()]
            for changes in watch(*watched, debounce=300, step=100):
                session.saved(changes)
                if theme_folder(settings, content) != theme:
                    break  # the settings now name another theme: watch that one instead
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def theme_folder(settings: Path, content: Path) -> Path:
    """The folder of the theme the settings choose (``THEME``, the engine's own by default).

    While the settings file fails, the engine's theme: the rebuild reports the error.
    """
    from .build import InputError, pelican_settings
    from .settings import DEFAULT_THEME

    try:
        return Path(pelican_settings(settings, content, content.parent / "output")["THEME"])
    except InputError:
        return DEFAULT_THEME
