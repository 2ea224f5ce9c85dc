"""The settings the engine reads and the Pelican settings it needs: each default once, applied at start.

``TIMELINE`` lists every setting the engine itself reads, with its default and what
it does; ``PELICAN`` lists Pelican's own settings the plugin needs set a certain way
(its theme, and none of Pelican's article, page, tag or feed pages). A site's
``pelicanconf.py`` then needs only ``SITENAME`` and ``PLUGINS = ["timeline"]``; a
value it gives always wins over a default here.

The defaults are applied twice over, to the same effect: ``read_settings`` (what the
engine's commands use) fills them in before Pelican configures the settings, knowing
exactly which names the file sets, so Pelican does not warn about feeds or a time
zone the site never uses; ``on_initialized`` (Pelican's ``initialized`` signal, for a
site run with ``pelican`` itself) fills in those still at Pelican's own default and
reports unknown ``TIMELINE_*`` names.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .diagnostics import did_you_mean

log = logging.getLogger(__name__)

# Resolved: in this repository timeline/themes is a link to the themes/ folder the theme is
# developed in; in an installed wheel it is a real folder. Either way one path, no link in it.
DEFAULT_THEME = (Path(__file__).parent / "themes" / "ledger").resolve()


@dataclass(frozen=True)
class Setting:
    default: Any
    doc: str
    internal: bool = False  # set by the build itself, never in a settings file
    least: int | None = None  # a count: a whole number of at least this (checked by wrong_counts)


TIMELINE: Mapping[str, Setting] = MappingProxyType(
    {
        "SITE_DESCRIPTION": Setting("", "A sentence or two under the index's title, and every page's description."),
        "TIMELINE_EDIT_URL": Setting(
            "",
            "Web address of the content folder in the repository's editor "
            "(e.g. https://github.com/ORG/REPO/edit/main/content): pages get an 'Edit this page' link to "
            "the entry's file. Empty: no links.",
        ),
        "TIMELINE_FEED_AUTHOR": Setting(
            "", "The author the Atom feeds name for every entry (RFC 4287 requires one). Empty: SITENAME."
        ),
        "TIMELINE_DATA_LICENSE": Setting(
            None,
            "The content's licence, as the data files state it (datapackage.json, data/timeline.json, /data/): "
            "a dict with name (an SPDX id such as CC-BY-4.0), path (its web address) and title. None: no licence.",
        ),
        "TIMELINE_SHORT_NAME": Setting(
            "", "A short name for the site, ending page titles too long for SITENAME (titles stay ≤ 70 characters)."
        ),
        "TIMELINE_PAGE_SIZE": Setting(
            250, "Lists longer than this (a year, an actor's events…) are split into pages.", least=1
        ),
        "TIMELINE_WORKERS": Setting(
            0,
            "Processes that check files, render bodies and render pages, and Pagefind runs at once for a split "
            "search index (0: one per CPU). "
            "The files are the same whatever the number.",
            least=0,
        ),
        "TIMELINE_SEARCH_SHARD": Setting(
            2000,
            "Search documents per shard of the search index: past this, the index is split, and an edit makes "
            "one shard again instead of the whole index (the search page merges them).",
            least=1,
        ),
        "TIMELINE_INDEX_LIMIT": Setting(
            100,
            "With more events than this, the index lists counts per year (each year's page lists its events) "
            "instead of every event's date and title, so the front page stays light on a phone.",
            least=0,
        ),
        # Set by the build for the generator, never in a settings file.
        "TIMELINE_BUILD": Setting(None, "The build's target: its folders, caches and page manifest.", internal=True),
    }
)

# Switched off: the timeline plugin reads content/ and writes every page itself.
_NO_PELICAN_PAGES = "none of Pelican's own pages: the timeline plugin reads content/ and writes every page"

PELICAN: Mapping[str, Setting] = MappingProxyType(
    {
        "THEME": Setting(str(DEFAULT_THEME), "The theme the engine carries (ledger); give a folder to use your own."),
        "THEME_STATIC_DIR": Setting("theme", "Where the theme's CSS and scripts go; the templates link /theme/."),
        "THEME_STATIC_PATHS": Setting(["static"], "The theme's folders copied there."),
        "JINJA_ENVIRONMENT": Setting(
            {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True},
            "Templates escape every value (the generator turns autoescape on whatever this says).",
        ),
        "TIMEZONE": Setting("UTC", "Pelican asks for one; the timeline's dates are days, without a time zone."),
        "ARTICLE_PATHS": Setting([], _NO_PELICAN_PAGES),
        "PAGE_PATHS": Setting([], _NO_PELICAN_PAGES),
        "STATIC_PATHS": Setting([], _NO_PELICAN_PAGES),
        "DIRECT_TEMPLATES": Setting([], _NO_PELICAN_PAGES),
        "PAGINATED_TEMPLATES": Setting({}, _NO_PELICAN_PAGES),
        **{
            name: Setting("", _NO_PELICAN_PAGES)
            for name in (
                "AUTHOR_SAVE_AS",
                "CATEGORY_SAVE_AS",
                "TAG_SAVE_AS",
                "AUTHORS_SAVE_AS",
                "CATEGORIES_SAVE_AS",
                "TAGS_SAVE_AS",
                "ARCHIVES_SAVE_AS",
            )
        },
        **{
            name: Setting(None, "none of Pelican's feeds: the timeline writes its own (feeds/)")
            for name in (
                "FEED_ALL_ATOM",
                "FEED_ALL_RSS",
                "CATEGORY_FEED_ATOM",
                "TRANSLATION_FEED_ATOM",
                "AUTHOR_FEED_ATOM",
                "AUTHOR_FEED_RSS",
            )
        },
    }
)


def defaults() -> dict[str, Any]:
    """Every default but the build's own settings, as fresh copies (a site's settings may change its lists)."""
    return {
        name: copy.deepcopy(setting.default)
        for name, setting in {**PELICAN, **TIMELINE}.items()
        if not setting.internal
    }


def read_settings(path: Path, override: dict[str, Any]) -> dict[str, Any]:
    """Pelican's settings from the file at ``path``, with ``override`` on top and the defaults below.

    The file is run once more to learn which names it sets (its module's upper-case
    names, as Pelican reads them): a default never replaces a value the file gives.
    """
    from pelican.settings import get_settings_from_file
    from pelican.settings import read_settings as pelican_read_settings

    given = get_settings_from_file(str(path))
    filled = {name: value for name, value in defaults().items() if name not in given and name not in override}
    return pelican_read_settings(str(path), override={**filled, **override})


def at_pelican_default(settings: Mapping[str, Any], name: str) -> bool:
    """Whether ``name`` is unset or still at Pelican's own default (so the site did not choose it)."""
    from pelican.settings import DEFAULT_CONFIG

    return name not in settings or (name in DEFAULT_CONFIG and settings[name] == DEFAULT_CONFIG[name])


def unknown_settings(settings: Mapping[str, Any]) -> list[str]:
    """One warning per ``TIMELINE_*`` name the engine does not read (a typo reads as the default)."""
    known = [name for name, setting in TIMELINE.items() if not setting.internal and name.startswith("TIMELINE_")]
    return [
        f"unknown setting {name}: the timeline engine reads no such setting — {did_you_mean(name, known)}"
        for name in sorted(settings)
        if name.startswith("TIMELINE_") and name not in TIMELINE
    ]


def wrong_counts(settings: Mapping[str, Any], path: Path) -> list[str]:
    """``file:line: NAME: problem — fix`` for each counting setting that is not a whole number large enough."""
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    problems = []
    for name, setting in TIMELINE.items():
        least = setting.least
        if least is None:
            continue
        value = settings.get(name, setting.default)
        if isinstance(value, int) and not isinstance(value, bool) and value >= least:
            continue
        found = re.search(rf"^\s*{name}\s*=", text, flags=re.M)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        problems.append(
            f"{path}:{line}: {name}: {value!r} is not a whole number of at least {least} — "
            f"give e.g. {name} = {setting.default} ({setting.doc})"
        )
    return problems


def apply(settings: dict[str, Any]) -> None:
    """Fill in every default the settings leave at Pelican's own (or do not give)."""
    for name, value in defaults().items():
        if name == "JINJA_ENVIRONMENT":  # Pelican merges its keys into a site's; autoescape is ours
            settings.setdefault(name, {}).setdefault("autoescape", True)
        elif at_pelican_default(settings, name):
            settings[name] = value


def on_initialized(pelican: Any) -> None:
    """Pelican's ``initialized`` signal: apply the defaults, report unknown settings."""
    if "timeline" not in pelican.settings.get("PLUGINS", []):
        return  # another site built in this process, without the plugin
    apply(pelican.settings)
    pelican.theme = pelican.settings["THEME"]  # Pelican copied it before the plugins were loaded
    for warning in unknown_settings(pelican.settings):
        log.warning("%s", warning)
