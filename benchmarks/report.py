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
    sizes = sorted({row["size"] for row in results["rows"]})
    small, large = sizes[0], sizes[-1]
    ratios: dict[str, float] = {}
    wall = {(r["size"], r["tool"], r["mode"]): r["wall_s"] for r in results["rows"]}
    cpu = {(r["size"], r["tool"], r["mode"]): r["cpu_s"] for r in results["rows"]}
    for size in sizes:
        for other in ("stock-pelican", "hugo"):
            if (size, other, "cold") in wall:
                ratios[f"engine/{other} cold @{size}"] = wall[(size, "engine", "cold")] / wall[(size, other, "cold")]
                ratios[f"engine/{other} cold CPU @{size}"] = cpu[(size, "engine", "cold")] / cpu[(size, other, "cold")]
        ratios[f"engine incremental/cold @{size}"] = (
            wall[(size, "engine", "incremental")] / wall[(size, "engine", "cold")]
        )
    if large != small:
        for tool in ("engine", "stock-pelican", "hugo"):
            if (large, tool, "cold") in wall:
                ratios[f"{tool} {large}/{small} cold"] = wall[(large, tool, "cold")] / wall[(small, tool, "cold")]
    ratios = {key: round(value, 3) for key, value in ratios.items()}
    engine_large = _row(results, large, "engine")
    share = results["phases"].get(large, {}).get("dates_and_references_share")
    goals = [
        {"goal": f"engine {large}/{small} cold ≤ 10.5", "value": ratios.get(f"engine {large}/{small} cold"),
         "limit": 10.5},
        {"goal": f"engine no slower than stock Pelican @{large}",
         "value": ratios.get(f"engine/stock-pelican cold @{large}"), "limit": 1.0},
        {"goal": f"incremental ≤ 1/4 of cold @{large}", "value": ratios.get(f"engine incremental/cold @{large}"),
         "limit": 0.25},
        {"goal": f"no page over 250 KB @{large}", "value": engine_large["largest_bytes"] if engine_large else None,
         "limit": PAGE_LIMIT, "detail": engine_large["largest_path"] if engine_large else ""},
        {"goal": f"dates + references < 5% of the build @{large}", "value": share, "limit": 0.05},
    ]  # fmt: skip
    for goal in goals:
        value, limit = goal["value"], goal["limit"]
        goal["met"] = None if value is None else value < limit if "<" in goal["goal"] else value <= limit
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
        "| events | tool | build | runs | wall s | CPU s | peak MB | ms/event | pages | largest page | output |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results["rows"]:
        mode = r["mode"]
        if mode != "cold":
            mode += " (no cache)" if r["cache"] == "none" else f" (cache: `{r['cache']}`)"
        lines.append(
            f"| {r['size']:,} | {r['tool']} | {mode} | {r['runs']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | "
            f"{r['peak_mb']:.0f} | {r['ms_per_event']:.2f} | {r['pages']:,} | "
            f"{_size(r['largest_bytes'])} `{r['largest_path']}` | {_size(r['output_bytes'])} |"
        )
    if results["pagefind"]:
        lines += ["", "Pagefind on the engine's output (not in the engine figures above):", ""]
        for size, sample in results["pagefind"].items():
            text = f"{sample['wall']:.2f} s wall, {sample['cpu']:.2f} s CPU" if "wall" in sample else sample["error"]
            lines.append(f"- {size} events: {text}")
    lines += ["", "## Ratios (wall time unless marked CPU)", "", "| ratio | value |", "| --- | ---: |"]
    lines += [f"| {key} | {value:.2f} |" for key, value in results["ratios"].items()]
    lines += ["", "## Goals", "", "| goal | value | limit | met |", "| --- | ---: | ---: | --- |"]
    for goal in results["goals"]:
        value, limit = goal["value"], goal["limit"]
        if "page" in goal["goal"]:
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
