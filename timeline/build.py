"""Building the site atomically: a failed build never touches the published output.

``output`` is a symbolic link to one of two folders. Pelican writes into the
other one, the search index is built there too, and only when everything has
succeeded is the link switched (one rename). After a failure the published
folder is byte-for-byte as it was; after a success no stale page from a deleted
entry remains (the page manifest names them, see ``cache.py``). A build without
cache writes a fresh folder and swaps it in with renames instead.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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


def trees(output: Path) -> tuple[Path, Path]:
    """The two folders that ``output`` (a symbolic link) points to in turn."""
    return output.parent / f".{output.name}.a", output.parent / f".{output.name}.b"


def point_to(output: Path, folder: Path) -> None:
    """Make the link ``output`` point to ``folder``: one rename, so readers never see half a site."""
    link = output.with_name(f".{output.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(folder.name)
    os.replace(link, output)


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

    With ``cache`` (the default) ``output`` is a link to one of two folders,
    ``.output.a`` and ``.output.b``. A build writes into the one not published,
    which holds the site of two builds ago: only what changed since is rendered
    again, pages of deleted entries are removed, and the link is switched when
    everything has succeeded. Checked entries, bodies and export pieces are
    cached too (see ``cache.py``). Without ``cache`` the build starts from an
    empty folder and replaces ``output`` by renames.
    """
    output = Path(output).absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not cache:
        build_fresh(Path(settings_file), Path(content), output, search, extra)
        return
    caches = cache_folder(output)
    first, second = trees(output)
    if output.exists() and not output.is_symlink():  # a plain folder from an earlier build: adopt it
        shutil.rmtree(first, ignore_errors=True)
        output.rename(first)
        point_to(output, first)
        for letter in "ab":
            (caches / f"pages-{letter}.json").unlink(missing_ok=True)
    published = Path(os.readlink(output)).name if output.is_symlink() else None
    target = second if published == first.name else first
    manifest = caches / f"pages-{target.name[-1]}.json"
    building = manifest.with_name(manifest.name + ".building")
    staged = manifest.with_name(manifest.name + ".new")
    if manifest.exists():
        manifest.replace(building)  # from now on the folder is being changed
    else:
        shutil.rmtree(target, ignore_errors=True)  # contents unknown: start it afresh
        building.unlink(missing_ok=True)
    for rebuilt_whole in ("feeds", "pagefind", "theme"):
        shutil.rmtree(target / rebuilt_whole, ignore_errors=True)
    target.mkdir(exist_ok=True)
    settings = {**(extra or {}), "TIMELINE_CACHE_DIR": str(caches), "TIMELINE_PAGE_MANIFEST": str(manifest)}
    try:
        render_into(Path(settings_file), Path(content), target, settings)
        if search:
            index_search(target)
        point_to(output, target)
    except BaseException:
        # the folder is half changed: forget its manifest so the next build starts it afresh
        staged.unlink(missing_ok=True)
        building.unlink(missing_ok=True)
        raise
    staged.replace(manifest)
    building.unlink(missing_ok=True)


def build_fresh(settings_file: Path, content: Path, output: Path, search: bool, extra: dict | None) -> None:
    """Build from nothing into a new folder, then swap it in for ``output``."""
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        render_into(settings_file, content, staging, extra)
        if search:
            index_search(staging)
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


__all__ = ["build", "render_into", "swap_in"]
