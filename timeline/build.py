"""Building the site atomically: a failed build never touches the published output.

``output`` is a symbolic link to one of two folders. Pelican writes into the
other one, the search index is built there too, and only when everything has
succeeded is the link switched (one rename). After a failure the published
folder is byte-for-byte as it was; after a success no stale page from a deleted
entry remains (the page manifest names them, see ``cache.py``). A build without
cache writes a fresh folder and swaps it in with renames instead.

Which folders a build may touch, and the lock that keeps two builds apart, are
``output.py``'s; the processes it starts die with it (``processes.py``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .output import BuildLock, BuildTarget, cache_folder, check_output, is_ours, mark, remove_ours, trees
from .search import pagefind_available

log = logging.getLogger(__name__)


class InputError(Exception):
    """The settings file or the content folder is missing or unusable; the message says which and why."""


def pelican_settings(settings_file: Path, content: Path, output: Path, extra: dict | None = None) -> dict:
    from .settings import read_settings, wrong_counts  # Pelican's, with the engine's defaults below the file's

    override = {"PATH": str(content.resolve()), "OUTPUT_PATH": str(output.resolve())}
    # the build decides what is deleted in its folders, never Pelican
    override["DELETE_OUTPUT_DIRECTORY"] = False
    override.update(extra or {})
    if not settings_file.is_file():
        raise InputError(f"the settings file {settings_file} does not exist — give CONFFILE=<your pelicanconf.py>")
    try:
        settings = read_settings(str(settings_file), override=override)
    except Exception as error:  # the file is the user's Python: any error in it is theirs to fix
        line = getattr(error, "lineno", None)
        where = f"{settings_file}:{line}" if line else str(settings_file)
        raise InputError(f"{where}: the settings file fails: {type(error).__name__}: {error}") from None
    problems = wrong_counts(settings, settings_file)
    if problems:
        raise InputError("\n".join(problems))
    return settings


# Second-level names reserved for documentation (RFC 2606, RFC 6761): never a published site's.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


def check_site_url(site_url: str) -> None:
    """A published site needs its real address: feeds, sitemap and canonical links are built from it.

    Refused: no address at all, one that is not ``http(s)://``, and an example address.
    """
    if not str(site_url or "").strip():
        raise InputError(
            "SITEURL is not set — publishing needs the site's full address, "
            "e.g. SITEURL=https://timeline.your-domain.org make publish"
        )
    scheme, _, rest = str(site_url).partition("://")
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    example = host in EXAMPLE_DOMAINS or host.endswith(tuple("." + name for name in EXAMPLE_DOMAINS))
    if scheme in ("http", "https") and example:
        raise InputError(
            f"SITEURL is {site_url!r}, an example address (example.org, .com and .net are reserved for "
            "documentation) — publishing needs the site's real address, e.g. SITEURL=https://timeline.your-domain.org"
        )
    if scheme not in ("http", "https") or not rest.strip("/"):
        raise InputError(
            f"SITEURL is {site_url!r}, not a web address — publishing needs the site's full address, "
            "e.g. SITEURL=https://timeline.example.org make publish"
        )


def render_into(settings_file: Path, content: Path, folder: Path, extra: dict | None = None) -> None:
    """Run Pelican (with the timeline plugin) into ``folder``; raises on any error."""
    from pelican import Pelican

    settings = pelican_settings(settings_file, content, folder, extra)
    with without_pelicans_summary():
        Pelican(settings).run()


@contextlib.contextmanager
def without_pelicans_summary() -> Iterator[None]:
    """Keep Pelican's closing line ("Done: Processed 0 articles, …") off the console.

    Its counts are of Pelican's own articles and pages, of which this site has
    none; the command line prints the timeline's own summary instead.
    """
    from pelican.log import console

    def filtered(*objects: Any, **options: Any) -> None:
        if objects and isinstance(objects[0], str) and objects[0].startswith("Done: Processed "):
            return
        type(console).print(console, *objects, **options)

    console.print = filtered  # type: ignore[method-assign]
    try:
        yield
    finally:
        del console.print


def wants_search(search: bool) -> bool:
    """Whether this build makes a search index: asked for, and Pagefind installed (warned if not)."""
    if search and not pagefind_available():
        log.warning("pagefind is not installed: the site is built without a search index")
        return False
    return search


def swap_in(new: Path, output: Path) -> None:
    """Replace ``output`` by ``new`` with renames, so readers never see half a site."""
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if os.path.lexists(output):
        output.rename(old)
    try:
        new.rename(output)
    except BaseException:
        if os.path.lexists(old):
            old.rename(output)
        raise
    if old.is_symlink():  # the link of cached builds: its folders stay, the next cached build adopts them
        old.unlink()
    elif old.exists():
        remove_in_background(old)


def remove_in_background(folder: Path) -> None:
    """Delete ``folder`` without making the build wait (a detached grandchild process does it)."""
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:  # the child starts the remover and leaves at once, so nothing is left to reap
        if os.fork() == 0:
            os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # not the build lock: the next build need not wait
            try:
                shutil.rmtree(folder, ignore_errors=True)
            finally:
                os._exit(0)
        os._exit(0)
    os.waitpid(child, 0)


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
    publish: bool = False,
) -> BuildTarget:
    """Build the whole site into ``output``, or leave ``output`` untouched and raise.

    With ``cache`` (the default) ``output`` is a link to one of two folders,
    ``.output.a`` and ``.output.b``. A build writes into the one not published,
    which holds the site of two builds ago: only what changed since is rendered
    again, pages of deleted entries are removed, and the link is switched when
    everything has succeeded. Checked entries, bodies and export pieces are
    cached too (see ``cache.py``). Without ``cache`` the build starts from an
    empty folder and replaces ``output`` by renames.

    Returns what the build wrote (``BuildTarget``: entries, pages written and reused).
    Raises ``OutputRefused`` before writing anything if ``output`` is not the
    build's to write; waits while another build into ``output`` runs. With
    ``publish``, the settings must give the site's real address (``SITEURL``).
    """
    settings_file, content = Path(settings_file), Path(content)
    output = Path(os.path.abspath(output))  # normalised ("out/.." is its parent), links not followed
    if not settings_file.is_file():
        raise InputError(f"the settings file {settings_file} does not exist — give CONFFILE=<your pelicanconf.py>")
    if not content.is_dir():
        raise InputError(f"the content folder {content} does not exist — give INPUTDIR=<the folder holding events/>")
    if publish:
        check_site_url(pelican_settings(settings_file, content, output, extra).get("SITEURL", ""))
    project = settings_file.resolve().parent
    check_output(output, content.resolve(), project)  # before the lock file is made beside it
    output.parent.mkdir(parents=True, exist_ok=True)
    with BuildLock(output) as lock:
        check_output(output, content.resolve(), project)  # again: another build may have run meanwhile
        assert lock.fd is not None
        if cache:
            return build_cached(settings_file, content, output, search, extra, (lock.fd,))
        return build_fresh(settings_file, content, output, search, extra, (lock.fd,))


def adopt(output: Path) -> None:
    """Make a plain ``output`` folder into the link layout: ours becomes ``.output.a``, empty goes."""
    if not is_ours(output):
        output.rmdir()  # check_output let it through: it is empty
        return
    first = trees(output)[0]
    remove_ours(first)
    output.rename(first)
    point_to(output, first)
    for letter in "ab":
        (cache_folder(output) / f"pages-{letter}.json").unlink(missing_ok=True)


def build_cached(
    settings_file: Path, content: Path, output: Path, search: bool, extra: dict | None, keep_fds: tuple[int, ...]
) -> BuildTarget:
    """Build into the unpublished one of the two folders, then point ``output`` at it."""
    first, second = trees(output)
    if output.is_dir() and not output.is_symlink():
        adopt(output)
    published = os.readlink(output) if output.is_symlink() else None
    target = BuildTarget.of(output, second if published == first.name else first)
    if published in (first.name, second.name):
        target.published = BuildTarget.of(output, first if published == first.name else second)
    target.search, target.keep_fds = wants_search(search), keep_fds
    folder, manifest, building, staged = target.folder, target.manifest, target.building, target.staged
    assert manifest is not None and building is not None and staged is not None and target.cache is not None
    if os.path.lexists(folder) and not is_ours(folder):
        remove_ours(folder)  # refuses, naming the folder
    mark(target.cache)
    if manifest.exists() and folder.is_dir():
        manifest.replace(building)  # from now on the folder is being changed
    else:
        remove_ours(folder)  # contents unknown: start it afresh
        building.unlink(missing_ok=True)
    staged.unlink(missing_ok=True)
    for rebuilt_whole in ("feeds", "theme"):  # the search index is kept when still right (search.py)
        shutil.rmtree(folder / rebuilt_whole, ignore_errors=True)
    mark(folder)
    try:
        render_into(settings_file, content, folder, {**(extra or {}), "TIMELINE_BUILD": target})
        point_to(output, folder)
    except BaseException:
        # the folder is half changed: forget its manifest so the next build starts it afresh
        staged.unlink(missing_ok=True)
        building.unlink(missing_ok=True)
        raise
    staged.replace(manifest)
    building.unlink(missing_ok=True)
    return target


def build_fresh(
    settings_file: Path, content: Path, output: Path, search: bool, extra: dict | None, keep_fds: tuple[int, ...]
) -> BuildTarget:
    """Build from nothing into a new folder, then swap it in for ``output``."""
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    target = BuildTarget(staging, search=wants_search(search), keep_fds=keep_fds)
    try:
        mark(staging)
        render_into(settings_file, content, staging, {**(extra or {}), "TIMELINE_BUILD": target})
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    target.folder = output
    return target


__all__ = ["build", "render_into", "swap_in"]
