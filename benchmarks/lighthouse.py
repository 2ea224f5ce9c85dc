"""``make lighthouse`` (``python -m benchmarks lighthouse``): Lighthouse scores and transfer weights of key pages.

Builds the site, serves it on 127.0.0.1, runs Lighthouse 12.2.3 (mobile preset,
Debian's chromium) on the index, an event page and an actor page, and writes the
four category scores plus each page's transfer weight: its HTML, CSS and JS,
gzipped here (Python's server sends no compression), search index excluded.
Results go to ``<out>/lighthouse.md`` and ``<out>/lighthouse.json``.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import tempfile
import threading
from pathlib import Path

from timeline.build import build
from timeline.devserver import make_server
from timeline.site import load_site

from . import ROOT, SETTINGS

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def transfer_weight(output: Path, page: str) -> dict[str, int]:
    """Gzipped bytes of the page's HTML and of the CSS and JS it loads from this site."""
    html_path = output / page / "index.html" if page else output / "index.html"
    html = html_path.read_bytes()
    sizes = {"html": len(gzip.compress(html, 9)), "css": 0, "js": 0}
    for kind, pattern in (("css", rb'<link rel="stylesheet" href="/([^"]+)"'), ("js", rb'<script src="/([^"]+)"')):
        for asset in re.findall(pattern, html):
            sizes[kind] += len(gzip.compress((output / asset.decode()).read_bytes(), 9))
    sizes["total"] = sizes["html"] + sizes["css"] + sizes["js"]
    return sizes


def run_lighthouse(url: str, report: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["npx", "--no-install", "lighthouse", url, "--output=json", f"--output-path={report}", "--quiet",
             "--form-factor=mobile", f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}"],
            check=True, cwd=ROOT, env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin:/usr/local/bin"},
        )  # fmt: skip
    data = json.loads(report.read_text())
    return {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def measure(content: Path, out: Path) -> dict[str, dict]:
    """Build ``content``, serve it, run Lighthouse on three pages; write and return the results."""
    out.mkdir(parents=True, exist_ok=True)
    site, _ = load_site(content)
    actor = max(site.actors.values(), key=lambda a: len(a.events))
    pages = {"index": "", "event": site.events[len(site.events) // 2].url.rstrip("/"), "actor": actor.url.rstrip("/")}
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "site"
        build(SETTINGS, content, output)
        server = make_server(output, 0, "127.0.0.1")
        port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        results = {}
        for name, path in pages.items():
            url = f"http://127.0.0.1:{port}/{path + '/' if path else ''}"
            scores = run_lighthouse(url, out / f"lighthouse-{name}.json")
            results[name] = {
                "url": "/" + (path + "/" if path else ""),
                **scores,
                "weight": transfer_weight(output, path),
            }
        server.shutdown()
    (out / "lighthouse.json").write_text(json.dumps(results, indent=2))
    lines = [
        "| page | performance | accessibility | best practices | SEO | HTML+CSS+JS gzipped |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} `{r['url']}` | {r['performance']} | {r['accessibility']} | {r['best-practices']} | "
            f"{r['seo']} | {r['weight']['total'] / 1024:.1f} KB (HTML {r['weight']['html'] / 1024:.1f}, "
            f"CSS {r['weight']['css'] / 1024:.1f}, JS {r['weight']['js'] / 1024:.1f}) |"
        )
    (out / "lighthouse.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return results
