"""Every address the site has, declared once.

A route is a pattern relative to the site's root, such as ``years/{year}/``.
The generator writes pages at these paths, the exports write their files there,
templates link them through ``url_for(name, …)`` and never format a path by
hand, and the names a free-standing page may not take (``pages/search.md`` would
replace the search page) are derived from them.
"""

from __future__ import annotations

ROUTES: dict[str, str] = {
    "home": "",
    "entry": "{folder}/{slug}/",  # an event, actor, document, place or thread
    "page": "{slug}/",  # a free-standing page (About) sits at the root
    "list": "{folder}/",  # every actor, document, place or thread
    "more": "{base}page/{number}/",  # the second and later pages of a long list
    "years": "years/",
    "year": "years/{year}/",
    "sources": "sources/",
    "corrections": "corrections/",
    "meetings": "meetings/",
    "publisher": "sources/{slug}/",
    "search": "search/",
    "data": "data/",
    "not_found": "404.html",
    "feed": "feeds/all.atom.xml",
    "thread_feed": "feeds/threads/{slug}.atom.xml",
    "csv": "events.csv",
    "calendar": "events.ics",
    "timelinejs": "timeline.json",
    "data_json": "data/timeline.json",
    "data_schema": "data/timeline.schema.json",  # the JSON Schema of data_json
    "datapackage": "datapackage.json",  # the Frictionless Data Package describing the data files
    "sitemap": "sitemap.xml",
    "robots": "robots.txt",
    "headers": "_headers",
    "theme": "theme/",  # the theme's static files (Pelican's THEME_STATIC_DIR)
    "search_index": "pagefind/",  # written by Pagefind after the pages
    "favicon": "favicon.ico",
    "favicon_svg": "favicon.svg",
    "share_image": "theme/img/share.png",  # the picture link previews show (og:image), in the theme
}


def route(name: str, **values: object) -> str:
    """The site-relative path of route ``name`` with ``values`` filled in: ``route("year", year=2019)``."""
    return ROUTES[name].format(**values)


def root_names(folders: list[str]) -> frozenset[str]:
    """The first path segment of every route, with ``folders`` (the kinds') filled in.

    A free-standing page at ``/<slug>/`` may take none of them (nor ``index``,
    which hosts serve for ``/``): it would replace a part of the site or be lost.
    """
    names = {"index"}
    for pattern in ROUTES.values():
        first = pattern.split("/", 1)[0]
        if first == "{folder}":
            names.update(folders)
        elif first and "{" not in first:
            names.add(first.removesuffix(".html"))
    return frozenset(names)
