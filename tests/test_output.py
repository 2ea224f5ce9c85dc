"""Which folders a build may touch (``timeline/output.py``), and one build at a time.

What a maintainer relies on: a build never adopts, renames or deletes a folder it
did not make (a gh-pages checkout, the content, the project), refuses before it
writes anything; builds into one output wait for each other, so the published
site is always one whole build; ``clean`` removes what builds made and nothing else.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _make import make

from timeline.build import build
from timeline.output import MARKER, BuildLock, OutputRefused

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SETTINGS = ROOT / "pelicanconf.py"
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file, folder and link below ``folder``, with its bytes' digest or its target."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[name] = "folder"
    return found


def timeline(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=ENV
    )


def build_command(content: Path, output: Path | str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return timeline("build", "--no-search", "-s", str(SETTINGS), "-i", str(content), "-o", str(output), cwd=cwd)


def start_build(content: Path, output: Path, stderr: int) -> subprocess.Popen:
    """A build command started in the background."""
    argv = [sys.executable, "-m", "timeline", "build", "--no-search", "-s", str(SETTINGS)]
    return subprocess.Popen(
        [*argv, "-i", str(content), "-o", str(output)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINI, folder)
    return folder


# -- folders the build did not make ------------------------------------------------------
def test_a_gh_pages_checkout_is_refused_and_left_as_it_was(tmp_path: Path, content: Path) -> None:
    pages = tmp_path / "gh-pages"
    (pages / ".git").mkdir(parents=True)
    (pages / "CNAME").write_text("timeline.example.org\n")
    (pages / "notes.txt").write_text("mine\n")
    before = snapshot(tmp_path)
    for _ in range(2):
        result = build_command(content, pages)
        assert result.returncode == 2
        assert result.stderr.startswith(f"build refused: {pages} already holds files this build did not write")
    assert snapshot(tmp_path) == before  # not even a lock file beside it


@pytest.mark.parametrize("inside", [".", "events", ".."], ids=["is", "inside", "contains"])
def test_an_output_that_is_inside_or_contains_the_content_is_refused(
    tmp_path: Path, content: Path, inside: str
) -> None:
    before = snapshot(tmp_path)
    for _ in range(2):  # the second build used to delete every entry
        result = build_command(content, content / inside)
        assert result.returncode == 2
        assert "is, contains or lies inside the content folder" in result.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("where", [".", ".."], ids=["is", "contains"])
def test_an_output_that_is_or_contains_the_project_is_refused(tmp_path: Path, where: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(MINI, project / "content")
    shutil.copy(SETTINGS, project / "pelicanconf.py")
    before = snapshot(tmp_path)
    result = timeline("build", "--no-search", "-i", "content", "-o", where, cwd=project)
    assert result.returncode == 2
    assert "is or contains the project" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_file_as_output_is_refused(tmp_path: Path, content: Path) -> None:
    target = tmp_path / "site.html"
    target.write_text("<p>mine</p>")
    result = build_command(content, target)
    assert (result.returncode, target.read_text()) == (2, "<p>mine</p>")
    assert "is a file, not a folder" in result.stderr


def test_a_link_to_a_folder_the_build_did_not_make_is_refused(tmp_path: Path, content: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("mine")
    (tmp_path / "output").symlink_to("mine")
    before = snapshot(tmp_path)
    result = build_command(content, tmp_path / "output")
    assert result.returncode == 2
    assert "is a link to mine, which this build did not make" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_folder_named_like_a_build_folder_but_unmarked_is_left_alone(tmp_path: Path, content: Path) -> None:
    lookalike = tmp_path / ".output.a"
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("mine")
    with pytest.raises(OutputRefused, match=r"\.output\.a was not made by this build"):
        build(SETTINGS, content, tmp_path / "output", search=False)
    assert (lookalike / "notes.txt").read_text() == "mine"


def test_an_empty_folder_and_a_folder_of_an_uncached_build_are_taken_over(tmp_path: Path, content: Path) -> None:
    (tmp_path / "empty").mkdir()
    build(SETTINGS, content, tmp_path / "empty", search=False)
    assert (tmp_path / "empty" / "index.html").is_file()
    build(SETTINGS, content, tmp_path / "fresh", search=False, cache=False)
    assert (tmp_path / "fresh" / MARKER).is_file()
    build(SETTINGS, content, tmp_path / "fresh", search=False)
    assert (tmp_path / "fresh").is_symlink()


# -- clean ---------------------------------------------------------------------------------
def test_clean_removes_what_builds_made_and_nothing_else(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False)
    build(SETTINGS, content, output, search=False)
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / ".output.notes").mkdir()  # named like the build's, not made by it
    result = make("clean", f"OUTPUTDIR={output}", cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.notes", "content", "notes.txt"]
    assert result.returncode == 2  # make reports the folder it left alone
    assert ".output.notes was not made by this build" in result.stderr


def test_clean_of_the_content_folder_deletes_nothing(tmp_path: Path, content: Path) -> None:
    before = snapshot(content)
    result = timeline("clean", "-o", str(content))
    assert result.returncode == 1
    assert snapshot(content) == before


# -- one build at a time -----------------------------------------------------------------------
def test_a_second_build_waits_for_the_first(tmp_path: Path, content: Path) -> None:
    output = tmp_path / "output"
    with BuildLock(output):  # the first build, as far as the second can tell
        waiting = start_build(content, output, stderr=subprocess.PIPE)
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert line == f"another build into {output} is running: waiting for it to finish\n"
        assert not os.path.lexists(output)
    assert waiting.wait(timeout=120) == 0
    assert (output / "index.html").is_file()


def _variant(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(MINI, folder)
    entry = folder / "events" / "day-only.md"
    entry.write_text(entry.read_text().replace('title: "A day event"', f'title: "Variant {name}"'))
    if name == "b":  # one variant also loses an entry: its pages must not survive into the others' builds
        (folder / "events" / "year-only.md").unlink()
    return folder


def test_concurrent_builds_always_publish_one_whole_build(tmp_path: Path) -> None:
    variants = {name: _variant(tmp_path, name) for name in "abc"}
    cold = {}
    for name, folder in variants.items():
        build(SETTINGS, folder, tmp_path / f"cold-{name}", search=False, cache=False)
        cold[name] = snapshot(tmp_path / f"cold-{name}")
    output = tmp_path / "output"

    def same_as(name: str) -> bool:
        return snapshot(output.resolve()) == cold[name]

    for _round in range(2):
        order = ["a", "b", "c", "b", "a", "c"]
        running = [start_build(variants[name], output, stderr=subprocess.PIPE) for name in order]
        results = [(process.wait(timeout=300), process.stderr.read()) for process in running]  # type: ignore[union-attr]
        assert [code for code, _ in results] == [0] * len(order), results
        assert any(same_as(name) for name in "abc")
    for name in "abcb":  # and every later build publishes exactly its own content
        assert build_command(variants[name], output).returncode == 0
        assert same_as(name), name
