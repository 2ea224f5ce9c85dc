"""``python -m timeline init FOLDER``: a new timeline site, copied from the scaffold the package carries.

The scaffold (``timeline/scaffold/``) is a working site: example entries of every
kind, ``pelicanconf.py`` and ``publishconf.py`` that rely on the engine's defaults,
a Makefile with the same commands as this engine's first site, a README and a
CONTRIBUTING guide. It is copied file by file and never over anything: a folder
that already holds something is refused before a file is written.
"""

from __future__ import annotations

import os
from pathlib import Path

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
# Stored without the dot: packaging tools read or skip dot files, the copy must not.
RENAMED = {"gitignore": ".gitignore"}


class InitError(Exception):
    """The folder cannot take a new site; the message says why and what to do."""


def scaffold_files() -> list[Path]:
    """The scaffold's files, relative to it (not the bytecode an installer may leave beside them)."""
    return sorted(
        path.relative_to(SCAFFOLD) for path in SCAFFOLD.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )


def check_folder(folder: Path) -> None:
    """Refuse anything but a new or an empty folder."""
    if os.path.islink(folder) or (folder.exists() and not folder.is_dir()):
        raise InitError(f"{folder} exists and is not a folder — give the name of a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitError(f"{folder} is not empty — give the name of a new folder (nothing was written)")


def init(folder: Path) -> list[Path]:
    """Write a new site into ``folder``; return the files written."""
    check_folder(folder)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for relative in scaffold_files():
            target = folder / relative.parent / RENAMED.get(relative.name, relative.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as handle:  # "x": a file that appeared meanwhile is never overwritten
                handle.write((SCAFFOLD / relative).read_bytes())
            written.append(target)
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        raise InitError(f"cannot write the new site: {error.strerror or error}{where}") from None
    return written
