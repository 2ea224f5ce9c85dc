"""``python -m timeline check`` and ``new-event``: exit codes and what is printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _content import LAVROV, event, write

from timeline.cli import main
from timeline.site import load_site

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"


def run_module(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )


def test_check_mini_fixture_as_a_module():
    result = run_module("check", "tests/fixtures/mini")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 11 events, 5 entities, 0 warning(s)\n"
    assert result.stderr == ""


def test_check_broken_tree_as_a_module(tmp_path):
    write(tmp_path, "events/a.md", event(date="2019-02-30"))
    result = run_module("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "events/a.md:3: date: day 30 in '2019-02-30' does not exist: February 2019 has 28 days"
        " — check the day; if it is not known, give only the month, e.g. 2019-02",
        "1 error(s), 0 warning(s)",
    ]


def test_check_reports_every_error_then_warnings(tmp_path):
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    write(tmp_path, "events/a.md", event(extra="actors: [sergey-lavrv]\n", summary=None))
    write(tmp_path, "events/b.md", event(extra="tittle: x\n"))
    result = run_module("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "events/a.md:4: actors[0]: no actor is called 'sergey-lavrv'"
        " — did you mean 'sergey-lavrov'? (or create actors/sergey-lavrv.md)",
        "events/b.md:5: tittle: unknown key 'tittle' — did you mean 'title'?",
        "events/a.md:2: title: warning: the event has no summary — add summary: one sentence readers see in lists",
        "2 error(s), 1 warning(s)",
    ]


def test_check_with_warnings_only_exits_zero(tmp_path):
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    write(tmp_path, "events/a.md", event(summary=None, sources=False))
    result = run_module("check", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 1 events, 1 entities, 2 warning(s)\n"
    assert result.stderr.splitlines() == [
        "events/a.md:2: title: warning: the event cites no source"
        " — add sources: with at least one title, publisher and url",
        "events/a.md:2: title: warning: the event has no summary — add summary: one sentence readers see in lists",
    ]


def test_check_exit_codes_in_process(tmp_path):
    write(tmp_path, "events/good.md", event())
    assert main(["check", str(tmp_path)]) == 0
    write(tmp_path, "events/bad.md", event(date="2019-13"))
    assert main(["check", str(tmp_path)]) == 1
    assert main(["check", str(tmp_path / "nowhere")]) == 1


def test_check_missing_folder(tmp_path):
    result = run_module("check", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "nowhere:1: the content folder does not exist — give the folder holding events/",
        "1 error(s), 0 warning(s)",
    ]


def test_new_event_writes_a_scaffold_that_passes_check(tmp_path, capfd):
    assert main(["new-event", "--title", "Kazan summit", "--date", "2011-06-24", "-i", str(tmp_path)]) == 0
    path = tmp_path / "events" / "kazan-summit-2011.md"
    out, _ = capfd.readouterr()
    assert out == f"wrote {path} — fill it in, then run 'make check'\n"
    assert path.is_file()
    result = run_module("check", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 events, 0 entities")


def test_new_event_scaffold_content(tmp_path):
    assert main(["new-event", "--title", "Kazan summit", "--date", "24 June 2011", "-i", str(tmp_path)]) == 0
    path = tmp_path / "events" / "kazan-summit-2011.md"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Kazan summit"\n' in text
    assert 'date: "2011-06-24"\n' in text  # normalised to EDTF
    # the entry reads back with the given title and date (body links aside)
    from timeline.frontmatter import parse

    raw = parse(path, path.read_bytes())
    assert raw.meta["title"] == "Kazan summit"
    assert raw.meta["date"] == "2011-06-24"


@pytest.mark.parametrize(
    ("title", "date", "name"),
    [("Talks “resume”", "c. 2008", "talks-resume-2008.md"), ('He said "no"', "2016?", "he-said-no-2016.md")],
)
def test_new_event_titles_read_back_exactly(tmp_path, title, date, name):
    assert main(["new-event", "--title", title, "--date", date, "-i", str(tmp_path)]) == 0
    from timeline.frontmatter import parse

    path = tmp_path / "events" / name
    raw = parse(path, path.read_bytes())
    assert raw.meta["title"] == title


def test_new_event_title_with_a_backslash(tmp_path):
    """The scaffold quotes the title for YAML; a backslash must not break the file."""
    title = r"Talks in room C:\quiet"
    assert main(["new-event", "--title", title, "--date", "2019-04", "-i", str(tmp_path)]) == 0
    from timeline.frontmatter import parse

    path = tmp_path / "events" / "talks-in-room-c-quiet-2019.md"
    raw = parse(path, path.read_bytes())
    assert raw.meta["title"] == title


def test_new_event_refuses_an_invalid_date(tmp_path, capfd):
    code = main(["new-event", "--title", "Kazan summit", "--date", "2011-02-30", "-i", str(tmp_path)])
    assert code == 2
    _, err = capfd.readouterr()
    assert err == (
        "DATE: day 30 in '2011-02-30' does not exist: February 2011 has 28 days"
        " — check the day; if it is not known, give only the month, e.g. 2011-02\n"
    )
    assert not (tmp_path / "events").exists()


def test_new_event_refuses_to_overwrite(tmp_path, capfd):
    path = write(tmp_path, "events/kazan-summit-2011.md", "my careful work\n")
    code = main(["new-event", "--title", "Kazan summit", "--date", "2011-06-24", "-i", str(tmp_path)])
    assert code == 1
    _, err = capfd.readouterr()
    assert err == f"{path} already exists — choose another title or pass SLUG=…\n"
    assert path.read_text() == "my careful work\n"


def test_new_event_with_explicit_slug(tmp_path):
    assert main(["new-event", "--title", "Kazan", "--date", "2011", "--slug", "kazan", "-i", str(tmp_path)]) == 0
    assert (tmp_path / "events" / "kazan.md").is_file()


def test_new_event_refuses_a_title_without_letters_or_digits(tmp_path, capfd):
    """The CLI has a message for this; the year added to the slug must not hide it."""
    code = main(["new-event", "--title", "!!!", "--date", "2019", "-i", str(tmp_path)])
    assert code == 2
    assert "TITLE: give a title with some letters or digits" in capfd.readouterr().err


def test_mini_fixture_loads_in_process():
    site, report = load_site(MINI)
    assert len(site.events) == 11
    assert report.items == []
