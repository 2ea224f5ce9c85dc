"""``python -m timeline check`` and ``new-event``: exit codes and what is printed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
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


# --- issue 11: bad entry files give one clear line each, never a traceback or a hang ---------------


def test_check_a_named_pipe_named_like_an_entry_does_not_hang(tmp_path):
    write(tmp_path, "events/a.md", event())
    os.mkfifo(tmp_path / "events" / "pipe.md")
    result = run_module("check", ".", cwd=tmp_path)  # times out after 60 s if it blocks on the pipe
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "events/pipe.md:1: 'pipe.md' is a named pipe, not a text file"
        " — remove it, or replace it with an ordinary Markdown file",
        "1 error(s), 0 warning(s)",
    ]


def test_check_a_file_without_read_permission(tmp_path_factory):
    """chmod 000 as an ordinary user; under root the check runs as 'nobody' (setpriv), whom 000 stops too."""
    folder = Path(tempfile.mkdtemp(prefix="unreadable-"))  # tmp_path's parents are closed to 'nobody'
    try:
        folder.chmod(0o755)
        write(folder, "events/a.md", event())
        locked = write(folder, "events/locked.md", event())
        for path in (folder / "events", folder / "events" / "a.md"):
            path.chmod(0o755)
        locked.chmod(0o000)
        prefix: list[str] = []
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root, which reads any file, and setpriv is not there to drop that")
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "timeline", "check", "."],
            cwd=folder, capture_output=True, text=True, timeout=60,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines() == [
            "events/locked.md:1: the file cannot be read (Permission denied)"
            " — let yourself read it: chmod u+r events/locked.md",
            "1 error(s), 0 warning(s)",
        ]
    finally:
        shutil.rmtree(folder)


def test_check_a_folder_named_like_an_entry_and_a_dangling_link(tmp_path):
    write(tmp_path, "events/2019.md/a.md", event())
    (tmp_path / "events" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    result = run_module("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "events/gone.md:1: 'gone.md' is a link to a file that does not exist"
        " — remove the link, or restore the file it points to",
        "1 error(s), 0 warning(s)",
    ]


def test_check_an_empty_content_folder_warns_and_exits_zero(tmp_path):
    result = run_module("check", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 0 events, 0 entities, 1 warning(s)\n"
    assert result.stderr.splitlines() == [
        ".:1: warning: the content folder has no entries — add Markdown files to events/, actors/, documents/,"
        " places/, threads/, publishers/, terms/, pages/ (see CONTRIBUTING.md)"
    ]


def test_check_a_file_ending_in_upper_case_md_warns_and_exits_zero(tmp_path):
    write(tmp_path, "events/a.md", event())
    write(tmp_path, "events/Kazan.MD", event())
    result = run_module("check", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "events/Kazan.MD:1: warning: 'Kazan.MD' is not read: entry files end in '.md' — rename it to Kazan.md"
    ]


def test_check_control_characters_and_a_tag_exit_one_without_a_traceback(tmp_path):
    write(tmp_path, "events/a.md", event(title='"Talks\\fresume"', body="Page one.\x0cPage two.\n"))
    write(tmp_path, "events/b.md", event(extra="tags: !!timestamp 2001-12-14\n"))
    write(tmp_path, "events/c.md", event(extra=f"tags: {'9' * 5000}\n"))
    result = run_module("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "events/a.md:2: title: the text contains the invisible control character U+000C (form feed)"
        " — remove it: it is often pasted from a PDF",
        "events/a.md:10: body: the text contains the invisible control character U+000C (form feed)"
        " — remove it: it is often pasted from a PDF",
        "events/b.md:5: tags: the YAML tag '!!timestamp' is not allowed in entries"
        " — remove the tag and write the value as plain text",
        "events/c.md:5: tags: the number on this line has 5000 digits"
        " — put it in double quotes if it is text; a date has at most four digits of year",
        "4 error(s), 0 warning(s)",
    ]


def test_check_a_content_folder_that_is_a_file(tmp_path):
    write(tmp_path, "notes.md", "just notes\n")
    result = run_module("check", "notes.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "notes.md:1: the content folder is not a folder — give the folder holding events/",
        "1 error(s), 0 warning(s)",
    ]
