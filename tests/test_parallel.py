"""Builds that share their work between processes write the files a one-process build writes, byte for byte.

``TIMELINE_WORKERS`` sets how many processes check the files, render the bodies and
render the pages (``processes.results_from_processes`` and ``map_in_processes``, ``pages.render_pages``); the corpus
here is large enough that two are used. Each case compares a two-process build with a
one-process build from nothing, the search index included, also after the edits the
incremental tests make.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from _trees import file_digests
from test_incremental import EDITS, SETTINGS, SMALL_PAGES

from benchmarks.corpus import generate
from timeline.build import build
from timeline.processes import map_in_processes, results_from_processes, workers_for

ONE = {**SMALL_PAGES, "TIMELINE_WORKERS": 1}
TWO = {**SMALL_PAGES, "TIMELINE_WORKERS": 2}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("parallel") / "content"
    generate(150, content)
    return content


def test_two_processes_build_the_files_one_process_builds(tmp_path: Path, corpus: Path) -> None:
    one = build(SETTINGS, corpus, tmp_path / "one", extra=ONE, cache=False)
    two = build(SETTINGS, corpus, tmp_path / "two", extra=TWO, cache=False)
    assert (one.workers, two.workers) == (1, 2)
    assert file_digests(tmp_path / "two") == file_digests(tmp_path / "one")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_two_process_rebuild_equals_a_one_process_cold_build(tmp_path: Path, corpus: Path, edit: str) -> None:
    content = tmp_path / "content"
    generate(150, content)
    output = tmp_path / "output"
    build(SETTINGS, content, output, search=False, extra=TWO)
    build(SETTINGS, content, output, search=False, extra=TWO)  # the next build reuses the first one's folder
    EDITS[edit](content)
    build(SETTINGS, content, output, search=False, extra=TWO)
    build(SETTINGS, content, tmp_path / "cold", search=False, extra=ONE, cache=False)
    incremental, expected = file_digests(output), file_digests(tmp_path / "cold")
    assert sorted(incremental) == sorted(expected)
    assert [name for name in expected if incremental[name] != expected[name]] == []


def _square_or_fail(number: int) -> int:
    if number == 7:
        raise ValueError("seven")
    return number * number


def test_results_come_back_in_the_order_of_the_items() -> None:
    assert map_in_processes(lambda n: n * n, list(range(10)), 3) == [n * n for n in range(10)]


def test_work_kept_out_of_this_process_comes_back_in_order_from_the_others() -> None:
    results = list(results_from_processes(lambda n: (n * n, os.getpid()), list(range(10)), 2))
    assert [square for square, _ in results] == [n * n for n in range(10)]
    assert os.getpid() not in {pid for _, pid in results}


def test_each_result_is_handed_over_while_the_others_are_still_being_made(tmp_path: Path) -> None:
    # item 4 (the first process's third) waits until this process has taken result 0
    taken = tmp_path / "taken"

    def work(number: int) -> int:
        while number == 4 and not taken.exists():
            time.sleep(0.01)
        return number

    results = results_from_processes(work, list(range(6)), 2)
    assert next(results) == 0
    taken.touch()
    assert list(results) == [1, 2, 3, 4, 5]


def test_an_error_while_results_stream_is_raised_in_the_failing_items_place() -> None:
    results = results_from_processes(_square_or_fail, list(range(10)), 2)
    assert [next(results) for _ in range(7)] == [n * n for n in range(7)]
    with pytest.raises(ValueError, match="seven"):
        next(results)


def _children() -> set[int]:
    """This process's children, zombies included (Linux)."""
    tasks = Path("/proc/self/task")
    return {int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


def test_a_caller_that_stops_early_leaves_no_process_behind() -> None:
    before = _children()  # other tests' processes may still be running in this one
    results = results_from_processes(lambda n: bytes(100_000), list(range(200)), 2)  # more than a pipe holds
    next(results)
    assert len(_children() - before) == 2
    results.close()
    assert _children() - before == set()  # stopped and reaped: not even a zombie left


def test_an_error_in_another_process_is_raised_here() -> None:
    items = list(range(10))  # 7 is in the second of two shares (the other process's)
    with pytest.raises(ValueError, match="seven"):
        map_in_processes(_square_or_fail, items, 2)


def test_small_work_stays_in_one_process() -> None:
    assert (workers_for(2, 60), workers_for(2, 100), workers_for(1, 10_000)) == (1, 2, 1)
