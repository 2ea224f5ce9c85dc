"""Timed builds: each tool (this engine, stock Pelican, Hugo) in a child process.

A repetition is a cold, a warm and a one-event-edited build of every tool,
interleaved so a machine that slows down hits all of them alike. Child
processes are reaped with ``os.wait4`` so their CPU time and peak memory are the
child's own (including any process it waited for), not the parent's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ROOT, SETTINGS
from .baselines import to_hugo, to_pelican


@dataclass
class Sample:
    wall: float
    cpu: float
    maxrss_mb: float  # the largest single process (the child or one it waited for): shared pages count in each
    total_mb: float = 0.0  # the most memory the child and all its descendants held at once (sum of PSS, sampled)


def tree_pss_mb(root: int) -> float:
    """Memory held by ``root`` and every process below it: the sum of their PSS (shared pages split fairly).

    Linux only (``/proc/PID/smaps_rollup``); 0 where it cannot be read.
    """
    total, pending, seen = 0, [root], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def run_child(command: list[str], cwd: Path, log: Path) -> Sample:
    """Run ``command`` to completion; wall time, user+sys CPU, peak RSS and peak memory of its process tree."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:  # every 50 ms: the whole tree's memory, for its peak
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_pss_mb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text("utf-8", "replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, round(peak[0], 1))


def output_stats(folder: Path) -> dict[str, Any]:
    pages, largest, largest_path, total = 0, 0, "", 0
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html":
            pages += 1
            if size > largest:
                largest, largest_path = size, path.relative_to(folder).as_posix()
    return {"pages": pages, "largest_bytes": largest, "largest_path": largest_path, "output_bytes": total}


@dataclass
class Tool:
    """How to build one site: the command, its output folder and the file to edit."""

    name: str
    command: list[str]
    cwd: Path
    output: Path
    edit: Path  # the source file edited for the incremental build
    page: str  # its page, relative to the output
    clean: list[Path] = field(default_factory=list)  # cache folders, removed before a cold build


def calibrate() -> float:
    """Seconds of a fixed pure-Python workload: how fast this machine is right now (it drifts on shared VMs)."""
    start = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number % 7
    return round(time.process_time() - start, 4)


def caches_of(tool: Tool) -> list[Path]:
    return sorted(tool.output.parent.glob(f".{tool.output.name}.*"))


def repeat(tool: Tool, size: int, repetition: int, logs: Path) -> tuple[dict[str, Sample], dict[str, Any]]:
    """One cold, one warm and one one-event-edited build of ``tool``.

    Cold means no output and no cache: the output, the tool's own cache folders and any
    ``.<output name>.*`` folder beside the output (where the engine keeps its cache) are removed.
    """
    for path in [tool.output, *tool.clean, *caches_of(tool)]:
        if path.is_symlink():  # the engine's output is a link to one of its two folders
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
    log = logs / f"{tool.name}-{size}-{repetition}.log"
    samples = {"cold": run_child(tool.command, tool.cwd, log)}
    stats = output_stats(tool.output)
    kept = [path.name for path in [*tool.clean, *caches_of(tool)] if any(p.is_file() for p in path.rglob("*"))]
    stats["cache"] = ", ".join(kept) if kept else "none"
    samples["warm"] = run_child(tool.command, tool.cwd, log)
    original = tool.edit.read_bytes()
    marker = f"An edited paragraph ({size}, {repetition})."
    try:
        tool.edit.write_bytes(original + f"\n{marker}\n".encode())
        samples["incremental"] = run_child(tool.command, tool.cwd, log)
    finally:
        tool.edit.write_bytes(original)
    stats["edit_seen"] = marker in (tool.output / tool.page).read_text("utf-8")  # a sanity check of incremental builds
    return samples, stats


def bench_size(tools: list[Tool], size: int, runs: int, budget: float, logs: Path) -> tuple[list[dict], list[float]]:
    """Every tool once per repetition (interleaved, so a drifting machine hits all alike); medians per tool.

    Repetitions stop early once the next one would take the size past ``budget`` seconds per tool.
    """
    samples: dict[str, dict[str, list[Sample]]] = {t.name: {"cold": [], "warm": [], "incremental": []} for t in tools}
    stats: dict[str, dict[str, Any]] = {}
    speed = []
    started = time.perf_counter()
    for repetition in range(runs):
        begun = time.perf_counter()
        speed.append(calibrate())
        for tool in tools:
            taken, stats[tool.name] = repeat(tool, size, repetition, logs)
            for mode, sample in taken.items():
                samples[tool.name][mode].append(sample)
        took = time.perf_counter() - begun
        print(f"  {size} events: repetition {repetition + 1} of every tool took {took:.1f} s", flush=True)
        if time.perf_counter() - started + took > budget * len(tools):
            break
    load = os.getloadavg()[0]
    rows = []
    for tool in tools:
        for mode, taken in samples[tool.name].items():
            wall = statistics.median(s.wall for s in taken)
            rows.append({
                "size": size, "tool": tool.name, "mode": mode, "runs": len(taken),
                "wall_s": round(wall, 3), "wall_all_s": [round(s.wall, 3) for s in taken],
                "cpu_s": round(statistics.median(s.cpu for s in taken), 3),
                "peak_mb": round(max(s.maxrss_mb for s in taken), 1),
                "total_mb": round(max(s.total_mb for s in taken), 1),
                "ms_per_event": round(wall * 1000 / size, 3), "load_after": round(load, 2), **stats[tool.name],
            })  # fmt: skip
    return rows, speed


def engine_tool(content: Path, work: Path) -> Tool:
    events = sorted((content / "events").rglob("*.md"))
    output = work / "engine-out"
    command = [sys.executable, "-m", "timeline", "build", "-s", str(SETTINGS), "-i", str(content),
               "-o", str(output), "--no-search"]  # fmt: skip
    edit = events[len(events) // 2]
    return Tool("engine", command, ROOT, output, edit, f"events/{edit.stem}/index.html")


def site_tool(content: Path, work: Path) -> Tool:
    """``make html`` as a maintainer runs it: the engine with its search index."""
    engine = engine_tool(content, work)
    command = [part for part in engine.command if part != "--no-search"]
    command[command.index(str(engine.output))] = str(work / "site-out")
    return Tool("make-html", command, ROOT, work / "site-out", engine.edit, engine.page)


def pelican_tool(content: Path, work: Path) -> Tool:
    site = work / "pelican"
    settings = to_pelican(content, site)
    articles = sorted((site / "content").glob("*.md"))
    command = [sys.executable, "-m", "pelican", str(site / "content"), "-s", str(settings), "-o",
               str(site / "output"), "--fatal", "errors"]  # fmt: skip
    edit = articles[len(articles) // 2]
    return Tool("stock-pelican", command, site, site / "output", edit, f"{edit.stem}.html", [site / "cache"])


def hugo_tool(content: Path, work: Path, hugo: str) -> Tool:
    site = to_hugo(content, work / "hugo")
    posts = sorted((site / "content" / "posts").glob("*.md"))
    command = [hugo, "--source", str(site), "--destination", str(site / "public"), "--quiet"]
    edit = posts[len(posts) // 2]
    return Tool("hugo", command, site, site / "public", edit, f"posts/{edit.stem}/index.html", [site / "resources"])


def tool_version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return ""


def _state(base: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}/__dev/state", timeout=5) as response:
        return json.loads(response.read())


def _settled(state: dict[str, Any]) -> bool:
    """The full build behind the last save is done and the quick preview is ready again."""
    return not state["note"] and bool(state["preview"])


def _page_has(base: str, page: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/{page.removesuffix('index.html')}", timeout=5) as response:
            return text in response.read().decode("utf-8", "replace")
    except OSError:
        return False


def _wait(condition: Any, timeout: float, what: str) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the dev server did not {what} within {timeout:.0f} s")
        time.sleep(0.01)


def devserver_latency(content: Path, work: Path, log: Path, edits: int = 3) -> dict[str, Any]:
    """Seconds from saving an event to the dev server serving the changed page: a text edit, and a title edit.

    The dev server (``python -m timeline devserver``) is started on ``content`` and
    left to finish its first build and load its preview. Each text edit appends a
    paragraph to one event and waits until the event's page, fetched over HTTP,
    shows it; then waits for the full build behind it before the next edit. The
    title edit changes the front matter, which only a full build shows. The
    files are restored afterwards.
    """
    tool = engine_tool(content, work)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "timeline", "devserver", "-s", str(SETTINGS), "-i", str(content),
               "-o", str(work / "dev-out"), "--port", str(port)]  # fmt: skip
    original = tool.edit.read_bytes()
    result: dict[str, Any] = {"text_edit_s": [], "title_edit_s": None}
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            started = time.perf_counter()

            def ready() -> bool:
                try:
                    return bool(_state(base)["preview"])
                except OSError:
                    return False

            _wait(ready, 1800, "load its preview")
            result["ready_s"] = round(time.perf_counter() - started, 2)
            for number in range(edits):
                marker = f"A paragraph typed in the dev server ({number})."
                begun = time.perf_counter()
                tool.edit.write_bytes(original + f"\n{marker}\n".encode())
                _wait(lambda m=marker: _page_has(base, tool.page, m), 600, "show a text edit")
                result["text_edit_s"].append(round(time.perf_counter() - begun, 3))
                _wait(lambda: _settled(_state(base)), 1800, "finish the full build")
            title = "A title typed in the dev server"
            text = re.sub(rb"^title: .*$", f"title: {json.dumps(title)}".encode(), original, count=1, flags=re.M)
            begun = time.perf_counter()
            tool.edit.write_bytes(text)
            _wait(lambda: _page_has(base, tool.page, title), 1800, "show a title edit")
            result["title_edit_s"] = round(time.perf_counter() - begun, 3)
        finally:
            tool.edit.write_bytes(original)
            process.terminate()
            process.wait(timeout=30)
    result["text_edit_median_s"] = statistics.median(result["text_edit_s"])
    return result
