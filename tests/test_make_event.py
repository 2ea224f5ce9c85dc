"""``make event``: TITLE, DATE and SLUG reach the new entry exactly as typed, and nothing else runs.

Each test runs the real ``make event`` of this project (``make -C``) into a
temporary content folder, with the values passed as make arguments or in the
environment, the way a user's shell would hand them over.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from _make import make


def make_event(tmp_path: Path, values: dict[str, str], *, via: str = "arguments") -> subprocess.CompletedProcess:
    """``make event`` with ``values`` given as ``NAME=value`` arguments or in the environment."""
    env = {**os.environ, "LANG": "C.UTF-8"}
    args = ["event", f"INPUTDIR={tmp_path / 'content'}"]
    if via == "arguments":
        args += [f"{name}={value}" for name, value in values.items()]
    else:
        env.update(values)
    return make(*args, cwd=tmp_path, env=env)


def front_matter(path: Path) -> dict:
    _, block, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(block)


def written(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "content" / "events").glob("*.md"))


TITLES = {
    "dollar-digit": "Talks cost $5 million",
    "backticks": "Talks `touch {pwned}` end",
    "command-substitution": "Talks $$(touch {pwned}) end",
    "make-function": "Talks $(shell touch {pwned}) end",
    "make-variable": "Talks $(PYTHON) ${{HOME}} end",
    "double-quote": 'He said "no" and left',
    "single-quote": "Talks' end, 'quoted'",
    "backslash": "Room C:\\quiet \\n \\",
    "non-ascii": "Ереван и Bakı: talks “resume” — naïve",
    "leading-dash": "-5 degrees at the talks",
    "hash": "Talks # not a comment",
}


@pytest.mark.parametrize("via", ["arguments", "environment"])
@pytest.mark.parametrize("case", list(TITLES))
def test_the_title_is_written_exactly_as_typed_and_nothing_runs(tmp_path: Path, case: str, via: str) -> None:
    pwned = tmp_path / "pwned"
    title = TITLES[case].format(pwned=pwned)
    result = make_event(tmp_path, {"TITLE": title, "DATE": "2011-06-24"}, via=via)
    assert result.returncode == 0, result.stderr
    assert not pwned.exists(), "a command in the title ran"
    [path] = written(tmp_path)
    assert front_matter(path)["title"] == title
    assert front_matter(path)["date"] == "2011-06-24"


def test_a_date_is_not_run_either(tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    result = make_event(tmp_path, {"TITLE": "Talks", "DATE": f"2011 $(shell touch {pwned})`touch {pwned}`"})
    assert result.returncode == 2
    assert not pwned.exists(), "a command in the date ran"
    assert result.stderr.startswith("DATE: "), result.stderr
    assert written(tmp_path) == []


def test_a_slug_that_leaves_the_content_folder_is_refused(tmp_path: Path) -> None:
    result = make_event(tmp_path, {"TITLE": "Talks", "DATE": "2011", "SLUG": "../../escaped"})
    assert result.returncode == 2
    assert result.stderr.startswith(
        "SLUG: '../../escaped' is not a slug — use letters, digits and hyphens only, e.g. SLUG=kazan-summit-2011\n"
    )
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_valid_slug_names_the_file(tmp_path: Path) -> None:
    result = make_event(tmp_path, {"TITLE": "Talks", "DATE": "2011", "SLUG": "kazan-talks"})
    assert result.returncode == 0, result.stderr
    assert written(tmp_path) == [tmp_path / "content" / "events" / "kazan-talks.md"]


@pytest.mark.parametrize("name", ["TITLE", "DATE", "SLUG"])
def test_a_line_break_in_a_value_is_refused(tmp_path: Path, name: str) -> None:
    values = {"TITLE": "Talks", "DATE": "2011", "SLUG": "talks"}
    values[name] = f"{values[name]}\nsecond: line"
    result = make_event(tmp_path, values)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"{name}: contains a line break or control character (U+000A) — give it on one line\n"
    ), result.stderr
    assert written(tmp_path) == []


@pytest.mark.parametrize("missing", ["TITLE", "DATE"])
def test_a_missing_title_or_date_prints_the_usage(tmp_path: Path, missing: str) -> None:
    values = {"TITLE": 'He said "no"', "DATE": "2011"}
    del values[missing]
    result = make_event(tmp_path, values)
    assert result.returncode == 2
    assert result.stderr.startswith(
        'usage: make event TITLE="Kazan summit" DATE="2011-06-24" [SLUG=kazan-summit-2011]\n'
    ), result.stderr
    assert written(tmp_path) == []
