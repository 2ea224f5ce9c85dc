"""The benchmark's results as figures: ratios, the performance goals, and ``bench.md``."""

from __future__ import annotations

import hashlib
from typing import Any

from . import ROOT, SETTINGS

PAGE_LIMIT = 250_000  # bytes: the goal "no page over 250 KB"


def engine_fingerprint() -> str:
    """A hash of the engine's code and templates, to tell which state of the engine a result measured."""
    digest = hashlib.sha1()
    engine = [
        p for p in (ROOT / "timeline").rglob("*") if p.suffix in (".py", ".html") and "__pycache__" not in p.parts
    ]
    for path in [*sorted(engine), *sorted((ROOT / "themes").rglob("*.html")), SETTINGS]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _row(results: dict, size: int, tool: str, mode: str = "cold") -> dict | None:
    for row in results["rows"]:
        if row["size"] == size and row["tool"] == tool and row["mode"] == mode:
            return row
    return None


def evaluate(results: dict) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Ratios between tools and sizes (wall times of one run each), and the goals of issue 17."""
    sizes = sorted({row["size"] for row in results["rows"]})
    small, large = sizes[0], sizes[-1]
    ratios: dict[str, float] = {}
    wall = {(r["size"], r["tool"], r["mode"]): r["wall_s"] for r in results["rows"]}
    cpu = {(r["size"], r["tool"], r["mode"]): r["cpu_s"] for r in results["rows"]}
    ours = [tool for tool in ("engine", "make-html") if any(key[1] == tool for key in wall)]
    for size in sizes:
        for tool in ours:
            for other in ("stock-pelican", "hugo"):
                if (size, other, "cold") in wall:
                    ratios[f"{tool}/{other} cold @{size}"] = wall[(size, tool, "cold")] / wall[(size, other, "cold")]
                    ratios[f"{tool}/{other} cold CPU @{size}"] = cpu[(size, tool, "cold")] / cpu[(size, other, "cold")]
            ratios[f"{tool} incremental/cold @{size}"] = wall[(size, tool, "incremental")] / wall[(size, tool, "cold")]
    if large != small:
        for tool in (*ours, "stock-pelican", "hugo"):
            if (large, tool, "cold") in wall:
                ratios[f"{tool} {large}/{small} cold"] = wall[(large, tool, "cold")] / wall[(small, tool, "cold")]
    ratios = {key: round(value, 3) for key, value in ratios.items()}
    whole = "make-html" if "make-html" in ours else "engine"
    largest = max((r for r in results["rows"] if r["tool"] in ours), key=lambda r: r["largest_bytes"], default=None)
    engine_peak = max(
        (r.get("total_mb", r["peak_mb"]) for r in results["rows"] if r["tool"] == "engine" and r["size"] == large),
        default=None,
    )
    largest_process = max(
        (r["peak_mb"] for r in results["rows"] if r["tool"] == whole and r["size"] == large), default=None
    )
    devserver = results.get("devserver", {}).get(large, {})
    goals = [
        {"goal": f"{whole} ≤ 0.5 × stock Pelican @{large}", "value": ratios.get(f"{whole}/stock-pelican cold @{large}"),
         "limit": 0.5},
        {"goal": f"{whole} ≤ 0.6 × stock Pelican @{small}", "value": ratios.get(f"{whole}/stock-pelican cold @{small}"),
         "limit": 0.6},
        {"goal": f"dev server shows a text edit in ≤ 1 s @{large}", "value": devserver.get("text_edit_median_s"),
         "limit": 1.0},
        {"goal": f"{whole} after one edit ≤ 10% of cold @{large}",
         "value": ratios.get(f"{whole} incremental/cold @{large}"), "limit": 0.10},
        {"goal": f"engine, all processes, peak memory ≤ 250 MB @{large} (MB)", "value": engine_peak, "limit": 250},
        {"goal": f"{whole}, largest single process, peak memory ≤ 250 MB @{large} (MB)", "value": largest_process,
         "limit": 250},
        {"goal": f"{whole} {large}/{small} cold: linear growth", "value": ratios.get(f"{whole} {large}/{small} cold"),
         "limit": round(1.05 * large / small, 2)},
        {"goal": "no page over 250 KB at any size", "value": largest["largest_bytes"] if largest else None,
         "limit": PAGE_LIMIT, "detail": f"{largest['largest_path']} @{largest['size']}" if largest else ""},
    ]  # fmt: skip
    for goal in goals:
        value, limit = goal["value"], goal["limit"]
        goal["met"] = None if value is None else value <= limit
    return ratios, goals


def _size(count: float) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} KB"


def _warnings(results: dict) -> list[str]:
    """Stale incremental output; other processes competing for the CPUs (wall times inflated, CPU times less)."""
    cpus = results["meta"]["cpus"] or 1
    busy = sorted({f"{r['tool']} @{r['size']}" for r in results["rows"] if r.get("load_after", 0) > cpus})
    stale = sorted({f"{r['tool']} @{r['size']}" for r in results["rows"] if r.get("edit_seen") is False})
    lines = [f"**The incremental build did not show the edit** for: {', '.join(stale)}."] if stale else []
    if not busy:
        return lines
    return [*lines, f"**The machine was busy** (1-minute load average above {cpus}) after: {', '.join(busy)}; "
            "compare CPU times there, not wall times."]  # fmt: skip


def markdown(results: dict) -> str:
    """``bench.md``: every row, Pagefind, the ratios, the goals and the in-process phases."""
    meta = results["meta"]
    lines = [
        "# Benchmark results",
        "",
        f"{meta['date']}; Python {meta['python']}, {meta['cpus']} CPUs; {meta['pelican']}; Hugo: {meta['hugo']}; "
        f"engine code {meta.get('engine_fingerprint', '?')} (hash of timeline/, templates, pelicanconf.py).",
        "Times are medians over the runs shown; CPU is user+sys of the child; peak is the child's max RSS.",
        "Tools run interleaved (engine, Pelican, Hugo, then again). Machine speed, as seconds of a fixed loop "
        "before each repetition (lower is faster): "
        + "; ".join(f"{size}: {', '.join(map(str, times))}" for size, times in results["calibration_s"].items())
        + ".",
        *_warnings(results),
        "",
        "| events | tool | build | runs | wall s | CPU s | peak MB | all processes MB | ms/event | pages "
        "| largest page | output |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results["rows"]:
        mode = r["mode"]
        if mode != "cold":
            mode += " (no cache)" if r["cache"] == "none" else f" (cache: `{r['cache']}`)"
        lines.append(
            f"| {r['size']:,} | {r['tool']} | {mode} | {r['runs']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | "
            f"{r['peak_mb']:.0f} | {r.get('total_mb', 0):.0f} | {r['ms_per_event']:.2f} | {r['pages']:,} | "
            f"{_size(r['largest_bytes'])} `{r['largest_path']}` | {_size(r['output_bytes'])} |"
        )
    lines += ["", "`engine` is the build alone (`--no-search`); `make-html` is what `make html` runs: the build and "
              "its search index. Peak is the largest process among the build and the processes it waited for "
              "(RSS: pages a forked process shares with the build count in both); all processes is the most "
              "memory the build and everything it started held at once (sum of PSS, sampled every 50 ms)."]  # fmt: skip
    if results.get("devserver"):
        lines += ["", "## Dev server: from saving an event to the page served with the change", ""]
        for size, figures in results["devserver"].items():
            if "error" in figures:
                lines.append(f"- {size} events: {figures['error']}")
                continue
            lines.append(
                f"- {size} events: text edit {figures['text_edit_median_s']:.2f} s (median of "
                f"{', '.join(f'{t:.2f}' for t in figures['text_edit_s'])}); title edit (full build) "
                f"{figures['title_edit_s']:.2f} s; ready {figures['ready_s']:.1f} s after start"
            )
    lines += ["", "## Ratios (wall time unless marked CPU)", "", "| ratio | value |", "| --- | ---: |"]
    lines += [f"| {key} | {value:.2f} |" for key, value in results["ratios"].items()]
    lines += ["", "## Goals", "", "| goal | value | limit | met |", "| --- | ---: | ---: | --- |"]
    for goal in results["goals"]:
        value, limit = goal["value"], goal["limit"]
        if "page over" in goal["goal"]:
            shown = f"{_size(value)} (`{goal['detail']}`)" if value is not None else "–"
            limit_text = _size(limit)
        elif "%" in goal["goal"]:
            shown, limit_text = (f"{value:.1%}" if value is not None else "–"), f"{limit:.0%}"
        else:
            shown, limit_text = (f"{value:.2f}" if value is not None else "–"), f"{limit}"
        met = "–" if goal["met"] is None else "yes" if goal["met"] else "**no**"
        lines.append(f"| {goal['goal']} | {shown} | {limit_text} | {met} |")
    lines += ["", "## In-process phases of the engine build (seconds)", ""]
    keys = ["build_s", "load_site_s", "read_and_validate_s", "parse_dates_s", "sort_s", "resolve_s",
            "render_bodies_s", "body_link_lookups_s", "dates_and_references_share"]  # fmt: skip
    lines += ["| phase | " + " | ".join(f"{size:,}" for size in results["phases"]) + " |",
              "| --- |" + " ---: |" * len(results["phases"])]  # fmt: skip
    for key in keys:
        cells = [results["phases"][size].get(key, float("nan")) for size in results["phases"]]
        shown = [f"{cell:.1%}" if key.endswith("share") else f"{cell:.3f}" for cell in cells]
        lines.append(f"| {key} | " + " | ".join(shown) + " |")
    return "\n".join(lines) + "\n"
