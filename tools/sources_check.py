"""``python -m tools.sources_check [CONTENT] --out sources-report``: are the cited sources still online?

Behind ``make sources-check``. Maintainers run it by hand, online; the build and
the tests never do (the tests point it at a local server instead). It

1. loads the content with the engine (``load_site``: a folder with errors is
   refused, as by ``make check``) and lists every address the entries cite: each
   source's ``url`` and ``archived``, a document's and a publisher's ``url``,
   with the file and line of its key;
2. asks for each address once (however many entries cite it), a few at a time
   (``--workers``, and at most ``--per-host`` at once to one host), with a
   timeout and a user agent naming the project: ``HEAD`` first (nothing to
   download), then ``GET`` when ``HEAD`` fails, since many servers refuse or
   mishandle ``HEAD``; redirects are followed;
3. for every dead address (an HTTP error, a name that does not resolve, a
   refused or broken connection, a TLS failure, a timeout), asks the Wayback
   Machine's availability API for the snapshot closest to the source's date;
4. writes ``report.md`` (for people) and ``report.json`` (for scripts) into the
   ``--out`` folder: dead and moved addresses per entry, with file and line.

It never writes into the content folder: fixing an entry (a new ``url``, an
``archived`` copy) stays an editor's decision, made after reading the snapshot.
Exit status: 0 when no address is dead, 1 when some are, 2 when it could not
check (content errors, a bad ``--out``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import socket
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from timeline import model
from timeline.diagnostics import ContentError
from timeline.frontmatter import EntryError, RawEntry, parse
from timeline.site import load_site

# Servers that block unknown robots usually let through one that says who it is and why;
# and a webmaster who sees these requests in a log can tell what they are.
USER_AGENT = (
    "pelican-timeline-sources-check/1.0 (link check of the sources cited by the Nagorno-Karabakh"
    " diplomatic timeline, run by hand by its maintainers; one request per address)"
)
WAYBACK_API = "https://archive.org/wayback/available"
# Eight at a time keeps a run of ~500 addresses to a minute or two without looking like a
# crawl to anyone; two per host, because many sources share a handful of hosts (osce.org, mfa.am…).
WORKERS, PER_HOST, TIMEOUT = 8, 2, 10.0
MAX_REDIRECTS = 10  # urllib's own limit; a longer chain is reported as dead
ARCHIVE_HOSTS = {"web.archive.org", "archive.org", "archive.ph", "archive.today", "archive.is"}
K, R = TypeVar("K"), TypeVar("R")
# Failures a GET would only repeat (a timeout at the cost of another full wait): they happen before the
# server sees which method was asked. A server that hangs up on HEAD ("connection") is asked again.
_NOT_RETRIED = {"timeout", "dns", "refused", "tls"}


@dataclass(frozen=True)
class Citation:
    """One address as an entry gives it, and where: the file, the line and the key of ``url:``."""

    url: str
    file: str  # as the engine shows it in messages (relative to the working folder when inside it)
    line: int
    key: str  # sources[2].url, sources[2].archived, url
    kind: str
    slug: str
    role: str  # source, archived, document, publisher
    date: str = ""  # YYYYMMDD of the source's date: the snapshot closest to it is the one that was cited
    archived: str = ""  # a source's own `archived:` copy, shown beside its dead `url:`


@dataclass
class Check:
    """What asking for one address found."""

    url: str
    status: str  # ok, moved (answered from another address) or dead
    code: int | None = None  # the last HTTP status, when there was an answer
    final_url: str = ""
    redirects: list[dict[str, Any]] = field(default_factory=list)  # each hop: {"code": 301, "url": "…"}
    method: str = "HEAD"  # the request whose answer counts
    error: str = ""  # why it is dead, in words
    reason: str = ""  # http, timeout, dns, refused, tls, connection, invalid: for scripts reading the JSON
    seconds: float = 0.0


@dataclass
class Snapshot:
    """The Wayback Machine's answer for one dead address."""

    url: str | None = None  # the closest snapshot's address, None when there is none
    timestamp: str = ""  # YYYYMMDDhhmmss of that snapshot
    error: str = ""  # the lookup itself failed (the API was unreachable, or answered nonsense)


# --- what the content cites --------------------------------------------------------------------------------------


def _raw(content: Path, entry: model.Entry) -> RawEntry | None:
    """The entry's front matter as read, for line numbers (``load_site`` keeps only values)."""
    try:
        return parse(entry.path, (content / entry.source).read_bytes())
    except (OSError, EntryError):  # changed since load_site read it: the line is then unknown (1)
        return None


def _line(raw: RawEntry | None, *key: str | int) -> int:
    return raw.line_of(*key) if raw is not None else 1


def _source_index(raw: RawEntry | None, position: int, url: str, taken: set[int]) -> int:
    """Which item of the raw ``sources:`` list a checked source came from (normally the same position)."""
    items = raw.meta.get("sources") if raw is not None else None
    if not isinstance(items, list):
        return position
    candidates = [position, *range(len(items))]
    for index in candidates:
        item = items[index] if index < len(items) and index not in taken else None
        if isinstance(item, dict) and item.get("url") == url:
            return index
    return position


def citations(content: Path) -> list[Citation]:
    """Every address the entries of ``content`` cite, in file and line order; ``ContentError`` if it has errors."""
    site, _ = load_site(content)
    entries: list[model.Entry] = [*site.events]
    for by_slug in site.by_kind.values():
        entries.extend(by_slug.values())
    found: list[Citation] = []
    for entry in entries:
        raw = _raw(content, entry)
        where = {"file": str(entry.path), "kind": entry.kind, "slug": entry.slug}
        link = getattr(entry, "link", None)  # a document's or a publisher's own `url:`
        if link:
            found.append(Citation(link, line=_line(raw, "url"), key="url", role=entry.kind, **where))
        taken: set[int] = set()
        # Publishers have no sources of their own (Site.sources gathers the events'); terms and documents do.
        for position, source in enumerate(getattr(entry, "sources", ())):
            index = _source_index(raw, position, source.url, taken)
            taken.add(index)
            day = source.date.lower.strftime("%Y%m%d") if source.date is not None else ""
            found.append(Citation(source.url, line=_line(raw, "sources", index, "url"), key=f"sources[{index}].url",
                                  role="source", date=day, archived=source.archived or "", **where))  # fmt: skip
            if source.archived:
                found.append(Citation(source.archived, line=_line(raw, "sources", index, "archived"),
                                      key=f"sources[{index}].archived", role="archived", date=day,
                                      **where))  # fmt: skip
    return sorted(found, key=lambda citation: (citation.file, citation.line, citation.key))


# --- asking for one address --------------------------------------------------------------------------------------


class _Redirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirect handling, except that a HEAD stays a HEAD and every hop is written down.

    urllib turns a redirected HEAD into a GET (and downloads the page); the hops
    tell the report whether a move is permanent (301, 308) or not (302, 303, 307).
    """

    max_redirections = MAX_REDIRECTS

    def __init__(self) -> None:
        super().__init__()
        self.hops: list[dict[str, Any]] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
            self.hops.append({"code": code, "url": new.full_url})
        return new


def _describe(error: BaseException, timeout: float) -> tuple[str, str]:
    """``(reason, words)`` for a request that got no HTTP answer."""
    cause: object = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(cause, TimeoutError) or (isinstance(cause, str) and "timed out" in cause):
        return "timeout", f"no answer within {timeout:g} s"
    if isinstance(cause, socket.gaierror):
        return "dns", f"the host name does not resolve ({cause.strerror or cause})"
    if isinstance(cause, ssl.SSLCertVerificationError):
        return "tls", f"TLS certificate refused: {cause.verify_message or cause}"
    if isinstance(cause, ssl.SSLError):
        return "tls", f"TLS failed: {cause.reason or cause}"
    if isinstance(cause, ConnectionRefusedError):
        return "refused", "connection refused"
    if isinstance(cause, http.client.RemoteDisconnected):
        return "connection", "the server closed the connection without answering"
    if isinstance(cause, OSError):
        return "connection", f"connection failed: {cause.strerror or cause}"
    if isinstance(cause, http.client.HTTPException):
        return "connection", f"the answer was not HTTP ({type(cause).__name__})"
    return "connection", str(cause)


def _same_address(first: str, second: str) -> bool:
    """Whether two addresses differ only in ways no reader notices (https://a.org and https://a.org/)."""

    def normal(url: str) -> tuple[str, ...]:
        parts = urllib.parse.urlsplit(url)
        return (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query)

    return normal(first) == normal(second)


_TLS: ssl.SSLContext | None = None
_TLS_LOCK = threading.Lock()


def _tls() -> ssl.SSLContext:
    """One TLS context for every request: making one loads the system's certificates (tens of ms each)."""
    global _TLS
    with _TLS_LOCK:
        if _TLS is None:
            _TLS = ssl.create_default_context()
        return _TLS


def _attempt(url: str, method: str, timeout: float, user_agent: str) -> Check:
    """One request (redirects followed): its answer, or why there was none."""
    redirects = _Redirects()  # an opener per request: the handler writes down this request's hops
    opener = urllib.request.build_opener(redirects, urllib.request.HTTPSHandler(context=_tls()))
    headers = {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8"}
    started = time.monotonic()
    check = Check(url, "dead", method=method)
    try:
        request = urllib.request.Request(url, method=method, headers=headers)
        # the status line and headers are all we need: the body is never read, and closing drops it
        with opener.open(request, timeout=timeout) as response:
            check.code, check.final_url = response.status, response.url
        check.status = "ok" if _same_address(url, check.final_url) else "moved"
    except urllib.error.HTTPError as error:
        check.code, check.final_url, check.reason = error.code, error.url or url, "http"
        check.error = f"{error.code} {error.reason}".strip()
        error.close()
    except ValueError as error:  # not an address urllib can ask for at all
        check.reason, check.error = "invalid", str(error)
    except (OSError, http.client.HTTPException) as error:  # URLError is an OSError; so are timeouts and resets
        check.reason, check.error = _describe(error, timeout)
    check.redirects, check.seconds = redirects.hops, round(time.monotonic() - started, 3)
    return check


def check_url(url: str, timeout: float = TIMEOUT, user_agent: str = USER_AGENT) -> Check:
    """HEAD, then GET when HEAD fails: a reader's browser GETs, so GET's answer is the one that counts."""
    head = _attempt(url, "HEAD", timeout, user_agent)
    if head.status != "dead" or head.reason in _NOT_RETRIED:
        return head
    return _attempt(url, "GET", timeout, user_agent)


class _HostLimit:
    """At most ``limit`` requests at once to any one host, whatever the number of workers."""

    def __init__(self, limit: int) -> None:
        self.limit, self.lock = limit, threading.Lock()
        self.hosts: dict[str, threading.BoundedSemaphore] = {}

    def __call__(self, url: str) -> threading.BoundedSemaphore:
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        with self.lock:
            return self.hosts.setdefault(host, threading.BoundedSemaphore(self.limit))


def run_bounded(
    jobs: Iterable[tuple[K, str, Callable[[], R]]],
    workers: int,
    per_host: int,
    done: Callable[[K, R], None] = lambda key, result: None,
) -> dict[K, R]:
    """Run each job ``(key, address, work)``: ``workers`` at a time, ``per_host`` at once per address's host.

    Returns key -> what ``work()`` returned; ``done`` hears of each as it finishes (for progress lines).
    """
    limit = _HostLimit(per_host)

    def limited(address: str, work: Callable[[], R]) -> R:
        with limit(address):
            return work()

    results: dict[K, R] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sources-check") as pool:
        futures = {pool.submit(limited, address, work): key for key, address, work in jobs}
        for future in as_completed(futures):
            key = futures[future]
            results[key] = future.result()
            done(key, results[key])
    return results


# --- the Wayback Machine -----------------------------------------------------------------------------------------


def lookup_snapshot(
    api: str, url: str, timestamp: str = "", timeout: float = TIMEOUT, user_agent: str = USER_AGENT
) -> Snapshot:
    """The Wayback Machine's snapshot of ``url`` closest to ``timestamp`` (YYYYMMDD), from its availability API.

    The API answers ``{"archived_snapshots": {"closest": {"available": true, "url": …,
    "timestamp": …, "status": "200"}}}``, or ``{"archived_snapshots": {}}`` when it holds none.
    """
    query = {"url": url, **({"timestamp": timestamp} if timestamp else {})}
    address = api + ("&" if "?" in api else "?") + urllib.parse.urlencode(query)
    request = urllib.request.Request(address, headers={"User-Agent": user_agent, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=_tls()) as response:
            answer = json.loads(response.read(1_000_000))
    except urllib.error.HTTPError as error:
        error.close()
        return Snapshot(error=f"the availability API answered {error.code} {error.reason}")
    except (OSError, http.client.HTTPException, ValueError) as error:  # ValueError: not JSON
        what = _describe(error, timeout)[1] if not isinstance(error, ValueError) else f"not JSON ({error})"
        return Snapshot(error=f"the availability API could not be read: {what}")
    snapshots = answer.get("archived_snapshots") if isinstance(answer, dict) else None
    closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
    if not isinstance(closest, dict) or not closest.get("available") or not closest.get("url"):
        return Snapshot()
    found = str(closest["url"])
    parts = urllib.parse.urlsplit(found)
    if parts.scheme == "http" and parts.hostname == "web.archive.org":  # the API still answers http://
        found = urllib.parse.urlunsplit(("https", *parts[1:]))
    return Snapshot(url=found, timestamp=str(closest.get("timestamp", "")))


def _is_archive(url: str) -> bool:
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return host in ARCHIVE_HOSTS or host.endswith(".archive.org")


# --- the report ------------------------------------------------------------------------------------------------


def build_report(
    cited: list[Citation], checks: dict[str, Check], snapshots: dict[tuple[str, str], Snapshot], meta: dict[str, Any]
) -> dict[str, Any]:
    """The JSON report: how it was asked, totals, then every entry with each address it cites and what happened."""
    entries: dict[str, dict[str, Any]] = {}
    for citation in cited:
        entry = entries.setdefault(citation.file, {"file": citation.file, "kind": citation.kind,
                                                   "slug": citation.slug, "links": []})  # fmt: skip
        row: dict[str, Any] = {"line": citation.line, "key": citation.key, "role": citation.role}
        row.update(asdict(checks[citation.url]))
        del row["seconds"]  # timings differ from run to run, and say nothing about the entry
        snapshot = snapshots.get((citation.url, citation.date))
        row["snapshot"] = asdict(snapshot) if snapshot is not None else None
        row["entry_archived"] = citation.archived or None
        entry["links"].append(row)
    summary: dict[str, int] = {"entries": len(entries), "citations": len(cited), "addresses": len(checks)}
    for status in ("ok", "moved", "dead"):
        summary[status] = sum(1 for check in checks.values() if check.status == status)
        summary[f"{status}_citations"] = sum(1 for citation in cited if checks[citation.url].status == status)
    summary["snapshots_found"] = sum(1 for snapshot in snapshots.values() if snapshot.url)
    summary["answered"] = sum(1 for check in checks.values() if check.code is not None)  # any HTTP answer at all
    return {**meta, "summary": summary, "entries": list(entries.values())}


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell (a '|' in an address would end the cell)."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _link(url: str) -> str:
    """An address as a Markdown autolink, which renders it whole whatever characters it holds."""
    return f"<{url}>" if not any(char in url for char in " <>|") else f"`{_cell(url)}`"


def _how_moved(row: dict[str, Any]) -> str:
    codes = [hop["code"] for hop in row["redirects"]]
    if not codes:
        return "answered from another address"
    # 301 and 308 say the old address is gone for good; 302, 303 and 307 often lead to a login or a cookie wall
    permanent = all(code in (301, 308) for code in codes)
    return " → ".join(map(str, codes)) + (" (permanent)" if permanent else " (temporary: check before editing)")


def _archived_cell(row: dict[str, Any]) -> str:
    """What is known of an archived copy of a dead address: the Wayback Machine's, the entry's own."""
    if row["role"] == "archived":
        return "this is the entry's archived copy: find another"
    words = []
    snapshot = row["snapshot"]
    if snapshot and snapshot["url"]:
        stamp = snapshot["timestamp"]
        day = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}" if len(stamp) >= 8 else "snapshot"
        words.append(f"Wayback Machine, {day}: {_link(snapshot['url'])}")
    elif snapshot and snapshot["error"]:
        words.append(f"lookup failed: {_cell(snapshot['error'])}")
    elif snapshot is not None:
        words.append("none in the Wayback Machine")
    if row["entry_archived"]:
        words.append(f"the entry already has `archived:` {_link(row['entry_archived'])}")
    return "; ".join(words) or "—"


def markdown(report: dict[str, Any]) -> str:
    """The report for people: totals, then dead and moved addresses per entry, each with its file and line."""
    summary = report["summary"]
    offline = []
    if summary["addresses"] and not summary["answered"]:  # every address dead at once is this machine, not the web
        offline = [
            "**No address gave any HTTP answer: this machine is probably offline (or needs a proxy)."
            " Do not trust this report; run it again once online.**",
            "",
        ]
    lines = [
        "# Sources check",
        "",
        f"{report['checked_at']}: {summary['addresses']} addresses cited {summary['citations']} times"
        f" by {summary['entries']} entries of `{report['content']}`; HEAD, then GET when HEAD failed;"
        f" {report['workers']} at a time ({report['per_host']} per host), timeout {report['timeout_s']:g} s;"
        f" user agent `{report['user_agent']}`.",
        "",
        f"- **{summary['dead']} dead** ({summary['dead_citations']} citations);"
        f" the Wayback Machine has a snapshot of {summary['snapshots_found']}",
        f"- **{summary['moved']} moved** ({summary['moved_citations']} citations)",
        f"- {summary['ok']} answered where cited",
        "",
        *offline,
        "Nothing in the content was changed. A snapshot is a suggestion: open it, check that it shows what the"
        " entry cites, then set the source's `archived:` (or correct its `url:`) by hand and run `make check`.",
    ]
    tables = {
        "dead": ("Dead links", "| where | key | address | what happened | archived copy |"),
        "moved": ("Moved links", "| where | key | address | now answers at | redirects |"),
    }
    for status, (title, header) in tables.items():
        lines += ["", f"## {title}", ""]
        entries = [entry for entry in report["entries"] if any(row["status"] == status for row in entry["links"])]
        if not entries:
            lines.append("None.")
        for entry in entries:
            lines += [f"### {entry['kind']} `{entry['slug']}`", "", header, "|---|---|---|---|---|"]
            for row in entry["links"]:
                if row["status"] != status:
                    continue
                start = f"| `{entry['file']}:{row['line']}` | `{row['key']}` | {_link(row['url'])} |"
                if status == "dead":
                    lines.append(f"{start} {_cell(row['error'])} ({row['method']}) | {_archived_cell(row)} |")
                else:
                    lines.append(f"{start} {_link(row['final_url'])} | {_how_moved(row)} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- the command ---------------------------------------------------------------------------------------------------


def sources_check(
    content: Path,
    out: Path,
    *,
    workers: int = WORKERS,
    per_host: int = PER_HOST,
    timeout: float = TIMEOUT,
    user_agent: str = USER_AGENT,
    wayback_api: str = WAYBACK_API,
    progress: Callable[[str], None] = lambda line: None,
) -> dict[str, Any]:
    """Check every address ``content`` cites, look up snapshots of the dead ones, write ``out``/report.{md,json}.

    Returns the JSON report. Raises ``ContentError`` when the content has errors.
    """
    cited = citations(content)
    addresses = sorted({citation.url for citation in cited})
    progress(f"checking {len(addresses)} addresses cited {len(cited)} times, {workers} at a time")
    finished = [0]

    def heard(url: str, check: Check) -> None:
        finished[0] += 1
        if check.status != "ok":
            what = check.error if check.status == "dead" else f"now at {check.final_url}"
            progress(f"[{finished[0]}/{len(addresses)}] {check.status}: {url} — {what}")

    checked_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    checks = run_bounded(
        ((url, url, partial(check_url, url, timeout, user_agent)) for url in addresses),
        workers,
        per_host,
        heard,
    )
    # One lookup per dead address and source date (the snapshot closest to the day it was cited);
    # an archived copy that is dead is reported, but the archive holds no snapshot of its own pages.
    lookups = sorted({
        (citation.url, citation.date) for citation in cited
        if checks[citation.url].status == "dead" and citation.role != "archived" and not _is_archive(citation.url)
    })  # fmt: skip
    if lookups:
        progress(f"looking up {len(lookups)} dead addresses in the Wayback Machine")
    # every lookup goes to one host, the API's: per_host bounds how hard it is asked
    look_up = partial(lookup_snapshot, wayback_api, timeout=timeout, user_agent=user_agent)
    snapshots = run_bounded(
        (((url, day), wayback_api, partial(look_up, url, day)) for url, day in lookups), workers, per_host
    )
    meta = {
        "checked_at": checked_at,
        "content": str(content),
        "user_agent": user_agent,
        "timeout_s": timeout,
        "workers": workers,
        "per_host": per_host,
        "wayback_api": wayback_api,
    }
    report = build_report(cited, checks, snapshots, meta)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (out / "report.md").write_text(markdown(report), "utf-8")
    return report


def _refusal(content: Path, out: Path) -> str | None:
    """Why ``out`` cannot take the report, if it cannot: never inside the content, never over a file."""
    if out.exists() and not out.is_dir():
        return f"{out} is a file; give a folder for the report"
    if content.is_dir() and out.resolve().is_relative_to(content.resolve()):
        return f"{out} is inside the content folder {content}: the report would be read as content; give another"
    return None


def main(argv: list[str] | None = None) -> int:
    """The command line; see the module's docstring."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.sources_check", description=(__doc__ or "").splitlines()[0].split(": ", 1)[-1]
    )
    parser.add_argument("content", type=Path, nargs="?", default=Path("content"), help="the content folder")
    parser.add_argument("--out", type=Path, default=Path("sources-report"), help="where report.md and report.json go")
    parser.add_argument("--workers", type=int, default=WORKERS, help="requests at once (default %(default)s)")
    parser.add_argument("--per-host", type=int, default=PER_HOST, help="requests at once to one host")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds to wait for each step of an answer")
    parser.add_argument("--user-agent", default=USER_AGENT)
    parser.add_argument(
        "--wayback-api", default=WAYBACK_API, help="the Wayback Machine's availability API (tests: a local server)"
    )
    args = parser.parse_args(argv)
    if args.workers < 1 or args.per_host < 1 or args.timeout <= 0:
        parser.error("--workers and --per-host must be at least 1, --timeout above 0")
    refusal = _refusal(args.content, args.out)
    if refusal:
        print(f"sources-check: {refusal}", file=sys.stderr)
        return 2
    try:
        report = sources_check(
            args.content,
            args.out,
            workers=args.workers,
            per_host=args.per_host,
            timeout=args.timeout,
            user_agent=args.user_agent,
            wayback_api=args.wayback_api,
            progress=lambda line: print(line, file=sys.stderr, flush=True),
        )
    except ContentError as error:
        for diagnostic in [*error.report.errors, *error.report.warnings]:
            print(diagnostic, file=sys.stderr)
        print("sources-check: the content has errors; fix them first (make check)", file=sys.stderr)
        return 2
    except OSError as error:  # the report folder cannot be written
        print(f"sources-check: cannot write the report: {error}", file=sys.stderr)
        return 2
    summary = report["summary"]
    if summary["addresses"] and not summary["answered"]:
        print("sources-check: no address gave any HTTP answer: are you online?", file=sys.stderr)
    print(f"{summary['dead']} dead, {summary['moved']} moved, {summary['ok']} fine of {summary['addresses']} addresses"
          f" ({summary['snapshots_found']} dead ones archived); report: {args.out / 'report.md'}")  # fmt: skip
    return 1 if summary["dead"] else 0


if __name__ == "__main__":
    sys.exit(main())
