"""The benchmark's events for the other tools: stock Pelican articles and a minimal Hugo site.

Each event is reduced to what a blog engine understands (title, first day,
summary, tags, actors as authors, first thread as category, body with its body
links turned into plain text), so every tool builds the same events.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from timeline.dates import parse_date
from timeline.frontmatter import parse
from timeline.site import entry_files

LINK_KINDS = "event|actor|document|place|thread|page"
BODY_LINK = re.compile(rf"\[([^\]]+)\]\((?:{LINK_KINDS}):[^)\s]*\)")

PELICAN_SETTINGS = """\
# pelican-quickstart's defaults: default theme, no plugins, feeds off while developing.
AUTHOR = "Benchmark"
SITENAME = "Stock Pelican baseline"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
"""
HUGO_CONFIG = """\
baseURL = "/"
title = "Hugo baseline"
languageCode = "en"
paginate = 10
disableKinds = ["RSS", "sitemap"]  # the Pelican baseline writes no feeds or sitemap either
[taxonomies]
  tag = "tags"
  category = "categories"
  author = "authors"
"""
HUGO_HEAD = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} — {{ .Site.Title }}</title></head><body>"""
HUGO_SINGLE = (
    HUGO_HEAD
    + """<nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></nav><article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "authors" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article></body></html>
"""
)
HUGO_LIST = (
    HUGO_HEAD
    + """<nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></nav><h1>{{ .Title }}</h1><ol>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ if not .Date.IsZero }}<time>{{ .Date.Format "2 January 2006" }}</time>{{ end }}<p>{{ .Summary }}</p></li>{{ end }}
</ol>{{ with .Paginator.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}
{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}
</body></html>
"""
)


@dataclass
class PlainEvent:
    slug: str
    title: str
    day: dt.date
    summary: str
    tags: list[str]
    actors: list[str]
    category: str
    body: str


def plain_events(content: Path) -> list[PlainEvent]:
    """The events of ``content`` reduced to what a blog engine understands."""
    events = []
    for kind, path in entry_files(Path(content)):
        if kind != "event":
            continue
        raw = parse(path, path.read_bytes())
        meta = raw.meta
        threads = meta.get("threads") or []
        events.append(PlainEvent(
            slug=path.stem, title=str(meta["title"]), day=parse_date(meta["date"]).lower,
            summary=str(meta.get("summary") or ""), tags=[str(t) for t in meta.get("tags") or []],
            actors=[str(a) for a in meta.get("actors") or []], category=str(threads[0]) if threads else "general",
            body=BODY_LINK.sub(r"\1", raw.body),
        ))  # fmt: skip
    return events


def to_pelican(content: Path, site: Path) -> Path:
    """Write the events of ``content`` as stock Pelican articles under ``site``; returns the settings file."""
    articles = site / "content"
    articles.mkdir(parents=True, exist_ok=True)
    for event in plain_events(content):
        header = [f"Title: {event.title}", f"Date: {event.day.isoformat()}", f"Slug: {event.slug}",
                  f"Category: {event.category}", f"Tags: {', '.join(event.tags)}",
                  f"Authors: {', '.join(event.actors)}", f"Summary: {event.summary}"]  # fmt: skip
        (articles / f"{event.slug}.md").write_text("\n".join(header) + "\n\n" + event.body.strip() + "\n", "utf-8")
    settings = site / "pelicanconf.py"
    settings.write_text(PELICAN_SETTINGS, "utf-8")
    return settings


def to_hugo(content: Path, site: Path) -> Path:
    """Write the events of ``content`` as a Hugo site (minimal layouts) in ``site``."""
    posts = site / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for event in plain_events(content):
        front = {"title": event.title, "date": event.day.isoformat(), "slug": event.slug, "summary": event.summary,
                 "tags": event.tags, "categories": [event.category], "authors": event.actors}  # fmt: skip
        text = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) + "---\n"
        (posts / f"{event.slug}.md").write_text(text + event.body.strip() + "\n", "utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, "utf-8")
    (site / "layouts" / "index.html").write_text(HUGO_LIST, "utf-8")
    (site / "config.toml").write_text(HUGO_CONFIG, "utf-8")
    return site
