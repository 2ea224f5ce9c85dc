"""``make sources-check`` (``tools/sources_check.py``) offline: a local server plays the sources and the archive.

The server on 127.0.0.1 answers as real sites do: 200, a 301 to another path, a
404, an answer slower than the timeout, a server that refuses HEAD (405) and one
that hangs up on it, plus a port where nothing listens. It also imitates the
Wayback Machine's availability API, with a snapshot of one dead address and none
of the others. A small content tree cites all of them; the command runs as a
maintainer runs it (``python -m tools.sources_check``, then ``make sources-check``)
and the report must say exactly what happened to each citation, at its file and
line, without touching the content.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from _content import write
from _make import ROOT, make

from tools import sources_check
from tools.sources_check import USER_AGENT

SLOW_S, TIMEOUT_S = 3.0, 0.5  # the slow page answers well after the command stops waiting
SNAPSHOT_STAMP = "20190304120000"


class _Handler(BaseHTTPRequestHandler):
    """The imitated sources and availability API; every request is written into ``server.log``."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet: the log below is what the test reads
        pass

    def _answer(self, code: int, body: bytes = b"<p>page</p>", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html" if not body.startswith(b"{") else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self) -> None:
        path, _, query = self.path.partition("?")
        self.server.record(self.command, self.path, self.headers.get("User-Agent", ""))
        if path == "/wayback/available":
            self._wayback(urllib.parse.parse_qs(query))
        elif path in ("/ok", "/new", "/archived-copy"):
            self._answer(200)
        elif path == "/old":
            self._answer(301, headers={"Location": "/new"})
        elif path == "/gone":
            self._answer(404)
        elif path == "/slow":
            time.sleep(SLOW_S)
            self._answer(200)
        elif path == "/no-head":  # refuses HEAD as many servers do
            self._answer(405 if self.command == "HEAD" else 200, headers={"Allow": "GET"})
        elif path == "/no-head-hangup" and self.command == "HEAD":  # drops the connection instead of answering
            self.close_connection = True
        elif path == "/no-head-hangup":
            self._answer(200)
        else:
            self._answer(500)

    def _wayback(self, query: dict[str, list[str]]) -> None:
        url = query["url"][0]
        snapshots = {}
        if url.endswith("/gone"):
            snapshots = {"closest": {"status": "200", "available": True, "timestamp": SNAPSHOT_STAMP,
                                     "url": f"http://web.archive.org/web/{SNAPSHOT_STAMP}/{url}"}}  # fmt: skip
        self._answer(200, json.dumps({"url": url, "archived_snapshots": snapshots}).encode())

    do_GET = do_HEAD = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # the slow handler may still sleep when the test is over

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.log: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()

    def record(self, method: str, path: str, agent: str) -> None:
        with self.lock:
            self.log.append((method, path, agent))

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the slow page writes to a client that stopped waiting: expected, not worth a traceback

    def requests(self, path: str) -> list[str]:
        """The methods used for ``path`` (without query), in order."""
        return [method for method, seen, _ in self.log if seen.partition("?")[0] == path]

    def lookups(self) -> dict[str, str]:
        """Address -> timestamp of every availability API request."""
        found = {}
        for _, seen, _ in self.log:
            path, _, query = seen.partition("?")
            if path == "/wayback/available":
                values = urllib.parse.parse_qs(query)
                found[values["url"][0]] = values.get("timestamp", [""])[0]
        return found


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _source(title: str, url: str, date: str = "", archived: str = "") -> str:
    text = f"  - title: {title}\n    publisher: Example News\n"
    text += f'    date: "{date}"\n' if date else ""
    return text + f"    url: {url}\n" + (f"    archived: {archived}\n" if archived else "")


def _content(root: Path, base: str, refused: str) -> Path:
    """The cited tree; the line of every key is counted in the comments of the test below."""
    content = root / "content"
    head = '---\ntitle: {}\ndate: "2019-03-05"\nsummary: One sentence.\nsources:\n'  # sources: on line 5
    write(content, "events/alpha.md", head.format("Alpha")
          + _source("Fine", f"{base}/ok", archived=f"{base}/archived-copy")  # url 8, archived 9
          + _source("Moved", f"{base}/old")  # url 12
          + _source("Gone", f"{base}/gone", date="2019-03-04")  # date 15, url 16
          + "---\nBody.\n")  # fmt: skip
    write(content, "events/beta.md", head.format("Beta")
          + _source("Slow", f"{base}/slow")  # url 8
          + _source("No HEAD", f"{base}/no-head")  # url 11
          + _source("Hangs up on HEAD", f"{base}/no-head-hangup")  # url 14
          + _source("Nobody there", refused)  # url 17
          + _source("Gone again", f"{base}/gone", date="2019-03-04")  # url 21
          + "---\nBody.\n")  # fmt: skip
    write(content, "documents/gamma.md", f"---\nname: Gamma\nkind: draft\nurl: {base}/old\n---\nText.\n")  # url 4
    return content


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _offline_env() -> dict[str, str]:
    """The environment without proxies: the local server must be asked directly."""
    env = {name: value for name, value in os.environ.items() if "proxy" not in name.lower()}
    env["NO_PROXY"] = env["no_proxy"] = "*"
    return env


def _rows(report: dict) -> dict[tuple[str, int], dict]:
    """``(file relative to the content, line) -> row`` of every citation in the JSON report."""
    found = {}
    for entry in report["entries"]:
        name = entry["file"].replace("\\", "/").split("content/", 1)[1]
        for row in entry["links"]:
            found[(name, row["line"])] = row
    return found


def test_the_report_says_what_happened_to_every_citation(server: _Server, tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{server.server_port}"
    refused = f"http://127.0.0.1:{_closed_port()}/nobody"
    content = _content(tmp_path, base, refused)
    before = _tree_digest(content)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "tools.sources_check", "content", "--out", "report", "--timeout", str(TIMEOUT_S),
         "--wayback-api", f"{base}/wayback/available"],
        cwd=tmp_path, env={**_offline_env(), "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr  # dead links found
    assert "3 dead, 1 moved, 4 fine of 8 addresses" in result.stdout, result.stdout
    assert elapsed < SLOW_S + 10  # the slow page was given up on, not waited for
    assert _tree_digest(content) == before  # nothing in the content was changed
    assert sorted(path.name for path in (tmp_path / "report").iterdir()) == ["report.json", "report.md"]

    report = json.loads((tmp_path / "report" / "report.json").read_text("utf-8"))
    assert report["summary"] == {
        "entries": 3, "citations": 10, "addresses": 8,
        "ok": 4, "ok_citations": 4, "moved": 1, "moved_citations": 2, "dead": 3, "dead_citations": 4,
        "snapshots_found": 1, "answered": 6,
    }  # fmt: skip
    rows = _rows(report)
    assert {key: (row["key"], row["status"]) for key, row in rows.items()} == {
        ("events/alpha.md", 8): ("sources[0].url", "ok"),
        ("events/alpha.md", 9): ("sources[0].archived", "ok"),
        ("events/alpha.md", 12): ("sources[1].url", "moved"),
        ("events/alpha.md", 16): ("sources[2].url", "dead"),
        ("events/beta.md", 8): ("sources[0].url", "dead"),
        ("events/beta.md", 11): ("sources[1].url", "ok"),
        ("events/beta.md", 14): ("sources[2].url", "ok"),
        ("events/beta.md", 17): ("sources[3].url", "dead"),
        ("events/beta.md", 21): ("sources[4].url", "dead"),
        ("documents/gamma.md", 4): ("url", "moved"),
    }

    # moved: the final address and the hop that led there
    moved = rows[("events/alpha.md", 12)]
    assert (moved["final_url"], moved["redirects"], moved["code"]) == (
        f"{base}/new",
        [{"code": 301, "url": f"{base}/new"}],
        200,
    )
    # dead: the status, a timeout, a refused connection; each with what the Wayback Machine holds
    gone = rows[("events/alpha.md", 16)]
    assert (gone["code"], gone["error"], gone["reason"]) == (404, "404 Not Found", "http")
    snapshot = f"https://web.archive.org/web/{SNAPSHOT_STAMP}/{base}/gone"  # https, though the API says http
    assert gone["snapshot"] == {"url": snapshot, "timestamp": SNAPSHOT_STAMP, "error": ""}
    assert rows[("events/beta.md", 21)]["snapshot"] == gone["snapshot"]  # cited twice, one answer
    slow = rows[("events/beta.md", 8)]
    assert (slow["reason"], slow["error"], slow["code"]) == ("timeout", f"no answer within {TIMEOUT_S:g} s", None)
    assert slow["snapshot"] == {"url": None, "timestamp": "", "error": ""}
    nobody = rows[("events/beta.md", 17)]
    assert (nobody["reason"], nobody["error"], nobody["method"]) == ("refused", "connection refused", "HEAD")
    assert nobody["snapshot"] == {"url": None, "timestamp": "", "error": ""}
    # refusing HEAD is not being dead: GET's answer counts
    assert (rows[("events/beta.md", 11)]["method"], rows[("events/beta.md", 11)]["code"]) == ("GET", 200)
    assert rows[("events/beta.md", 14)]["method"] == "GET"
    assert rows[("events/alpha.md", 8)]["method"] == "HEAD"
    for row in rows.values():  # only the dead were looked up
        assert (row["snapshot"] is not None) == (row["status"] == "dead")

    # what the servers saw: one check per address, HEAD kept across the redirect, no GET after a timeout
    assert server.requests("/ok") == ["HEAD"]
    assert server.requests("/old") == server.requests("/new") == ["HEAD"]  # cited twice, asked once
    assert server.requests("/gone") == ["HEAD", "GET"]  # cited twice; HEAD's 404 confirmed by GET
    assert server.requests("/slow") == ["HEAD"]
    assert server.requests("/no-head") == server.requests("/no-head-hangup") == ["HEAD", "GET"]
    assert server.lookups() == {f"{base}/gone": "20190304", f"{base}/slow": "", refused: ""}
    assert {agent for _, _, agent in server.log} == {USER_AGENT}
    assert "pelican-timeline" in USER_AGENT and "Nagorno-Karabakh" in USER_AGENT

    text = (tmp_path / "report" / "report.md").read_text("utf-8")
    dead_part, moved_part = text.split("## Dead links")[1].split("## Moved links")
    assert (
        f"| `content/events/alpha.md:16` | `sources[2].url` | <{base}/gone> | 404 Not Found (GET)"
        f" | Wayback Machine, 2019-03-04: <{snapshot}> |"
    ) in dead_part
    assert (
        f"| `content/events/beta.md:8` | `sources[0].url` | <{base}/slow> | no answer within 0.5 s (HEAD)"
        " | none in the Wayback Machine |"
    ) in dead_part
    assert f"| `content/events/beta.md:17` | `sources[3].url` | <{refused}> | connection refused (HEAD) |" in dead_part
    assert "beta.md:11" not in text and "alpha.md:8`" not in text  # answering links are only counted
    assert f"| `content/events/alpha.md:12` | `sources[1].url` | <{base}/old> | <{base}/new> | 301 (permanent) |" in (
        moved_part
    )
    assert f"| `content/documents/gamma.md:4` | `url` | <{base}/old> | <{base}/new> |" in moved_part
    assert "**3 dead** (4 citations); the Wayback Machine has a snapshot of 1" in text
    assert "offline" not in text


def test_make_sources_check_writes_into_out(server: _Server, tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{server.server_port}"
    content = tmp_path / "content"
    write(content, "events/one.md", '---\ntitle: One\ndate: "2020"\nsummary: S.\nsources:\n'
          + _source("Fine", f"{base}/ok") + "---\n")  # fmt: skip
    out = tmp_path / "my report"  # a space: paths reach the command through the environment
    result = make("sources-check", f"INPUTDIR={content}", f"OUT={out}", f"WAYBACK_API={base}/wayback/available",
                  env=_offline_env())  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert (report["summary"]["ok"], report["wayback_api"]) == (1, f"{base}/wayback/available")
    assert "## Dead links\n\nNone." in (out / "report.md").read_text("utf-8")
    assert server.requests("/ok") == ["HEAD"]


def test_refuses_to_write_into_the_content_or_check_broken_content(tmp_path: Path, capsys) -> None:
    content = tmp_path / "content"
    write(content, "events/one.md", '---\ntitle: One\ndate: "2020"\nsummary: S.\n---\n')
    before = _tree_digest(content)
    assert sources_check.main([str(content), "--out", str(content / "report")]) == 2
    assert "inside the content folder" in capsys.readouterr().err
    assert _tree_digest(content) == before
    write(content, "events/two.md", '---\ntitle: Two\ndate: "2020-02-30"\n---\n')
    assert sources_check.main([str(content), "--out", str(tmp_path / "report")]) == 2
    err = capsys.readouterr().err
    assert "two.md:3: date:" in err and "fix them first (make check)" in err
    assert not (tmp_path / "report").exists()


def test_failures_without_an_answer_are_named() -> None:
    assert sources_check._describe(socket.gaierror(-2, "Name or service not known"), 10) == (
        "dns",
        "the host name does not resolve (Name or service not known)",
    )
    assert sources_check._describe(TimeoutError("timed out"), 2.5) == ("timeout", "no answer within 2.5 s")
    # failures before the server sees the method are not asked again with GET: only the answer's absence would repeat
    assert {"timeout", "dns", "refused", "tls"} == sources_check._NOT_RETRIED
    assert sources_check._describe(ConnectionRefusedError(111, "Connection refused"), 1)[0] == "refused"
