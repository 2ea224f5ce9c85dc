"""Building the site atomically: a failed build never touches the published output.

Pelican writes into a fresh folder beside the output; the search index is built
there too; only when everything has succeeded is the old output swapped for the
new one (two renames on the same filesystem). After a failure the previous output
is byte-for-byte as it was, and after a success no stale page from a deleted
entry remains, because the new folder started empty.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .cache import commit_manifest, discard_manifest
from .diagnostics import ContentError

log = logging.getLogger(__name__)


def pelican_settings(settings_file: Path, content: Path, output: Path, extra: dict | None = None) -> dict:
    from pelican.settings import read_settings

    override = {"PATH": str(content.resolve()), "OUTPUT_PATH": str(output.resolve())}
    override.update(extra or {})
    return read_settings(str(settings_file), override=override)


def render_into(settings_file: Path, content: Path, folder: Path, extra: dict | None = None) -> None:
    """Run Pelican (with the timeline plugin) into ``folder``; raises on any error."""
    from pelican import Pelican

    settings = pelican_settings(settings_file, content, folder, extra)
    Pelican(settings).run()


def index_search(folder: Path) -> None:
    """Build the Pagefind index inside ``folder`` (skipped if Pagefind is not installed)."""
    try:
        import pagefind  # noqa: F401
    except ImportError:
        log.warning("pagefind is not installed: the site is built without a search index")
        return
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed:\n{result.stdout}{result.stderr}")


def swap_in(new: Path, output: Path) -> None:
    """Replace ``output`` by ``new`` with renames, so readers never see half a site."""
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(old)
    try:
        new.rename(output)
    except BaseException:
        if old.exists():
            old.rename(output)
        raise
    if old.exists():
        remove_in_background(old)


def remove_in_background(folder: Path) -> None:
    """Delete ``folder`` without making the build wait (a detached grandchild process does it)."""
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:  # the child starts the remover and leaves at once, so nothing is left to reap
        if os.fork() == 0:
            try:
                shutil.rmtree(folder, ignore_errors=True)
            finally:
                os._exit(0)
        os._exit(0)
    os.waitpid(child, 0)


def cache_folder(output: Path) -> Path:
    """Where the build caches of ``output`` live: ``.output.cache/`` beside ``output/``."""
    return output.parent / f".{output.name}.cache"


def build(
    settings_file: Path,
    content: Path,
    output: Path,
    *,
    search: bool = True,
    extra: dict | None = None,
    cache: bool = True,
) -> None:
    """Build the whole site into ``output``, or leave ``output`` untouched and raise.

    With ``cache`` (the default), unchanged entries and pages are reused from the
    last successful build (see ``cache.py``).
    """
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    caches = cache_folder(output)
    settings = dict(extra or {})
    if cache:
        settings.update(TIMELINE_CACHE_DIR=str(caches), TIMELINE_FINAL_OUTPUT=str(output))
        if output.is_dir():
            settings["TIMELINE_PREVIOUS_OUTPUT"] = str(output)
    try:
        render_into(Path(settings_file), Path(content), staging, settings)
        if search:
            index_search(staging)
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        discard_manifest(caches)
        raise
    commit_manifest(caches)


__all__ = ["ContentError", "build", "render_into", "swap_in"]
