"""timeline.markup.BodyRenderer: body links by slug, and HTML that is always safe,
even when unsafe Markdown reaches the renderer directly (defence in depth)."""

from __future__ import annotations

import re

import pytest
from _content import event, write

from timeline.diagnostics import ContentError
from timeline.markup import BodyRenderer, lines_of_link
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
    html, _ = renderer.render("[quotes](event:kazan-summit-2011#quotes)")
    assert html == '<p><a href="/events/kazan-summit-2011/#quotes">quotes</a></p>'


def test_reference_style_body_link(renderer):
    text = "Said by [the minister][l] in [the city][k].\n\n[l]: actor:sergey-lavrov\n[k]: place:kazan#map\n"
    html, missing = renderer.render(text)
    assert html == (
        '<p>Said by <a href="/actors/sergey-lavrov/">the minister</a> in <a href="/places/kazan/#map">the city</a>.</p>'
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
    assert html == '<h2 id="background">Background</h2>\n<p>Text.</p>'


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
    try:
        site, _ = load_site(tmp_path)
    except ContentError as error:
        assert [(d.line, d.key) for d in error.report.errors] == [(10, "body")]
    else:
        assert "<em>" in site.events[0].body_html


def test_highest_body_heading_becomes_h2_and_steps_are_kept(renderer):
    """The page title is the h1: a body's '#' or '##' opens at h2, '###' under it at h3."""
    for top in ("#", "##", "###"):
        html = renderer.render(f"{top} Background\n\ntext\n\n{top}# Detail\n\nmore")[0]
        assert "<h2" in html and "Background</h2>" in html
        assert "Detail</h3>" in html
        assert "<h1" not in html
