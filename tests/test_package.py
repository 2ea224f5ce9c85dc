"""The engine as someone else gets it: a wheel, a fresh virtualenv, ``init``, ``make html``.

The wheel is built from this repository, installed with the pinned requirements into
a new virtualenv, and a new site is written with ``python -m timeline init`` in a
folder outside the repository; ``make html`` and ``make check`` then run there with
that virtualenv first on PATH and nothing of this repository on PYTHONPATH. The
tests read what a visitor of the new site would see.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# one worker builds the wheel and the virtualenv once for all of these (make test runs --dist loadgroup)
pytestmark = [pytest.mark.package, pytest.mark.xdist_group("package")]

ROOT = Path(__file__).resolve().parent.parent
# What the outer make or the caller's shell may have set that would reach the new site's make.
LEAKS = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHON",
         "INPUTDIR", "OUTPUTDIR", "CONFFILE", "PUBLISHCONF", "PORT", "SERVER", "TITLE", "DATE", "SLUG")  # fmt: skip


@dataclass(frozen=True)
class NewSite:
    wheel: Path
    folder: Path
    html: subprocess.CompletedProcess
    check: subprocess.CompletedProcess


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)


def succeeded(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> NewSite:
    tmp = tmp_path_factory.mktemp("package")
    succeeded(run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp / "dist")], tmp))
    (wheel,) = (tmp / "dist").glob("*.whl")
    venv = tmp / "venv"
    succeeded(run([sys.executable, "-m", "venv", str(venv)], tmp))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    succeeded(run([*pip, "-r", str(ROOT / "requirements.txt")], tmp))
    succeeded(run([*pip, "--no-deps", str(wheel)], tmp))

    env = {name: value for name, value in os.environ.items() if name not in LEAKS}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    home = tmp / "home"  # outside the repository: nothing of it is importable from here
    home.mkdir()
    succeeded(run(["python", "-m", "timeline", "init", "my-timeline"], home, env))
    folder = home / "my-timeline"
    html = run(["make", "html"], folder, env)
    check = run(["make", "check"], folder, env)
    return NewSite(wheel, folder, html, check)


def test_the_wheel_holds_the_engine_its_theme_and_the_scaffold_only(new_site: NewSite) -> None:
    names = zipfile.ZipFile(new_site.wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"timeline", "pelican_timeline-0.1.0.dist-info"}
    assert {
        "timeline/themes/ledger/templates/base.html",
        "timeline/themes/ledger/static/css/site.css",
        "timeline/scaffold/Makefile",
        "timeline/scaffold/content/events/new-bridge-opens.md",
    } <= set(names)


def test_the_engine_runs_from_the_installed_wheel_not_this_repository(new_site: NewSite) -> None:
    env = {name: value for name, value in os.environ.items() if name not in LEAKS}
    python = new_site.wheel.parent.parent / "venv" / "bin" / "python"
    where = succeeded(run([str(python), "-c", "import timeline; print(timeline.__file__)"], new_site.folder, env))
    assert "site-packages/timeline/__init__.py" in where.stdout


def test_make_html_builds_the_new_site(new_site: NewSite) -> None:
    succeeded(new_site.html)
    assert (new_site.folder / "output" / "index.html").is_file()


def test_make_check_passes_with_no_warning(new_site: NewSite) -> None:
    assert succeeded(new_site.check).stdout.splitlines()[-1] == "ok: 6 events, 5 entities, 0 warning(s)"


def test_the_build_prints_no_warning(new_site: NewSite) -> None:
    """No warning from Pelican (feeds, time zone) nor the engine: the defaults cover the minimal settings."""
    assert "WARNING" not in new_site.html.stdout + new_site.html.stderr


def test_the_index_lists_the_example_events_with_their_dates(new_site: NewSite) -> None:
    text = re.sub(r"<[^>]+>|\s+", " ", (new_site.folder / "output" / "index.html").read_text())
    for title, date in [
        ("Residents first ask for a new bridge", "2016?"),
        ("The council asks residents how to replace the bridge", "April 2019"),
        ("The new bridge is built", "2020–2021"),
        ("The new bridge opens", "15 September 2021"),
    ]:
        assert re.search(re.escape(date) + r".{0,200}" + re.escape(title), text), (title, date)


def test_an_event_page_shows_its_sources(new_site: NewSite) -> None:
    page = (new_site.folder / "output" / "events" / "council-approves-the-new-bridge" / "index.html").read_text()
    assert 'href="https://example.org/council/minutes-2019-11-12"' in page
    assert 'href="https://example.org/gazette/council-votes"' in page


def test_the_pages_use_the_packaged_theme(new_site: NewSite) -> None:
    installed = next((new_site.wheel.parent.parent / "venv").glob("lib/python*/site-packages/timeline/themes/ledger"))
    css = new_site.folder / "output" / "theme" / "css" / "site.css"
    assert css.read_bytes() == (installed / "static" / "css" / "site.css").read_bytes()
