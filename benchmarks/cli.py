"""``python -m benchmarks …``: the command line, and the whole run behind ``make bench``.

* ``generate N DIR`` writes a deterministic corpus of N events (and the actors,
  documents, places, threads they name) that follows the content contract and
  uses every accepted date form.
* ``run --sizes 1000 10000 --out bench-results`` builds each corpus in child
  processes with this engine (cold, warm and after editing one event), with
  stock Pelican on the same events converted to plain articles, and with Hugo
  if it is installed; it writes ``bench.md`` and ``bench.json``.
* ``phases DIR`` times, in one process, the parts of a build (read, validate,
  dates, references, bodies, whole build).
* ``profile DIR`` prints cProfile's hot spots of a build.
* ``lighthouse --out bench-results`` runs Lighthouse on key pages of this site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import ROOT, lighthouse, report
from .corpus import SEED, generate
from .phases import phases, profile
from .runners import (
    bench_size,
    devserver_latency,
    engine_tool,
    hugo_tool,
    pelican_tool,
    run_child,
    site_tool,
    tool_version,
)


def run(
    sizes: list[int],
    out: Path,
    runs: int,
    budget: float,
    hugo: bool = True,
    pagefind: bool = True,
    devserver: bool = True,
) -> dict:
    """The whole benchmark: per size, a corpus, every tool's timed builds, Pagefind and the phases; then the report."""
    out.mkdir(parents=True, exist_ok=True)
    hugo_path = shutil.which("hugo") if hugo else None
    results: dict[str, Any] = {
        "meta": {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "pelican": "Pelican " + tool_version([sys.executable, "-m", "pelican", "--version"]),
            "hugo": " ".join(tool_version([hugo_path, "version"]).split()[:2]) if hugo_path else "not installed",
            "runs_requested": runs, "budget_s": budget, "seed": SEED, "load_before": os.getloadavg()[0],
            "engine_fingerprint": report.engine_fingerprint(),
        },
        "corpus": {}, "rows": [], "phases": {}, "devserver": {}, "calibration_s": {},
    }  # fmt: skip
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"timeline-bench-{size}-") as folder:
            work = Path(folder)
            content = work / "content"
            print(f"== {size} events: generating", flush=True)
            results["corpus"][size] = asdict(generate(size, content))
            tools = [engine_tool(content, work), pelican_tool(content, work)]
            if pagefind:  # the whole make html: the engine and its search index
                tools.insert(1, site_tool(content, work))
            if hugo_path:
                tools.append(hugo_tool(content, work, hugo_path))
            rows, results["calibration_s"][size] = bench_size(tools, size, runs, budget, out)
            results["rows"] += rows
            if devserver:
                print(f"  dev server {size}", flush=True)
                try:
                    results["devserver"][size] = devserver_latency(content, work, out / f"devserver-{size}.log")
                except (RuntimeError, OSError) as error:
                    results["devserver"][size] = {"error": str(error)[:300]}
            print(f"  phases {size}", flush=True)
            phase_file = work / "phases.json"
            command = [sys.executable, "-m", "benchmarks", "phases", str(content), "--json", str(phase_file)]
            try:
                run_child(command, ROOT, out / f"phases-{size}.log")
                results["phases"][size] = json.loads(phase_file.read_text())
            except RuntimeError as error:  # the engine's internals moved: report it, keep the timings
                results["phases"][size] = {"error": str(error)[-500:]}
    results["ratios"], results["goals"] = report.evaluate(results)
    (out / "bench.json").write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    text = report.markdown(results)
    (out / "bench.md").write_text(text, "utf-8")
    print(text)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write a synthetic corpus of N events into DIR")
    gen.add_argument("n", type=int)
    gen.add_argument("dir", type=Path)
    gen.add_argument("--seed", type=int, default=SEED)
    bench = commands.add_parser("run", help="benchmark the engine against stock Pelican (and Hugo)")
    bench.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    bench.add_argument("--out", type=Path, default=Path("bench-results"))
    bench.add_argument("--runs", type=int, default=3, help="repetitions per tool and size (median reported)")
    bench.add_argument("--budget", type=float, default=200, help="seconds per tool and size before repeating stops")
    bench.add_argument("--quick", action="store_true", help="200 events, one run: a smoke test")
    bench.add_argument("--no-hugo", action="store_true")
    bench.add_argument("--no-pagefind", action="store_true", help="skip the make html builds (with search)")
    bench.add_argument("--no-devserver", action="store_true", help="skip the dev server's edit-to-page latency")
    phase = commands.add_parser("phases", help="time the parts of one in-process build of DIR")
    phase.add_argument("dir", type=Path)
    phase.add_argument("--json", type=Path)
    prof = commands.add_parser("profile", help="cProfile one in-process build of DIR")
    prof.add_argument("dir", type=Path)
    prof.add_argument("--top", type=int, default=25)
    light = commands.add_parser("lighthouse", help="Lighthouse scores and transfer weights of key pages of the site")
    light.add_argument("--content", type=Path, default=ROOT / "content")
    light.add_argument("--out", type=Path, default=Path("bench-results"))
    args = parser.parse_args(argv)

    if args.command == "generate":
        stats = generate(args.n, args.dir, args.seed)
        print(json.dumps(asdict(stats), indent=2))
    elif args.command == "run":
        sizes, runs = ([200], 1) if args.quick else (args.sizes, args.runs)
        run(
            sizes,
            args.out,
            runs,
            args.budget,
            hugo=not args.no_hugo,
            pagefind=not args.no_pagefind,
            devserver=not args.no_devserver,
        )
    elif args.command == "lighthouse":
        lighthouse.measure(args.content, args.out)
    elif args.command == "phases":
        result = phases(args.dir)
        text = json.dumps(result, indent=2)
        if args.json:
            args.json.write_text(text, "utf-8")
        print(text)
    else:
        print(profile(args.dir, args.top))
    return 0
