"""Previewing the site: a static server, and a dev server that rebuilds and reloads.

``serve`` serves a built folder (``/404.html`` for missing pages). ``devserver``
builds, then watches the content, the settings and the theme they choose (``THEME``);
on every save it rebuilds in a fresh process (so edits to templates and settings are
always picked up) and the open browser tab reloads itself. When a build fails the last good site stays
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

RELOAD_SCRIPT = b"""(function () {
  var seen = null;
  function show(text) {
    var box = document.getElementById("devserver-errors");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "devserver-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;" +
        "padding:1rem;background:#7a0b0b;color:#fff;font:14px/1.4 monospace;z-index:99;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The last build failed; this is the previous version of the site.\\n\\n" + text;
  }
  function poll() {
    fetch("/__dev/state", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version;
      show(state.error);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files, ``404.html`` for missing ones, and the dev endpoints when enabled."""

    state: dict | None = None  # set on a subclass by ``devserver``

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


def make_server(output: Path, port: int, bind: str, state: dict | None = None) -> ThreadingHTTPServer:
    handler = type("Handler", (_SiteHandler,), {"state": state})
    return ThreadingHTTPServer((bind, port), functools.partial(handler, directory=str(output)))


def serve(output: Path, port: int = 8000, bind: str = "127.0.0.1") -> None:
    if not (output / "index.html").exists():
        print(f"{output} has no site yet: run 'make html' first", file=sys.stderr)
        raise SystemExit(1)
    server = make_server(output, port, bind)
    print(f"serving {output} on http://{bind}:{port}/ (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


def rebuild(settings: Path, content: Path, output: Path, state: dict) -> None:
    """Build in a fresh process; record success (new version) or the errors."""
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
        state["version"] += 1
        state["error"] = ""
        print(f"rebuilt (version {state['version']})", flush=True)
    else:
        state["error"] = messages.strip() or "the build failed"
        print(state["error"], file=sys.stderr, flush=True)


def devserver(settings: Path, content: Path, output: Path, port: int = 8000, bind: str = "127.0.0.1") -> None:
    from watchfiles import watch

    state = {"version": 0, "error": ""}
    rebuild(settings, content, output, state)
    server = make_server(output, port, bind, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"dev server on http://{bind}:{port}/ — edit and save; Ctrl-C to stop", flush=True)
    try:
        while True:
            theme = theme_folder(settings, content)
            watched = [p for p in (content, theme, settings) if p.exists()]
            for _changes in watch(*watched, debounce=300, step=100):
                rebuild(settings, content, output, state)
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
