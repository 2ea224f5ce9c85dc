"""The whole built site is valid HTML (Nu HTML Checker) and has no broken link (LinkChecker over HTTP)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKCHECKER = Path(sys.executable).with_name("linkchecker")
# Outside hosts cannot be reached from here: check only the syntax of their URLs.
EXTERNAL = r"^https?://(?!127\.0\.0\.1[:/])"


def test_html_is_valid(site_dir: Path):
    assert shutil.which("java"), "java is needed for the Nu HTML Checker"
    assert VNU.is_file(), f"{VNU} is missing: run npm ci"
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 10, f"only {len(pages)} HTML files in {site_dir}"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", str(site_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode in (0, 1), f"vnu did not run:\n{result.stderr[-2000:]}"
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"]
    shown = []
    for message in errors[:20]:
        where = message.get("url", "").removeprefix("file:").replace(str(site_dir), "")
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())[:120]
        shown.append(f"{where}:{line}: {message.get('message')}  [{extract}]")
    assert not errors, f"{len(errors)} HTML error(s) in {len(pages)} files; the first 20:\n" + "\n".join(shown)


@pytest.fixture(scope="module")
def link_check(base_url: str) -> tuple[int, list[dict], str]:
    """LinkChecker's verdict on every URL reached from the home page (returncode, rows, stderr)."""
    # As root, LinkChecker reads its configuration and then runs as 'nobody': give it a
    # folder anyone can read, with settings that lift the rate limit for our own server.
    folder = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    try:
        folder.chmod(0o755)
        config = folder / "linkcheckerrc"
        config.write_text("[checking]\nmaxrequestspersecond=1000\nthreads=8\n", encoding="utf-8")
        config.chmod(0o644)
        result = subprocess.run(
            [
                str(LINKCHECKER),
                "-f",
                str(config),
                "--no-status",
                "--verbose",
                "--output",
                "csv/utf-8",
                "--ignore-url",
                EXTERNAL,
                "--timeout",
                "20",
                base_url + "/",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
            cwd=folder,
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": str(folder),
                "XDG_CONFIG_HOME": str(folder),
                "XDG_DATA_HOME": str(folder),
                "LANG": "C.UTF-8",
            },
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    assert result.returncode in (0, 1), f"LinkChecker did not run ({result.returncode}):\n{result.stderr[-3000:]}"
    return result.returncode, rows, result.stderr


def test_no_broken_links(link_check, base_url):
    returncode, rows, stderr = link_check
    checked = [row for row in rows if row["url"].startswith(base_url)]
    assert len(checked) > 10, f"LinkChecker checked only {len(checked)} local URLs:\n{stderr[-2000:]}"
    broken = [row for row in rows if row["valid"] != "True"]
    report = [
        f"{row['urlname']} (on {row['parentname'] or 'start'}, line {row['line']}): {row['result']}"
        f" {row['warningstring']}".rstrip()
        for row in broken
    ]
    assert not broken and returncode == 0, f"{len(broken)} broken link(s):\n" + "\n".join(report[:50])


def test_every_page_is_reachable_by_links(link_check, base_url, site_dir):
    """Following links from the home page reaches every page of the sitemap, and the 404 page exists."""
    _, rows, _ = link_check
    reached = {urlsplit(row["url"]).path for row in rows if row["url"].startswith(base_url)}
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    pages = {urlsplit(loc.text).path for loc in ET.parse(site_dir / "sitemap.xml").findall("s:url/s:loc", namespace)}
    assert pages, "the sitemap lists no page"
    orphans = sorted(pages - reached)
    assert not orphans, f"{len(orphans)} page(s) no link leads to: {orphans[:30]}"
    assert (site_dir / "404.html").is_file()
