"""``python -m timeline init FOLDER``: a new site in a new folder, never over anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from timeline.newsite import SCAFFOLD, scaffold_files
from timeline.site import load_site

REPO = Path(__file__).resolve().parents[1]


def init(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline", "init", str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_init_writes_every_scaffold_file(tmp_path: Path) -> None:
    assert init(tmp_path / "my-timeline").returncode == 0
    written = sorted(p.relative_to(tmp_path / "my-timeline") for p in (tmp_path / "my-timeline").rglob("*"))
    expected = {Path(str(p).replace("gitignore", ".gitignore")) for p in scaffold_files()}
    assert {p for p in written if (tmp_path / "my-timeline" / p).is_file()} == expected


def test_init_names_the_next_commands(tmp_path: Path) -> None:
    assert f"cd {tmp_path / 'new'} && make html" in init(tmp_path / "new").stdout


def test_init_refuses_a_folder_that_holds_anything(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = init(tmp_path)
    assert (result.returncode, result.stderr, sorted(tmp_path.iterdir())) == (
        1,
        f"init: {tmp_path} is not empty — give the name of a new folder (nothing was written)\n",
        [tmp_path / "notes.txt"],
    )


def test_init_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("mine")
    result = init(tmp_path / "site")
    assert (result.returncode, result.stderr) == (
        1,
        f"init: {tmp_path / 'site'} exists and is not a folder — give the name of a new folder\n",
    )


def test_init_writes_into_an_empty_folder(tmp_path: Path) -> None:
    assert init(tmp_path).returncode == 0


def test_the_example_entries_pass_the_checks_without_a_warning() -> None:
    _, report = load_site(SCAFFOLD / "content")
    assert [str(w) for w in report.warnings] == []


def test_the_scaffold_has_an_entry_of_every_kind() -> None:
    folders = {p.parent.name for p in (SCAFFOLD / "content").rglob("*.md")}
    assert folders == {"events", "actors", "documents", "places", "threads", "pages"}


def test_the_scaffold_makefile_does_not_reach_into_this_repository() -> None:
    makefile = (SCAFFOLD / "Makefile").read_text()
    assert (".venv" in makefile, "PYTHONPATH" in makefile, "PLUGIN_PATHS" in makefile) == (False, False, False)
