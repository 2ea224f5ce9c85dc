"""The commands ``make`` runs: check, build, new event, serve and devserver.

``python -m timeline check [CONTENT]`` validates without rendering;
``python -m timeline build`` builds atomically (``build``);
``python -m timeline new-event --title … --date …`` writes a scaffold;
``python -m timeline serve`` and ``devserver`` preview the site (``devserver``);
``python -m timeline init FOLDER`` writes a new site to start from (``newsite``).
Every command prints content problems as ``path:line: key: problem — what to do``
and exits non-zero when there are errors.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import time
import unicodedata
from pathlib import Path
from typing import NoReturn

from .dates import DateError, parse_date
from .diagnostics import ContentError, slugify
from .kinds import LISTED
from .processes import handle_ctrl_c
from .site import load_site
from .validation import SLUG_PATTERN

SCAFFOLD = """\
---
# One event. Every key is explained in CONTRIBUTING.md; delete the ones you do not use.
title: {title}
# Only as precise as you know it: 2019-11-11, 2019-11, 2019, 2010/2011, 2008~ (approximate), 2016? (uncertain)
date: "{date}"
# If sources disagree on the date, say so here (shown next to the date):
# date_note: "Some reports give 3 July."
summary: One sentence that readers see in lists. Neutral, in the site's own words.
tags: []            # short lowercase words: summit, ceasefire, statement, un, escalation
actors: []          # slugs of files in content/actors/, e.g. [sergey-lavrov, russia]
places: []          # slugs of files in content/places/
documents: []       # slugs of files in content/documents/
threads: []         # slugs of files in content/threads/
related: []         # - event: <slug of another event>
                    #   type: follows | responds-to | implements | context | disputes
sources:            # at least one; two from different sides where positions are described
  - title: Headline of the article
    publisher: Name of the outlet
    date: "{date}"
    url: https://example.org/the-article
    # archived: https://web.archive.org/...
quotes: []          # - speaker: <actor slug>
                    #   text: The exact words, verbatim.
                    #   source: <the url of one of the sources above>
                    #   translated: true
# In the body below, link other entries by slug: [Lavrov](actor:sergey-lavrov),
# [the Kazan summit](event:kazan-summit-2011); also document:, place:, thread:, page:
---
What happened, in your own words.
"""


def print_report(report, stream=sys.stderr) -> None:
    for diagnostic in [*report.errors, *report.warnings]:
        print(diagnostic, file=stream)


def cmd_check(args: argparse.Namespace) -> int:
    try:
        site, report = load_site(Path(args.content))
    except ContentError as error:
        print_report(error.report)
        print(f"{len(error.report.errors)} error(s), {len(error.report.warnings)} warning(s)", file=sys.stderr)
        return 1
    print_report(report)
    entities = sum(len(site.entities(kind)) for kind in LISTED)
    print(f"ok: {len(site.events)} events, {entities} entities, {len(report.warnings)} warning(s)")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import InputError, build
    from .output import OutputRefused

    left = f"{args.output} was left as it was"
    started = time.monotonic()
    try:
        done = build(
            Path(args.settings),
            Path(args.content),
            Path(args.output),
            search=not args.no_search,
            publish=args.publish,
        )
    except ContentError as error:
        print_report(error.report)
        print(f"build failed: {len(error.report.errors)} error(s); {left}", file=sys.stderr)
        return 1
    except OutputRefused as refusal:
        print(f"build refused: {refusal}", file=sys.stderr)
        return 2
    except InputError as error:
        print(f"build failed: {error}; {left}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"build interrupted; {left}", file=sys.stderr)
        return 130
    except OSError as error:
        print(f"build failed: {os_error(error)}; {left}", file=sys.stderr)
        return 1
    # Pelican's own closing line counts its articles (none here); this one counts what the build did
    made, shards = done.search_shards
    search = ("search index kept" if done.search_reused else "search index made") if done.search else "no search index"
    if done.search and shards > 1:
        search = f"search index: {made} of {shards} shards made"
    print(
        f"built {args.output}: {done.entries} entries, {done.pages_written} pages written, "
        f"{done.pages_reused} left as they were, {search}, {time.monotonic() - started:.1f} s"
    )
    return 0


def os_error(error: OSError) -> str:
    """One line for a file-system error: what went wrong, and where."""
    where = f": {error.filename}" if error.filename else ""
    return f"{error.strerror or error}{where}"


def cmd_clean(args: argparse.Namespace) -> int:
    from .output import clean

    removed, refused = clean(Path(args.output))
    for path in removed:
        print(f"removed {path}")
    for reason in refused:
        print(f"left alone: {reason}", file=sys.stderr)
    return 1 if refused else 0


NEW_EVENT_USAGE = 'usage: make event TITLE="Kazan summit" DATE="2011-06-24" [SLUG=kazan-summit-2011]'


def control_character(text: str) -> str | None:
    """The first line break or other control character in ``text``, named for a message; None if none."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return f"U+{ord(char):04X}"
    return None


def cmd_new_event(args: argparse.Namespace) -> int:
    """Write ``events/<slug>.md`` from ``SCAFFOLD``; every value is checked before anything is written.

    With ``--from-env`` the values come from ``TITLE``, ``DATE`` and ``SLUG`` in the
    environment, where ``make event`` puts them unexpanded: neither make nor the
    shell ever reads a user's value as syntax.
    """
    title, date_text, slug = args.title, args.date, args.slug
    if args.from_env:
        title, date_text, slug = (os.environ.get(name, "") for name in ("TITLE", "DATE", "SLUG"))
    if not title or not date_text:
        print(NEW_EVENT_USAGE, file=sys.stderr)
        return 2
    for name, value in (("TITLE", title), ("DATE", date_text), ("SLUG", slug)):
        if found := control_character(value):
            print(
                f"{name}: contains a line break or control character ({found}) — give it on one line", file=sys.stderr
            )
            return 2
    try:
        date = parse_date(date_text)
    except DateError as error:
        print(f"DATE: {error.message} — {error.hint}", file=sys.stderr)
        return 2
    if slug and not SLUG_PATTERN.fullmatch(slug):
        print(
            f"SLUG: {slug!r} is not a slug — use letters, digits and hyphens only, e.g. SLUG=kazan-summit-2011",
            file=sys.stderr,
        )
        return 2
    slug = slug or (slugify(title) and slugify(f"{title[:80]} {date.start.year}"))
    if not slug:
        print('TITLE: give a title with some letters or digits, e.g. TITLE="Kazan summit"', file=sys.stderr)
        return 2
    path = Path(args.content) / "events" / f"{slug}.md"
    # a JSON string is a valid YAML double-quoted string: quotes and backslashes stay as typed
    text = SCAFFOLD.format(title=json.dumps(title, ensure_ascii=False), date=date.edtf)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite (nor follow a symlink)
            handle.write(text)
    except FileExistsError:
        print(f"{path} already exists — choose another title or pass SLUG=…", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cannot write {path}: {error.strerror or error} — check INPUTDIR and SLUG", file=sys.stderr)
        return 1
    print(f"wrote {path} — fill it in, then run 'make check'")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .devserver import serve

    serve(Path(args.output), args.port, args.bind)
    return 0


def cmd_devserver(args: argparse.Namespace) -> int:
    from .devserver import devserver

    devserver(Path(args.settings), Path(args.content), Path(args.output), args.port, args.bind)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .newsite import InitError, init

    folder = Path(args.folder)
    try:
        written = init(folder)
    except InitError as error:
        print(f"init: {error}", file=sys.stderr)
        return 1
    print(f"wrote a new timeline site into {folder}/ ({len(written)} files). Next:")
    print(f"  cd {folder} && make html && make serve    # then open http://127.0.0.1:8000/")
    print("  edit pelicanconf.py (SITENAME), replace the example entries in content/ (see README.md)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m timeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate the content without rendering")
    check.add_argument("content", nargs="?", default="content")
    check.set_defaults(run=cmd_check)

    for name, run, help_text in (
        ("build", cmd_build, "build the site atomically"),
        ("devserver", cmd_devserver, "rebuild on every change and reload the browser"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--settings", "-s", default="pelicanconf.py")
        sub.add_argument("--content", "-i", default="content")
        sub.add_argument("--output", "-o", default="output")
        if name == "build":
            sub.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
            sub.add_argument("--publish", action="store_true", help="refuse a SITEURL that is not a web address")
        else:
            sub.add_argument("--port", type=int, default=8000)
            sub.add_argument("--bind", default="127.0.0.1")
        sub.set_defaults(run=run)

    clean = commands.add_parser("clean", help="delete what builds into OUTPUT made, and nothing else")
    clean.add_argument("--output", "-o", default="output")
    clean.set_defaults(run=cmd_clean)

    serve = commands.add_parser("serve", help="serve the built site")
    serve.add_argument("--output", "-o", default="output")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--bind", default="127.0.0.1")
    serve.set_defaults(run=cmd_serve)

    new = commands.add_parser("new-event", help="write a new event entry from the template")
    new.add_argument("--title", default="")
    new.add_argument("--date", default="")
    new.add_argument("--slug", default="")
    new.add_argument("--from-env", action="store_true", help="read TITLE, DATE and SLUG from the environment")
    new.add_argument("--content", "-i", default="content")
    new.set_defaults(run=cmd_new_event)

    new_site = commands.add_parser("init", help="write a new timeline site (example entries, settings, Makefile)")
    new_site.add_argument("folder", help="a new or empty folder, e.g. my-timeline")
    new_site.set_defaults(run=cmd_init)

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    handle_ctrl_c()
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The ``timeline`` command and ``python -m timeline``: ``main`` with the process's arguments, then exit."""
    code = main()
    # The process ends here: the collection Python makes on the way out would walk every
    # object a build left (1.5 s at 10,000 events) only to hand the memory back to the system.
    gc.freeze()
    sys.exit(code)
