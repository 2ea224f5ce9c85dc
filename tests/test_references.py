"""Links between entries as readers follow them: backlinks, relations both ways,
threads in order, previous/next, quotes, cited sources and body links."""

from __future__ import annotations

import pytest
from _content import LAVROV, event, load_errors, load_ok, write


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
    """A quote names its speaker; either the speaker's page shows it, or the entry is refused."""
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    extra = "quotes:\n  - speaker: sergey-lavrov\n    text: Words.\n    source: https://news.example.org/a\n"
    write(tmp_path, "events/a.md", event(extra=extra))
    try:
        site, _ = load_ok(tmp_path)
    except AssertionError as refused:
        assert "quotes[0].speaker" in str(refused)
    else:
        assert [q.text for q in site.actors["sergey-lavrov"].quotes] == ["Words."]


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
    "events/kazan-summit/#quotes",
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
    assert f'<a href="{prefix}events/kazan-summit/#quotes">the summit</a>' in html
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
    """``event:kazan`` must be reported on its own line, not on the line of ``event:kazan-summit``."""
    body = "See [the summit](event:kazan-summit).\n\nAnd [the city](event:kazan).\n"
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\n" + body)
    errors = load_errors(site_root)
    assert [(p, line, key, d.message) for p, line, key, d in errors] == [
        ("threads/talks.md", 6, "body", "no event is called 'kazan'")
    ]


def test_same_broken_body_link_twice(site_root):
    body = "See [x](event:nope).\n\nAgain [x](event:nope).\n"
    write(site_root, "threads/talks.md", "---\ntitle: The talks\n---\n" + body)
    errors = load_errors(site_root)
    lines = [line for _, line, _, _ in errors]
    assert len(set(map(str, (d for *_, d in errors)))) == len(errors), "the same diagnostic is printed twice"
    assert set(lines) <= {4, 6}
    assert 4 in lines
