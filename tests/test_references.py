"""Links between entries as readers follow them: backlinks, relations both ways,
threads in order, previous/next, quotes, cited sources and body links."""

from __future__ import annotations

import pytest
from _content import LAVROV, SOURCE_URL, event, load_errors, load_ok, write


def src(url: str, publisher: str = "Example News", title: str = "Report", date: str | None = None) -> str:
    item = f"  - title: {title}\n    publisher: {publisher}\n    url: {url}\n"
    return item + (f'    date: "{date}"\n' if date else "")


@pytest.fixture
def site_root(tmp_path):
    """Three events whose file names are not in date order."""
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    write(tmp_path, "actors/russia.md", "---\nname: Russia\nkind: state\n---\n")
    write(tmp_path, "places/kazan.md", "---\nname: Kazan\n---\n")
    write(tmp_path, "documents/basic-principles.md", '---\nname: Basic principles\ndate: "2010/2011"\n---\n')
    write(tmp_path, "threads/talks.md", "---\ntitle: The talks\n---\n")
    write(tmp_path, "pages/about.md", "---\ntitle: About\n---\nAbout the site.\n")
    write(
        tmp_path,
        "events/2019/a-late-statement.md",
        event(
            title="A late statement",
            date='"2019-11-11"',
            extra=(
                "actors: [sergey-lavrov]\nthreads: [talks]\n"
                "related:\n  - event: kazan-summit\n    type: responds-to\n"
                "sources:\n" + src("https://news.example.org/late", date="2019-11-12")
                + "quotes:\n  - speaker: sergey-lavrov\n    text: Late words.\n"
                "    source: https://news.example.org/late\n"
            ),
            sources=False,
        ),
    )  # fmt: skip
    write(
        tmp_path,
        "events/kazan-summit.md",
        event(
            title="Kazan summit",
            date='"2011-06-24"',
            extra=(
                "actors: [sergey-lavrov, russia, sergey-lavrov]\nplaces: [kazan]\n"
                "documents: [basic-principles]\nthreads: [talks]\n"
                "sources:\n" + src("https://news.example.org/kazan", date="2011-06-25")
                + src("https://agency.example.org/kazan", publisher="Agency", title="Summit ends")
                + "quotes:\n  - speaker: sergey-lavrov\n    text: Early words.\n"
                "    source: https://agency.example.org/kazan\n"
            ),
            sources=False,
        ),
    )  # fmt: skip
    write(
        tmp_path,
        "events/b-ministers-prepare.md",
        event(
            title="Ministers prepare",
            date='"2011"',
            extra=(
                "actors: [sergey-lavrov]\nthreads: [talks]\n"
                "related:\n  - event: kazan-summit\n    type: follows\n"
                "sources:\n" + src("https://news.example.org/kazan", date="2011-06-25")
            ),
            sources=False,
        ),
    )  # fmt: skip
    return tmp_path


def slugs(events):
    return [e.slug if e is not None else None for e in events]


def test_events_in_chronological_order(site_root):
    site, _ = load_ok(site_root)
    assert slugs(site.events) == ["b-ministers-prepare", "kazan-summit", "a-late-statement"]
    assert site.years == [2011, 2019]


def test_previous_and_next_in_time(site_root):
    site, _ = load_ok(site_root)
    first, summit, late = site.events
    assert (first.previous, first.next) == (None, summit)
    assert (summit.previous, summit.next) == (first, late)
    assert (late.previous, late.next) == (summit, None)


def test_backlinks_in_chronological_order(site_root):
    site, _ = load_ok(site_root)
    assert slugs(site.actors["sergey-lavrov"].events) == ["b-ministers-prepare", "kazan-summit", "a-late-statement"]
    assert slugs(site.actors["russia"].events) == ["kazan-summit"]
    assert slugs(site.places["kazan"].events) == ["kazan-summit"]
    assert slugs(site.documents["basic-principles"].events) == ["kazan-summit"]
    summit = site.events[1]
    # named twice, linked once
    assert [a.slug for a in summit.actors] == ["sergey-lavrov", "russia"]
    assert summit.places == [site.places["kazan"]]
    assert summit.documents == [site.documents["basic-principles"]]


def test_relations_both_ways_with_words(site_root):
    site, _ = load_ok(site_root)
    first, summit, late = site.events
    assert [(r.type, r.words, r.other.slug) for r in late.relations] == [("responds-to", "Responds to", "kazan-summit")]
    assert [(r.type, r.words, r.other.slug) for r in first.relations] == [("follows", "Follows", "kazan-summit")]
    # on the summit's page, in the other events' time order
    assert [(r.type, r.words, r.other.slug) for r in summit.relations] == [
        ("follows", "Followed by", "b-ministers-prepare"),
        ("responds-to", "Answered by", "a-late-statement"),
    ]


def test_thread_order_and_steps(site_root):
    site, _ = load_ok(site_root)
    thread = site.threads["talks"]
    assert slugs(thread.events) == ["b-ministers-prepare", "kazan-summit", "a-late-statement"]
    steps = [(e.slug, [(s.thread.slug, s.position, getattr(s.previous, "slug", None),
                        getattr(s.next, "slug", None)) for s in e.thread_steps]) for e in site.events]  # fmt: skip
    assert steps == [
        ("b-ministers-prepare", [("talks", 1, None, "kazan-summit")]),
        ("kazan-summit", [("talks", 2, "b-ministers-prepare", "a-late-statement")]),
        ("a-late-statement", [("talks", 3, "kazan-summit", None)]),
    ]


def test_actor_quotes_over_time(site_root):
    site, _ = load_ok(site_root)
    lavrov = site.actors["sergey-lavrov"]
    assert [(q.text, q.event.slug, q.source.url) for q in lavrov.quotes] == [
        ("Early words.", "kazan-summit", "https://agency.example.org/kazan"),
        ("Late words.", "a-late-statement", "https://news.example.org/late"),
    ]
    assert all(q.speaker is lavrov for q in lavrov.quotes)


def test_quote_of_an_actor_not_listed_in_actors_is_not_lost(tmp_path):
    """Whoever is quoted took part: the event is on the speaker's page, with the quote."""
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    extra = "quotes:\n  - speaker: sergey-lavrov\n    text: Words.\n    source: https://news.example.org/a\n"
    write(tmp_path, "events/a.md", event(extra=extra))
    site, _ = load_ok(tmp_path)
    lavrov = site.actors["sergey-lavrov"]
    assert [q.text for q in lavrov.quotes] == ["Words."]
    assert slugs(lavrov.events) == ["a"]
    assert slugs(site.events[0].actors) == ["sergey-lavrov"]


def test_sources_grouped_and_deduplicated(site_root):
    site, _ = load_ok(site_root)
    listed = [(s.publisher, s.url, slugs(s.cited_by)) for s in site.sources]
    assert listed == [
        ("Agency", "https://agency.example.org/kazan", ["kazan-summit"]),
        ("Example News", "https://news.example.org/kazan", ["b-ministers-prepare", "kazan-summit"]),
        ("Example News", "https://news.example.org/late", ["a-late-statement"]),
    ]
    assert site.sources[1].date.display == "25 June 2011"


BODY = """\
See [the summit](event:kazan-summit#quotes) and [the minister][lavrov].
Also [Kazan](place:kazan), [the principles](document:basic-principles), [the talks](thread:talks),
[Russia](actor:russia) and [about this site](page:about).

[lavrov]: actor:sergey-lavrov
"""

EXPECTED_HREFS = [
    "events/kazan-summit/#body-quotes",
    "actors/sergey-lavrov/",
    "places/kazan/",
    "documents/basic-principles/",
    "threads/talks/",
    "actors/russia/",
    "about/",
]


def _hrefs(html: str) -> list[str]:
    import re

    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize(
    ("site_url", "prefix"),
    [
        ("", "/"),
        ("https://example.org/timeline", "https://example.org/timeline/"),
        ("https://e.org/", "https://e.org/"),
    ],
)
def test_body_links_of_each_kind(site_root, site_url, prefix):
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\n" + BODY)
    site, _ = load_ok(site_root, site_url=site_url)
    html = site.threads["talks"].body_html
    assert _hrefs(html) == [prefix + href for href in EXPECTED_HREFS]
    assert f'<a href="{prefix}events/kazan-summit/#body-quotes">the summit</a>' in html
    assert f'<a href="{prefix}actors/sergey-lavrov/">the minister</a>' in html


def test_broken_body_link_reported_on_its_body_line(site_root):
    body = "First line.\n\nSee [the minister](actor:sergey-lavrv).\n"
    write(site_root, "places/kazan.md", "---\nname: Kazan\n---\n" + body)
    errors = load_errors(site_root)
    assert [(p, line, key) for p, line, key, _ in errors] == [("places/kazan.md", 6, "body")]
    diagnostic = errors[0][3]
    assert diagnostic.message == "no actor is called 'sergey-lavrv'"
    assert diagnostic.hint == f"did you mean 'sergey-lavrov'? (or create {site_root}/actors/sergey-lavrv.md)"


def test_broken_reference_style_link_reported_on_its_definition_line(site_root):
    body = "See [the city][k].\n\n[k]: place:kazn\n"
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\n" + body)
    errors = load_errors(site_root)
    assert [(p, line, key) for p, line, key, _ in errors] == [("threads/talks.md", 6, "body")]
    assert errors[0][3].hint.startswith("did you mean 'kazan'?")


def test_broken_body_link_whose_slug_prefixes_a_good_one(site_root):
    """``event:kazan-sum`` must be reported on its own line, not on the line of ``event:kazan-summit``."""
    body = "See [the summit](event:kazan-summit).\n\nAnd [the city](event:kazan-sum).\n"
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\n" + body)
    errors = load_errors(site_root)
    assert [(p, line, key, d.message) for p, line, key, d in errors] == [
        ("threads/talks.md", 6, "body", "no event is called 'kazan-sum'")
    ]


def test_same_broken_body_link_twice(site_root):
    body = "See [x](event:nope).\n\nAgain [x](event:nope).\n"
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\n" + body)
    errors = load_errors(site_root)
    assert [(p, line, key, d.message) for p, line, key, d in errors] == [
        ("threads/talks.md", 4, "body", "no event is called 'nope'"),
        ("threads/talks.md", 6, "body", "no event is called 'nope'"),
    ]  # each place to fix, once


# --- body addresses that link nowhere (issue 11) ---------------------------------------------------


@pytest.mark.parametrize(
    ("link", "message", "suggestion"),
    [
        ("[x](events:kazan-summit)", "'events:kazan-summit' is neither", "event:kazan-summit"),
        ("[x](Event:kazan-summit)", "'Event:kazan-summit' is neither", "event:kazan-summit"),
        ("[x](event:kazan-summit/)", "'event:kazan-summit/' is neither", "event:kazan-summit"),
        ("[x](event: kazan-summit)", "'event: kazan-summit' is neither", "event:kazan-summit"),
        ("[x](person:lavrov)", "'person:lavrov' is neither", "actor:sergey-lavrov"),
        ("[x](events:kazan)", "'events:kazan' is neither", "event:kazan-summit"),
        ('<a href="evnt:kazan-summit#quotes">x</a>', "'evnt:kazan-summit#quotes' is neither",
         "event:kazan-summit#quotes"),
    ],
)  # fmt: skip
def test_body_address_that_is_no_entry_link_is_an_error_with_did_you_mean(site_root, link, message, suggestion):
    write(site_root, "threads/talks.md", f"---\ntitle: The talks\n---\nFirst.\n\nSee {link}.\n")
    [(path, line, key, diagnostic)] = load_errors(site_root)
    assert (path, line, key) == ("threads/talks.md", 6, "body")
    assert diagnostic.message == f"{message} a link to an entry nor a web address"
    assert diagnostic.hint.startswith(f"did you mean '{suggestion}'? (an entry link is kind:slug")


def test_body_autolink_to_an_entry_is_an_error(site_root):
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\nSee <event:kazan-sumit>.\n")
    [(_, line, _, diagnostic)] = load_errors(site_root)
    assert line == 4
    assert diagnostic.message == "'<event:kazan-sumit>' is not a link: Markdown leaves it out of the page"
    assert diagnostic.hint == "write [the words to show](event:kazan-summit)"


def test_raw_html_link_to_unknown_entry_is_an_error(site_root):
    write(site_root, "threads/talks.md", '---\ntitle: The talks\n---\nSee <a href="event:kazan-sumit">x</a>.\n')
    [(_, line, _, diagnostic)] = load_errors(site_root)
    assert (line, diagnostic.message) == (4, "no event is called 'kazan-sumit'")
    assert diagnostic.hint.startswith("did you mean 'kazan-summit'?")


def test_bad_link_in_a_footnote_is_reported_on_its_line(site_root):
    body = "Text[^1].\n\n[^1]: As [reported](Event:kazan-summit).\n"
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\n" + body)
    [(_, line, _, diagnostic)] = load_errors(site_root)
    assert (line, diagnostic.message.split(" is ")[0]) == (6, "'Event:kazan-summit'")


# --- a slug of another kind (issue 11) -------------------------------------------------------------


def test_relation_to_an_actor_says_it_is_an_actor(site_root):
    text = event(extra="related:\n  - event: sergey-lavrov\n    type: follows\n")
    write(site_root, "events/x.md", text)
    [(path, line, key, diagnostic)] = load_errors(site_root)
    assert (path, line, key) == ("events/x.md", 6, "related[0].event")
    assert diagnostic.message == "'sergey-lavrov' is an actor, not an event"
    assert diagnostic.hint == "relations link events; name the actor under actors:"


def test_event_slug_under_actors_says_it_is_an_event(site_root):
    write(site_root, "events/x.md", event(extra="actors: [kazan-summit]\n"))
    [(_, line, key, diagnostic)] = load_errors(site_root)
    assert (line, key) == (5, "actors[0]")
    assert diagnostic.message == "'kazan-summit' is an event, not an actor"
    assert diagnostic.hint == "relate the event under related: (- event: kazan-summit with a type)"


def test_body_link_with_the_wrong_kind_names_the_right_one(site_root):
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\nSee [him](event:sergey-lavrov).\n")
    [(_, line, _, diagnostic)] = load_errors(site_root)
    assert (line, diagnostic.message) == (4, "'sergey-lavrov' is an actor, not an event")
    assert diagnostic.hint == "link it as actor:sergey-lavrov"


# --- repeated and contradictory relations (issue 11) -----------------------------------------------


def _relations(*items: tuple[str, str]) -> str:
    return "related:\n" + "".join(f"  - event: {slug}\n    type: {kind}\n" for slug, kind in items)


def test_repeated_relation_is_a_warning_and_listed_once(site_root):
    write(site_root, "events/x.md", event(extra=_relations(("kazan-summit", "follows"), ("kazan-summit", "follows"))))
    site, report = load_ok(site_root)
    [warning] = [d for d in report.warnings if d.key.startswith("related")]
    assert (warning.line, warning.key) == (8, "related[1].event")
    assert warning.message == "'kazan-summit' is already related as 'follows' in related[0]"
    assert warning.hint == "remove one of the two items"
    x = next(e for e in site.events if e.slug == "x")
    assert [(r.type, r.other.slug) for r in x.relations] == [("follows", "kazan-summit")]


def test_relation_written_from_both_events_in_contradiction_is_a_warning(site_root):
    """x follows y and y follows x: the warning is on the later event's line, naming the other's."""
    write(site_root, "events/x.md", event(date='"2012"', extra=_relations(("y", "follows"))))
    write(site_root, "events/y.md", event(date='"2013"', extra=_relations(("x", "follows"))))
    _, report = load_ok(site_root)
    [warning] = [d for d in report.warnings if d.key.startswith("related")]
    assert (warning.path.endswith("events/y.md"), warning.line, warning.key) == (True, 6, "related[0].event")
    assert warning.message.startswith("'x' says it follows this event (")
    assert warning.message.endswith("events/x.md:6), and this event says it follows 'x'")
    assert warning.hint.startswith("keep the relation in one of the two files")


def test_context_written_from_both_events_is_a_warning(site_root):
    write(site_root, "events/x.md", event(date='"2012"', extra=_relations(("y", "context"))))
    write(site_root, "events/y.md", event(date='"2013"', extra=_relations(("x", "context"))))
    _, report = load_ok(site_root)
    [warning] = [d for d in report.warnings if d.key.startswith("related")]
    assert warning.message.startswith("'x' already relates to this event in its own file (")


def test_same_pair_with_two_types_in_one_file_is_fine(site_root):
    write(
        site_root, "events/x.md", event(extra=_relations(("kazan-summit", "follows"), ("kazan-summit", "responds-to")))
    )
    _, report = load_ok(site_root)
    assert [d for d in report.warnings if d.key.startswith("related")] == []


# --- publishers declared once (issue 13) --------------------------------------------------------------

TASS = "---\nname: TASS\nkind: news agency\nside: Russian state\ncountry: Russia\naliases: [ITAR-TASS]\n---\n"


def test_a_source_names_its_publisher_by_name_slug_or_alias(tmp_path):
    write(tmp_path, "publishers/tass.md", TASS)
    for slug, name in (("a", "TASS"), ("b", "tass"), ("c", "ITAR-TASS")):
        text = event(
            sources=False, extra=f"sources:\n  - title: T\n    publisher: {name}\n    url: {SOURCE_URL}/{slug}\n"
        )
        write(tmp_path, f"events/{slug}.md", text)
    site, report = load_ok(tmp_path)
    assert report.warnings == []
    assert [e.sources[0].outlet.slug for e in site.events] == ["tass", "tass", "tass"]
    assert [e.slug for e in site.publishers["tass"].events] == ["a", "b", "c"]
    assert site.publishers["tass"].speaks_for == "Russian state news agency"


def test_once_publishers_are_declared_an_undeclared_one_is_a_warning_with_did_you_mean(tmp_path):
    write(tmp_path, "publishers/tass.md", TASS)
    text = event(sources=False, extra=f"sources:\n  - title: T\n    publisher: TASS.\n    url: {SOURCE_URL}\n")
    write(tmp_path, "events/a.md", text)
    site, report = load_ok(tmp_path)
    assert [(w.line, w.key, w.message) for w in report.warnings] == [
        (7, "sources[0].publisher", "'TASS.' is not a declared publisher")
    ]
    assert report.warnings[0].hint.startswith("did you mean 'TASS'? declare it in ")
    assert site.events[0].sources[0].outlet is None


def test_a_site_that_declares_no_publisher_names_them_freely(tmp_path):
    write(tmp_path, "events/a.md", event())
    site, report = load_ok(tmp_path)
    assert (report.warnings, site.events[0].sources[0].publisher_name) == ([], "Example News")


# --- the glossary's terms (issue 14) ------------------------------------------------------------------

TERM = "---\nname: Line of contact\n---\nWhere the forces faced each other.\n"


def test_events_that_link_a_term_are_listed_on_it_in_time_order(tmp_path):
    write(tmp_path, "terms/line-of-contact.md", TERM)
    write(tmp_path, "events/b.md", event(date='"2016"', body="Fighting along the [line](term:line-of-contact).\n"))
    write(tmp_path, "events/a.md", event(date='"2014"', body="Clashes on the [line](term:line-of-contact).\n"))
    write(tmp_path, "events/c.md", event(date='"2015"', body="No term here.\n"))
    site, _ = load_ok(tmp_path)
    assert [e.slug for e in site.entities("term")["line-of-contact"].events] == ["a", "b"]
    assert site.entities("term")["line-of-contact"].url == "glossary/line-of-contact/"


def test_an_unknown_term_gets_a_did_you_mean(tmp_path):
    write(tmp_path, "terms/line-of-contact.md", TERM)
    write(tmp_path, "events/a.md", event(body="On the [line](term:line-of-contac).\n"))
    errors = load_errors(tmp_path)
    assert [(key, d.message, d.hint.split(" (")[0]) for _, _, key, d in errors] == [
        ("body", "no term is called 'line-of-contac'", "did you mean 'line-of-contact'?")
    ]


def test_a_term_named_as_an_actor_says_it_is_a_term(tmp_path):
    write(tmp_path, "terms/line-of-contact.md", TERM)
    write(tmp_path, "events/a.md", event(extra="actors: [line-of-contact]\n"))
    errors = load_errors(tmp_path)
    assert [(d.message, d.hint) for _, _, _, d in errors] == [
        (
            "'line-of-contact' is a term, not an actor",
            "link it from the body: [the words to show](term:line-of-contact)",
        )
    ]
