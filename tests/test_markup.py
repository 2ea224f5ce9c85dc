"""timeline.markup.BodyRenderer: body links by slug, and HTML that is always safe,
even when unsafe Markdown reaches the renderer directly (defence in depth)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from _content import event, write

from timeline.diagnostics import ContentError
from timeline.markup import WORK_LIMIT, BadLink, BodyRenderer, costly_markup, lines_of_link, markdown_work
from timeline.site import load_site

KNOWN = {
    ("event", "kazan-summit-2011"): "events/kazan-summit-2011/",
    ("actor", "sergey-lavrov"): "actors/sergey-lavrov/",
    ("document", "basic-principles"): "documents/basic-principles/",
    ("place", "kazan"): "places/kazan/",
    ("thread", "talks"): "threads/talks/",
    ("page", "about"): "about/",
}


@pytest.fixture
def renderer():
    return BodyRenderer(lambda kind, slug: "/" + KNOWN[(kind, slug)] if (kind, slug) in KNOWN else None)


def test_inline_body_link(renderer):
    html, missing = renderer.render("The [Kazan summit](event:kazan-summit-2011) ended.")
    assert html == '<p>The <a href="/events/kazan-summit-2011/">Kazan summit</a> ended.</p>'
    assert missing == []


@pytest.mark.parametrize(("kind", "slug"), list(KNOWN))
def test_body_link_of_each_kind(renderer, kind, slug):
    html, missing = renderer.render(f"[x]({kind}:{slug})")
    assert html == f'<p><a href="/{KNOWN[(kind, slug)]}">x</a></p>'
    assert missing == []


def test_body_link_with_fragment(renderer):
    """A fragment names a heading of the other entry's body, whose ids all start with body-."""
    html, _ = renderer.render("[quotes](event:kazan-summit-2011#quotes)")
    assert html == '<p><a href="/events/kazan-summit-2011/#body-quotes">quotes</a></p>'


def test_reference_style_body_link(renderer):
    text = "Said by [the minister][l] in [the city][k].\n\n[l]: actor:sergey-lavrov\n[k]: place:kazan#map\n"
    html, missing = renderer.render(text)
    assert html == (
        '<p>Said by <a href="/actors/sergey-lavrov/">the minister</a> in '
        '<a href="/places/kazan/#body-map">the city</a>.</p>'
    )
    assert missing == []


def test_link_with_title(renderer):
    html, _ = renderer.render('[x](thread:talks "The talks")')
    assert html == '<p><a href="/threads/talks/" title="The talks">x</a></p>'


def test_unknown_body_links_are_returned_and_not_linked(renderer):
    html, missing = renderer.render("[a](event:nope) and [b][r]\n\n[r]: actor:nobody\n")
    assert missing == [("event", "nope"), ("actor", "nobody")]
    assert html == '<p><a href="#">a</a> and <a href="#">b</a></p>'


def test_missing_list_is_reset_between_bodies(renderer):
    renderer.render("[a](event:nope)")
    assert renderer.render("[b](event:kazan-summit-2011)")[1] == []


def test_ordinary_links_are_kept(renderer):
    html, missing = renderer.render("[report](https://news.example.org/a) and <https://e.org/b>")
    assert html == (
        '<p><a href="https://news.example.org/a">report</a> and <a href="https://e.org/b">https://e.org/b</a></p>'
    )
    assert missing == []


def test_headings_start_below_the_page_title(renderer):
    html, _ = renderer.render("# Background\n\nText.")
    assert html == '<h2 id="body-background">Background</h2>\n<p>Text.</p>'


def test_empty_body(renderer):
    assert renderer.render("") == ("", [])
    assert renderer.render("  \n\n") == ("", [])


def test_lines_of_link():
    body = "one\ntwo [x](event:a)\nthree [y](event:ab) [z][r]\n\n[r]: event:a"
    assert lines_of_link(body, "event", "a") == [1, 4]  # not event:ab
    assert lines_of_link(body, "event", "zzz") == [0]


# --- sanitising ------------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "Text <script src='https://evil.example/x.js'></script>",
    "<img src=x onerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href='JaVaScRiPt:alert(1)'>x</a>",
    "[x](javascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href='vbscript:msgbox(1)'>x</a>",
    "<iframe src='https://evil.example'></iframe>",
    "<object data='x.swf'></object><embed src='x.swf'>",
    "<svg onload=alert(1)></svg>",
    "<p onclick='steal()' style='color:red'>hi</p>",
    "<div\nonmouseover='steal()'>x</div>",
    "<form action='https://evil.example'><input name=p></form>",
    "<style>body{display:none}</style>",
    "<base href='https://evil.example/'>",
    "<meta http-equiv='refresh' content='0;url=https://evil.example'>",
    "![tracker](https://evil.example/pixel.png)",
]

FORBIDDEN = re.compile(
    r"<\s*(script|iframe|object|embed|svg|img|form|input|style|base|meta)\b|\son[a-z]+\s*=|javascript:|vbscript:|data:|style=",
    re.I,
)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markup_never_reaches_the_html(renderer, text):
    html, _ = renderer.render(text)
    assert not FORBIDDEN.search(html), html


def test_unsafe_href_is_dropped_but_text_kept(renderer):
    html, _ = renderer.render("[click me](javascript:alert(1))")
    assert html == "<p><a>click me</a></p>"


def test_event_handler_is_dropped_but_element_kept(renderer):
    html, _ = renderer.render("<p onclick='steal()'>hi</p>")
    assert html == "<p>hi</p>"


def test_script_content_is_removed_not_shown(renderer):
    html, _ = renderer.render("Before.\n\n<script>alert(1)</script>\n\nAfter.")
    assert "alert" not in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


def test_body_link_resolver_cannot_inject_script():
    """Even a resolver returning a hostile URL cannot put a script URL into the page."""
    hostile = BodyRenderer(lambda kind, slug: "javascript:alert(1)//")
    html, _ = hostile.render("[x](event:any)")
    assert "javascript:" not in html


def test_deeply_nested_emphasis_is_a_content_problem_not_a_crash(tmp_path):
    """Markdown's tree walk recurses once per nesting level; a body like this must not
    stop the whole build with a RecursionError."""
    depth = 1000
    body = "*a " * depth + "b" + "*" * depth + "\n"
    write(tmp_path, "events/a.md", event(body=body))
    with pytest.raises(ContentError) as refused:
        load_site(tmp_path)
    assert [(d.line, d.key, d.message) for d in refused.value.report.errors] == [
        (10, "body", "the body nests emphasis, links or lists too deeply to render")
    ]


def test_highest_body_heading_becomes_h2_and_steps_are_kept(renderer):
    """The page title is the h1: a body's '#' or '##' opens at h2, '###' under it at h3."""
    for top in ("#", "##", "###"):
        html = renderer.render(f"{top} Background\n\ntext\n\n{top}# Detail\n\nmore")[0]
        assert "<h2" in html and "Background</h2>" in html
        assert "Detail</h3>" in html
        assert "<h1" not in html


# --- bodies that would take Markdown too long (issue 11) -----------------------------------------


def _check_in_subprocess(tmp_path, body: str) -> str:
    """Run the check on one event with ``body`` in a child process; what it printed.

    The old engine took a minute or more on these bodies: the generous timeout turns
    that into a failure without a timed assertion on the new one."""
    write(tmp_path, "events/a.md", event(body=body))
    code = (
        "import sys\nfrom timeline.site import load_site\nfrom timeline.diagnostics import ContentError\n"
        f"try:\n    load_site({str(tmp_path)!r})\nexcept ContentError as error:\n"
        "    print('\\n'.join(str(d) for d in error.report.errors))\nelse:\n    print('ok')\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("piece", "size", "problem"),
    [
        ("[", 24_000, "the body has '[' that Markdown cannot match with ']'"),
        ("[^", 48_000, "the body has '[' that Markdown cannot match with ']'"),
        ("[a](", 96_000, "a link's '(' is never closed with ')'"),
        ("<a ", 96_000, "'<' followed by a letter starts an HTML tag that is never closed with '>'"),
    ],
)
def test_body_that_would_stall_markdown_is_refused_on_its_first_line(tmp_path, piece, size, problem):
    body = "Fine first line.\n" + piece * (size // len(piece)) + "\n"
    printed = _check_in_subprocess(tmp_path, body)
    assert printed.splitlines()[0].startswith(f"{tmp_path}/events/a.md:11: body: {problem}")


def test_a_paragraph_of_link_definitions_is_refused_on_its_first_line(tmp_path):
    """Each definition makes Markdown copy the rest of its paragraph: 40,000 took minutes."""
    body = "Fine first line.\n\nStart" + "\n[a]: " * 40_000 + "\n"
    printed = _check_in_subprocess(tmp_path, body)
    assert printed.splitlines()[0].startswith(
        f"{tmp_path}/events/a.md:12: body: this paragraph has so many lines that look like link definitions"
    )


def test_link_definitions_in_their_own_paragraphs_are_fine():
    assert costly_markup("\n\n".join(f"[a{i}]: https://example.org/{i}" for i in range(5_000))) == []


def test_markdown_work_is_quadratic_in_unclosed_brackets_and_small_for_prose():
    """The proxy counts what Markdown scans: 24 KB of '[' is ~5,000 times the limit's share of prose."""
    assert markdown_work("[" * 24_000)[0] > 100 * WORK_LIMIT
    prose = "See [the summit](event:kazan-summit-2011) and <abbr>OSCE</abbr> (2011). [sic]\n\n" * 300
    assert markdown_work(prose)[0] < WORK_LIMIT / 100


def test_escaped_brackets_are_not_openers():
    assert markdown_work("\\[" * 20_000) == (0, "[", 0)
    assert costly_markup("\\[" * 20_000) == []


# --- addresses that would reach the page as links to nowhere (issue 11) ----------------------------


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("[x](events:kazan)", BadLink("events:kazan", "events", "kazan")),
        ("[x](Event:kazan)", BadLink("Event:kazan", "Event", "kazan")),
        ("[x](event:kazan/)", BadLink("event:kazan/", "event", "kazan/")),
        ("[x](event: kazan)", BadLink("event: kazan", "event", " kazan")),
        ("[x](person:lavrov)", BadLink("person:lavrov", "person", "lavrov")),
        ("[x](event:kazan#a b)", BadLink("event:kazan#a b", "event", "kazan#a b")),
        ('<a href="events:kazan">x</a>', BadLink("events:kazan", "events", "kazan")),
        ("<a href='tel:123'>x</a>", BadLink("tel:123", "tel", "123")),
        ("[x][r]\n\n[r]: Place:kazan\n", BadLink("Place:kazan", "Place", "kazan")),
        ("a[^1]\n\n[^1]: [x](events:kazan)\n", BadLink("events:kazan", "events", "kazan")),
        ("See <event:kazan>.", BadLink("<event:kazan>", "event", "kazan", autolink=True)),
    ],
)
def test_address_that_is_no_entry_link_nor_web_address_is_returned(renderer, text, bad):
    assert renderer.render(text)[1] == [bad]


def test_raw_html_entry_link_is_resolved(renderer):
    html, missing = renderer.render('<a href="event:kazan-summit-2011#quotes">the summit</a>')
    assert html == '<p><a href="/events/kazan-summit-2011/#body-quotes">the summit</a></p>'
    assert missing == []


def test_raw_html_link_to_unknown_entry_is_returned(renderer):
    html, missing = renderer.render("<a href='event:nope'>x</a>")
    assert (html, missing) == ('<p><a href="#">x</a></p>', [("event", "nope")])


def test_web_addresses_and_in_page_links_are_not_bad_links(renderer):
    text = "[a](https://e.org/x:y) [b](mailto:x@e.org) [c](#top) [d](/about/) <a href='HTTPS://e.org'>e</a>"
    assert renderer.render(text)[1] == []


# --- ids and classes cannot take the theme's (issue 11) -------------------------------------------

THEME = Path(__file__).resolve().parent.parent / "themes" / "ledger"


def _theme_ids() -> set[str]:
    ids = set()
    for template in (THEME / "templates").glob("*.html"):
        ids.update(re.findall(r'\bid="([^"{]+)"', template.read_text(encoding="utf-8")))
    return ids


def test_body_ids_never_collide_with_the_theme_ids(renderer):
    theme_ids = _theme_ids()
    assert {"main", "quotes-h", "search"} <= theme_ids
    headings = "".join(f"## {name}\n\ntext\n\n" for name in sorted(theme_ids))
    raw = "".join(f'<span id="{name}">x</span>\n' for name in sorted(theme_ids))
    html, _ = renderer.render(headings + raw + "Note[^1].\n\n[^1]: A note.\n")
    body_ids = set(re.findall(r'\bid="([^"]*)"', html))
    assert body_ids and not body_ids & theme_ids
    assert all(name.startswith("body-") for name in body_ids)


def test_in_page_links_follow_the_prefixed_ids(renderer):
    html, _ = renderer.render("## Background\n\nSee [above](#background), a note[^1].\n\n[^1]: A note.\n")
    assert '<h2 id="body-background">Background</h2>' in html
    assert '<a href="#body-background">above</a>' in html
    assert '<sup id="body-fnref:1"><a class="footnote-ref" href="#body-fn:1">1</a></sup>' in html
    assert '<li id="body-fn:1">' in html and 'href="#body-fnref:1"' in html


def test_only_the_classes_markdown_writes_are_kept(renderer):
    html, _ = renderer.render('<p class="warning lead">x</p>\n\nA note[^1].\n\n[^1]: Note.\n')
    assert "<p>x</p>" in html
    assert set(re.findall(r'class="([^"]*)"', html)) == {"footnote", "footnote-ref", "footnote-backref"}


def test_citations_side_by_side_are_separated_by_a_comma_and_only_they():
    html, _ = BodyRenderer(lambda kind, slug: None).render("A claim.[@1][@2] Another, later.[@1]\n")
    assert html.count('<sup class="citation">,') == 1
    assert '</sup><sup class="citation">,<a href="#source-2"' in html
