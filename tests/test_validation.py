"""Checking entries against the content contract, as a contributor sees it:
every problem as ``path:line: key: problem — hint``, on the right line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _content import LAVROV, ONE_SOURCE, SOURCE_URL, event, load_errors, load_ok, write

from timeline.diagnostics import ContentError, Diagnostic
from timeline.site import load_site

FOLDERS = "events/, actors/, documents/, places/, threads/, publishers/, terms/, pages/"


@pytest.fixture
def root(tmp_path):
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    return tmp_path


def only(errors):
    assert len(errors) == 1, [str(e[3]) for e in errors]
    return errors[0]


# --- required keys and dates ---------------------------------------------------------------------


def test_missing_title(root):
    write(root, "events/a.md", "---\ndate: 2019\nsummary: S\n" + ONE_SOURCE + "---\n")
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 1, "")
    assert diagnostic.message == "'title' is missing"
    assert diagnostic.hint == 'add title: "Leaders meet in Kazan"'
    assert diagnostic.level == "error"


def test_missing_date(root):
    write(root, "events/a.md", "---\ntitle: T\nsummary: S\n" + ONE_SOURCE + "---\n")
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key, diagnostic.message) == ("events/a.md", 1, "", "'date' is missing")
    assert diagnostic.hint == 'add date: "2011-06-24"'


def test_empty_title_names_its_line(root):
    write(root, "events/a.md", event(title='""'))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key, diagnostic.message) == ("events/a.md", 2, "title", "'title' is empty")


def test_impossible_unquoted_date(root):
    write(root, "events/a.md", event(date="2019-02-30"))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 3, "date")
    assert diagnostic.message == "day 30 in '2019-02-30' does not exist: February 2019 has 28 days"
    assert diagnostic.hint == "check the day; if it is not known, give only the month, e.g. 2019-02"
    assert str(diagnostic).endswith(
        "events/a.md:3: date: day 30 in '2019-02-30' does not exist: February 2019 has 28 days"
        " — check the day; if it is not known, give only the month, e.g. 2019-02"
    )


def test_reversed_interval(root):
    write(root, "events/a.md", event(date="2011/2010"))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 3, "date")
    assert diagnostic.message == "the interval '2011/2010' ends before it starts"
    assert diagnostic.hint == "put the earlier end first: 2010/2011"


def test_bad_date_of_a_source_names_the_source_line(root):
    extra = "sources:\n  - title: R\n    publisher: P\n    url: https://e.org/1\n    date: 2019-13\n"
    write(root, "events/a.md", event(extra=extra, sources=False))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 9, "sources[0].date")
    assert diagnostic.message == "month 13 in '2019-13' does not exist"


def test_every_error_of_an_entry_is_reported_with_its_line(root):
    text = (
        "---\n"
        "title: T\n"  # 2
        "date: 2019-02-30\n"  # 3
        "tittle: typo\n"  # 4
        "actors: [nobody]\n"  # 5
        "sources:\n"  # 6
        "  - title: R\n"  # 7
        "    publisher: P\n"  # 8
        "    url: ftp://e.org/1\n"  # 9
        "---\n"
    )
    write(root, "events/a.md", text)
    found = {(line, key) for _, line, key, _ in load_errors(root)}
    # the unknown actor is not reported: the entry already failed and is not linked
    assert found == {(3, "date"), (4, "tittle"), (9, "sources[0].url")}


# --- unknown keys ---------------------------------------------------------------------------------


def test_unknown_keys_suggest_the_close_one(root):
    write(root, "events/a.md", event(extra="tittle: Kazan\nsummery: Talks\n"))
    errors = load_errors(root)
    assert [(p, line, k, d.message, d.hint) for p, line, k, d in errors] == [
        ("events/a.md", 5, "tittle", "unknown key 'tittle'", "did you mean 'title'?"),
        ("events/a.md", 6, "summery", "unknown key 'summery'", "did you mean 'summary'?"),
    ]
    assert str(errors[0][3]).endswith("events/a.md:5: tittle: unknown key 'tittle' — did you mean 'title'?")


def test_unknown_key_without_close_match_lists_the_keys(root):
    write(root, "places/kazan.md", "---\nname: Kazan\nxyzzy: 1\n---\n")
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("places/kazan.md", 3, "xyzzy")
    assert diagnostic.hint == "known keys are: name, aliases, names, corrections"


def test_unknown_key_inside_a_source(root):
    extra = "sources:\n  - title: R\n    publisher: P\n    url: https://e.org/1\n    archive: https://a.org/1\n"
    write(root, "events/a.md", event(extra=extra, sources=False))
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (9, "sources[0].archive", "unknown key 'archive'")
    assert diagnostic.hint == "did you mean 'archived'?"


# --- files and slugs ------------------------------------------------------------------------------


def test_slugs_differing_only_in_case(root):
    """Neither file wins (which one would depends on a folder listing): each error names the other."""
    write(root, "events/a/Kazan.md", event())
    write(root, "events/b/kazan.md", event())
    write(root, "events/c.md", event(extra="related:\n  - event: kazan\n    type: follows\n"))
    errors = [(path, line, key, d.message, d.hint) for path, line, key, d in load_errors(root)]
    hint = "rename one of them: slugs must differ in more than letter case"
    assert [error[:3] for error in errors] == [("events/a/Kazan.md", 1, ""), ("events/b/kazan.md", 1, "")]
    assert errors[0][3].startswith("the slug 'Kazan' differs only in letter case from ")
    assert errors[0][3].endswith("events/b/kazan.md")
    assert errors[1][3].startswith("the slug 'kazan' differs only in letter case from ")
    assert errors[1][3].endswith("events/a/Kazan.md")
    assert {error[4] for error in errors} == {hint}  # and no "no event is called 'kazan'" from c.md


def test_same_slug_in_different_kinds_is_fine(root):
    write(root, "places/kazan.md", "---\nname: Kazan\n---\n")
    write(root, "events/kazan.md", event(extra="places: [kazan]\n"))
    site, _ = load_ok(root)
    assert site.events[0].places == [site.places["kazan"]]


def test_unusable_file_name(root):
    write(root, "events/Kazan summit.md", event())
    path, line, _, diagnostic = only(load_errors(root))
    assert (path, line) == ("events/Kazan summit.md", 1)
    assert diagnostic.message == "'Kazan summit.md' is not a usable file name"


def test_file_not_utf8(root):
    write(root, "events/a.md", b'---\ntitle: T\ndate: "2019" \xff\n---\n')
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 3, "")
    assert diagnostic.message == "the file is not UTF-8 (byte 0xff on this line)"
    assert str(diagnostic).endswith(
        "events/a.md:3: the file is not UTF-8 (byte 0xff on this line) — save the file as UTF-8 in your editor"
    )


def test_empty_file(root):
    write(root, "actors/empty.md", "")
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key, diagnostic.message) == ("actors/empty.md", 1, "", "the file is empty")


def test_missing_content_folder(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_site(tmp_path / "nope")
    (diagnostic,) = caught.value.report.errors
    assert diagnostic.message == "the content folder does not exist"


# --- relations ------------------------------------------------------------------------------------


def test_event_related_to_itself(root):
    write(root, "events/a.md", event(extra="related:\n  - event: a\n    type: follows\n"))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 6, "related[0].event")
    assert diagnostic.message == "an event cannot be related to itself"


def test_unknown_relation_type(root):
    write(root, "events/b.md", event())
    write(root, "events/a.md", event(extra="related:\n  - event: b\n    type: folows\n"))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 7, "related[0].type")
    assert diagnostic.message == "unknown relation type 'folows'"
    assert diagnostic.hint == "did you mean 'follows'? (types: follows, responds-to, implements, context, disputes)"


def test_unknown_related_event(root):
    write(root, "events/kazan-summit.md", event())
    write(root, "events/a.md", event(extra="related:\n  - event: kazan-sumit\n    type: follows\n"))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 6, "related[0].event")
    assert diagnostic.message == "no event is called 'kazan-sumit'"
    assert diagnostic.hint.startswith("did you mean 'kazan-summit'?")


# --- unknown slugs --------------------------------------------------------------------------------


def test_unknown_slugs_of_each_kind_with_suggestions(root):
    write(root, "places/kazan.md", "---\nname: Kazan\naliases: [Qazan]\n---\n")
    write(root, "documents/madrid-principles.md", "---\nname: Madrid Principles\n---\n")
    write(root, "threads/minsk-group.md", "---\ntitle: Minsk Group talks\n---\n")
    extra = "actors: [sergey-lavrv, lavrov]\nplaces: [qazan]\ndocuments: [madrid]\nthreads: [minsk-grup]\n"
    write(root, "events/a.md", event(extra=extra))
    errors = [(line, key, d.message, d.hint) for _, line, key, d in load_errors(root)]
    assert errors == [
        (5, "actors[0]", "no actor is called 'sergey-lavrv'",
         f"did you mean \'sergey-lavrov\'? (or create {root}/actors/sergey-lavrv.md)"),
        (5, "actors[1]", "no actor is called 'lavrov'",
         f"did you mean \'sergey-lavrov\'? (or create {root}/actors/lavrov.md)"),
        (6, "places[0]", "no place is called 'qazan'",
         f"did you mean \'kazan\'? (or create {root}/places/qazan.md)"),
        (7, "documents[0]", "no document is called 'madrid'",
         f"did you mean \'madrid-principles\'? (or create {root}/documents/madrid.md)"),
        (8, "threads[0]", "no thread is called 'minsk-grup'",
         f"did you mean \'minsk-group\'? (or create {root}/threads/minsk-grup.md)"),
    ]  # fmt: skip


def test_unknown_slug_on_its_own_list_line(root):
    write(root, "events/a.md", event(extra="actors:\n  - sergey-lavrov\n  - sergey-lavrv\n"))
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key) == (7, "actors[1]")
    str_form = str(diagnostic)
    assert str_form.endswith(
        "events/a.md:7: actors[1]: no actor is called 'sergey-lavrv'"
        f" — did you mean 'sergey-lavrov'? (or create {root}/actors/sergey-lavrv.md)"
    )


def test_slug_with_wrong_case_suggests_the_lowercase_slug(root):
    write(root, "events/a.md", event(extra="actors: [Sergey-Lavrov]\n"))
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (5, "actors[0]", "no actor is called 'Sergey-Lavrov'")
    assert diagnostic.hint.startswith("did you mean 'sergey-lavrov'?")


def test_no_cascade_from_an_entry_with_errors(root):
    write(root, "actors/broken.md", "---\nname: Broken\nkind: robot\n---\n")
    write(root, "events/bad.md", event(date="2019-02-30"))
    body = "See [the bad one](event:bad) and [B](actor:broken).\n"
    extra = "actors: [broken]\nrelated:\n  - event: bad\n    type: follows\n"
    write(root, "events/good.md", event(extra=extra, body=body))
    errors = load_errors(root)
    assert [(p, line, key) for p, line, key, _ in errors] == [
        ("actors/broken.md", 3, "kind"),
        ("events/bad.md", 3, "date"),
    ]
    assert errors[0][3].message == "unknown actor kind 'robot'"


# --- sources and quotes ---------------------------------------------------------------------------


def test_source_without_url(root):
    extra = "sources:\n  - title: R\n    publisher: P\n"
    write(root, "events/a.md", event(extra=extra, sources=False))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 6, "sources[0]")
    assert (diagnostic.message, diagnostic.hint) == ("'url' is missing", "add url: https://…")


@pytest.mark.parametrize("url", ["ftp://e.org/file", "e.org/page", "https://"])
def test_source_url_not_http(root, url):
    extra = f"sources:\n  - title: R\n    publisher: P\n    url: {url}\n"
    write(root, "events/a.md", event(extra=extra, sources=False))
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key) == (8, "sources[0].url")
    assert diagnostic.message == f"'{url}' is not a web address"
    assert diagnostic.hint == "give a full http:// or https:// URL"


def test_source_url_javascript(root):
    extra = "sources:\n  - title: R\n    publisher: P\n    url: javascript:alert(1)\n"
    write(root, "events/a.md", event(extra=extra, sources=False))
    errors = load_errors(root)
    assert {(line, key) for _, line, key, _ in errors} == {(8, "sources[0].url")}
    assert "a 'javascript:' URL is not allowed" in [d.message for *_, d in errors]


def test_quote_source_must_be_one_of_the_sources(root):
    extra = (
        "actors: [sergey-lavrov]\n"  # 5
        "quotes:\n"  # 6
        "  - speaker: sergey-lavrov\n"  # 7
        "    text: We reached an understanding.\n"  # 8
        "    source: https://news.example.org/b\n"  # 9
    )
    write(root, "events/a.md", event(extra=extra))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 9, "quotes[0].source")
    assert diagnostic.message == "'https://news.example.org/b' is not the url of one of this event's sources"
    assert diagnostic.hint == (
        f"did you mean '{SOURCE_URL}'? (a quote's source must be copied from the event's sources: list)"
    )


def test_quote_by_unknown_speaker(root):
    extra = f"quotes:\n  - speaker: lavrov\n    text: Words.\n    source: {SOURCE_URL}\n"
    write(root, "events/a.md", event(extra=extra))
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (6, "quotes[0].speaker", "no actor is called 'lavrov'")
    assert diagnostic.hint.startswith("did you mean 'sergey-lavrov'?")


def test_translated_must_be_true_or_false(root):
    extra = f"quotes:\n  - speaker: sergey-lavrov\n    text: W.\n    source: {SOURCE_URL}\n    translated: yes\n"
    write(root, "events/a.md", event(extra=extra))
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (9, "quotes[0].translated", "'yes' is not true or false")


# --- unsafe markup --------------------------------------------------------------------------------

UNSAFE_BODIES = [
    ("<script>alert(1)</script>", "raw <script> markup is not allowed", "remove it; write plain Markdown"),
    ("<iframe src='https://evil.example'></iframe>", "raw <iframe> markup is not allowed",
     "remove it; write plain Markdown"),
    ("<object data='x.swf'></object>", "raw <object> markup is not allowed", "remove it; write plain Markdown"),
    ('<a href="https://e.org" onclick="steal()">x</a>', "an event handler attribute (onclick=) is not allowed",
     "remove the attribute; entries cannot run scripts"),
    ("[click](javascript:alert(1))", "a 'javascript:' URL is not allowed",
     "link to an http(s) address or another entry instead"),
    ('<a href="JavaScript:alert(1)">x</a>', "a 'javascript:' URL is not allowed",
     "link to an http(s) address or another entry instead"),
]  # fmt: skip


@pytest.mark.parametrize(("markup", "message", "hint"), UNSAFE_BODIES)
def test_unsafe_markup_in_a_body_names_its_body_line(root, markup, message, hint):
    body = "First paragraph.\n\n" + markup + "\n"
    write(root, "events/a.md", event(body=body))
    # the front matter ends on line 9; the body starts on line 10; the markup is on line 12
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 12, "body")
    assert (diagnostic.message, diagnostic.hint) == (message, hint)


@pytest.mark.parametrize(
    ("markup", "handler"),
    [
        ("<img/onerror=alert(1) src=x>", "onerror"),
        ('<svg/onload="alert(1)">', "onload"),
        ('<a\nonmouseover="alert(1)" href="https://e.org">x</a>', "onmouseover"),
    ],
)
def test_event_handlers_written_without_a_space_or_on_the_next_line(root, markup, handler):
    """Browsers run these handlers; validation must refuse them like ``onclick=`` after a space.
    The error names the line where the tag opens (12), also when the handler is on the next one."""
    write(root, "events/a.md", event(body="Intro.\n\n" + markup + "\n"))
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (12, "body", f"an event handler attribute ({handler}=) is not allowed")


def test_unsafe_values(root):
    extra = (
        "sources:\n"  # 5
        "  - title: '<script>steal()</script>'\n"  # 6
        "    publisher: P\n"  # 7
        f"    url: {SOURCE_URL}\n"  # 8
        "tags: ['<iframe src=x>']\n"  # 9
    )
    text = event(
        title="'<b onclick=\"x()\">Kazan</b>'", summary="'See javascript:alert(1)'", extra=extra, sources=False
    )
    write(root, "events/a.md", text)
    errors = [(line, key, d.message) for _, line, key, d in load_errors(root)]
    assert errors == [
        (2, "title", "an event handler attribute (onclick=) is not allowed"),
        (4, "summary", "a 'javascript:' URL is not allowed"),
        (6, "sources[0].title", "raw <script> markup is not allowed"),
        (9, "tags[0]", "raw <iframe> markup is not allowed"),
    ]


def test_unsafe_value_in_an_actor(root):
    write(root, "actors/x.md", "---\nname: X\nkind: person\nrole: '<script>x</script>'\n---\n")
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (4, "role", "raw <script> markup is not allowed")


# --- shapes ---------------------------------------------------------------------------------------


def test_wrong_shapes(root):
    extra = "tags: {a: 1}\nsources: just a string\nrelated: [b]\n"
    write(root, "events/a.md", event(title="[a, b]", extra=extra, sources=False))
    errors = [(line, key, d.message) for _, line, key, d in load_errors(root)]
    assert errors == [
        (2, "title", "expected text, found a list"),
        (5, "tags", "expected a list, found a mapping"),
        (6, "sources", "expected a list of '- key: value' items, found a str"),
        (7, "related", "expected a list of '- key: value' items, found a list"),
    ]


def test_unknown_actor_kind(root):
    write(root, "actors/x.md", "---\nname: X\nkind: persn\n---\n")
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (3, "kind", "unknown actor kind 'persn'")
    assert diagnostic.hint.startswith("did you mean 'person'?")


# --- warnings -------------------------------------------------------------------------------------


def test_warnings_do_not_raise(root):
    write(root, "events/a.md", event(summary=None, sources=False))
    site, report = load_ok(root)
    assert [e.slug for e in site.events] == ["a"]
    assert report.errors == []
    warnings = [(d.line, d.key, d.message, d.level) for d in report.warnings]
    assert warnings == [
        (2, "title", "the event cites no source", "warning"),
        (2, "title", "the event has no summary", "warning"),
    ]
    assert str(report.warnings[1]).endswith(
        "events/a.md:2: title: warning: the event has no summary — add summary: one sentence readers see in lists"
    )


def test_valid_entry_has_no_diagnostics(root):
    write(root, "events/a.md", event())
    site, report = load_ok(root)
    assert list(report.items) == []
    assert site.events[0].title == "An event"


def test_diagnostic_format():
    error = Diagnostic("events/a.md", 7, "sources[1].url", "'x' is not a web address", "give a full URL")
    assert str(error) == "events/a.md:7: sources[1].url: 'x' is not a web address — give a full URL"
    no_key = Diagnostic("events/a.md", 1, "", "the file is empty", "write something")
    assert str(no_key) == "events/a.md:1: the file is empty — write something"
    warning = Diagnostic("events/a.md", 2, "title", "no summary", "add one", "warning")
    assert str(warning) == "events/a.md:2: title: warning: no summary — add one"


# === issue 11: bad entry files are check errors, never crashes (files, characters, slugs) =========


@pytest.mark.parametrize(
    ("escape", "message", "hint"),
    [
        ("\\0", "the text contains the invisible control character U+0000 (null)",
         "remove it: it is often written as a '\\0' escape or left by a broken copy"),
        ("\\f", "the text contains the invisible control character U+000C (form feed)",
         "remove it: it is often pasted from a PDF"),
        ("\\e", "the text contains the invisible control character U+001B (escape)",
         "remove it: it is invisible, and feeds that contain it cannot be read"),
        ("\\x0b", "the text contains the invisible control character U+000B (vertical tab)",
         "remove it: it is invisible, and feeds that contain it cannot be read"),
        ("\\uFFFE", "the text contains U+FFFE, which is not a character", "remove it (it comes from a broken copy)"),
        ("\\uFFFF", "the text contains U+FFFF, which is not a character", "remove it (it comes from a broken copy)"),
        ("\\uFDD0", "the text contains U+FDD0, which is not a character", "remove it (it comes from a broken copy)"),
        ("\\U0001FFFF", "the text contains U+1FFFF, which is not a character",
         "remove it (it comes from a broken copy)"),
    ],
)  # fmt: skip
def test_control_characters_from_yaml_escapes_name_line_and_key(root, escape, message, hint):
    extra = f'sources:\n  - title: "Report {escape} one"\n    publisher: P\n    url: {SOURCE_URL}\n'
    write(root, "events/a.md", event(extra=extra, sources=False))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/a.md", 6, "sources[0].title")
    assert (diagnostic.message, diagnostic.hint) == (message, hint)


def test_a_control_character_in_a_list_item_and_a_key(root):
    write(root, "events/a.md", event(extra='tags: [ok, "b\\0d"]\n"x\\fy": 1\n'))
    errors = [(line, key, d.message) for _, line, key, d in load_errors(root)]
    assert errors == [
        (5, "tags[1]", "the text contains the invisible control character U+0000 (null)"),
        (6, "x\x0cy", "the text contains the invisible control character U+000C (form feed)"),
        (6, "x\x0cy", "unknown key 'x\x0cy'"),
    ]


def test_control_characters_in_the_body_name_their_line(root):
    body = "First page.\x0c\n\nSecond \x0cpage\x0c.\n\nThird\x1b[0m.\n"
    write(root, "events/a.md", event(body=body))
    errors = [(line, key, d.message) for _, line, key, d in load_errors(root)]
    # the body starts on line 10
    assert errors == [
        (10, "body", "the text contains the invisible control character U+000C (form feed) (3 times in the body)"),
        (14, "body", "the text contains the invisible control character U+001B (escape)"),
    ]


def test_tabs_and_line_ends_are_fine(root):
    write(root, "events/a.md", event(summary='"one\\ttwo"', body="a\tb\r\nc\rd\n"))
    load_ok(root)


@pytest.mark.parametrize("blank", ['"   "', "' '", '"\\t"', '"\\n"'])
def test_whitespace_only_required_value_is_empty(root, blank):
    write(root, "events/a.md", event(title=blank))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key, diagnostic.message) == ("events/a.md", 2, "title", "'title' is empty")
    assert diagnostic.hint == 'add title: "Leaders meet in Kazan"'


def test_whitespace_only_required_value_inside_a_source(root):
    extra = f'sources:\n  - title: "  "\n    publisher: P\n    url: {SOURCE_URL}\n'
    write(root, "events/a.md", event(extra=extra, sources=False))
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (6, "sources[0].title", "'title' is empty")


def test_whitespace_only_summary_counts_as_no_summary(root):
    write(root, "events/a.md", event(summary='"  "'))
    _, report = load_ok(root)
    assert [(d.line, d.key, d.message) for d in report.warnings] == [(2, "title", "the event has no summary")]


def test_blank_list_item_is_an_error(root):
    write(root, "places/kazan.md", '---\nname: Kazan\naliases: [Qazan, " "]\n---\n')
    _, line, key, diagnostic = only(load_errors(root))
    assert (line, key, diagnostic.message) == (3, "aliases[1]", "item 2 is empty")
    assert diagnostic.hint == "remove it, or write the name"


def test_a_folder_named_like_an_entry_is_a_subfolder(root):
    """A folder is a folder whatever its name: its entries are read, and it is no error itself."""
    write(root, "events/2019.md/kazan.md", event())
    site, report = load_ok(root)
    assert [event.slug for event in site.events] == ["kazan"]
    assert report.items == []


def link_errors(root):
    """``load_errors`` for trees with links: the paths as shown, not resolved through the links."""
    with pytest.raises(ContentError) as caught:
        load_site(root)
    return [(Path(d.path).relative_to(root).as_posix(), d.line, d.key, d) for d in caught.value.report.errors]


def test_a_dangling_link_is_an_error(root):
    (root / "events").mkdir()
    (root / "events" / "gone.md").symlink_to(root / "nowhere.md")
    path, line, key, diagnostic = only(link_errors(root))
    assert (path, line, key) == ("events/gone.md", 1, "")
    assert diagnostic.message == "'gone.md' is a link to a file that does not exist"
    assert diagnostic.hint == "remove the link, or restore the file it points to"


def test_a_loop_of_links_is_an_error(root):
    (root / "events").mkdir()
    (root / "events" / "a.md").symlink_to("b.md")
    (root / "events" / "b.md").symlink_to("a.md")
    errors = [(path, d.message) for path, _, _, d in link_errors(root)]
    assert errors == [
        ("events/a.md", "'a.md' is a link to a file that does not exist"),
        ("events/b.md", "'b.md' is a link to a file that does not exist"),
    ]


def test_a_link_to_a_file_outside_the_content_folder_is_refused(tmp_path):
    content = tmp_path / "content"
    secret = write(tmp_path, "private/notes.md", event(title="Private notes"))
    (content / "events").mkdir(parents=True)
    (content / "events" / "notes.md").symlink_to(secret)
    path, line, key, diagnostic = only(link_errors(content))
    assert (path, line, key) == ("events/notes.md", 1, "")
    assert diagnostic.message == f"'notes.md' is a link to a file outside the content folder ({secret.resolve()})"
    assert diagnostic.hint == "move or copy the file into the content folder: nothing outside it is published"


def test_a_linked_folder_outside_the_content_folder_is_refused(tmp_path):
    content = tmp_path / "content"
    write(tmp_path, "elsewhere/kazan.md", event())
    (content / "events").mkdir(parents=True)
    (content / "events" / "2019").symlink_to(tmp_path / "elsewhere")
    path, _, _, diagnostic = only(link_errors(content))
    assert path == "events/2019"
    assert diagnostic.message.startswith("'2019' is a link to a folder outside the content folder (")
    assert diagnostic.hint == "move or copy the folder into the content folder: nothing outside it is published"


def test_a_linked_kind_folder_outside_the_content_folder_is_refused(tmp_path):
    content = tmp_path / "content"
    write(tmp_path, "elsewhere/kazan.md", event())
    content.mkdir()
    (content / "events").symlink_to(tmp_path / "elsewhere")
    path, _, _, diagnostic = only(link_errors(content))
    assert path == "events"
    assert diagnostic.message.startswith("'events' is a link to a folder outside the content folder (")


def test_links_inside_the_content_folder_are_followed_once(root):
    write(root, "drafts/kazan.md", event())
    (root / "events" / "sub").mkdir(parents=True)
    (root / "events" / "kazan.md").symlink_to(root / "drafts" / "kazan.md")
    (root / "events" / "sub" / "up").symlink_to(root / "events")  # a loop back up is walked once
    site, report = load_ok(root)
    assert [event.slug for event in site.events] == ["kazan"]
    assert report.items == []


def test_an_unreadable_file_is_an_error(root, monkeypatch):
    """What the OS says when a file cannot be opened (chmod 000 as a user; root reads anything)."""
    path = write(root, "events/locked.md", event())
    real_open = os.open

    def refusing_open(file, flags, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    shown_path, line, key, diagnostic = only(load_errors(root))
    assert (shown_path, line, key) == ("events/locked.md", 1, "")
    assert diagnostic.message == "the file cannot be read (Permission denied)"
    assert diagnostic.hint.startswith("let yourself read it: chmod u+r ")


def test_a_file_larger_than_a_megabyte_is_refused_without_parsing(root):
    write(root, "events/huge.md", event(extra="tags:\n" + "  - x\n" * 170_000))
    path, line, key, diagnostic = only(load_errors(root))
    assert (path, line, key) == ("events/huge.md", 1, "")
    assert diagnostic.message == "the file has 1,020,157 bytes; an entry has at most 1,000,000"
    assert diagnostic.hint == "shorten it, or split it into several entries"


def test_a_slug_of_100_characters_is_fine_but_not_101(root):
    write(root, f"threads/{'t' * 100}.md", "---\ntitle: T\n---\n")
    long = "k" * 101
    write(root, f"threads/{long}.md", "---\ntitle: T\n---\n")
    write(root, "events/a.md", event(extra=f"threads: [{'t' * 100}, {long}]\n"))
    path, line, key, diagnostic = only(load_errors(root))  # no "unknown thread" for the long one
    assert (path, line, key) == (f"threads/{long}.md", 1, "")
    assert diagnostic.message == "the file name is 101 characters long; a slug has at most 100"
    assert diagnostic.hint == f"rename it to something shorter, e.g. {'k' * 60}.md"


RESERVED = ["actors", "search", "Events", "years", "feeds", "data", "pagefind", "pagefind-2", "404", "index"]


@pytest.mark.parametrize("slug", RESERVED)
def test_page_slugs_the_site_uses_itself_are_refused(root, slug):
    write(root, f"pages/{slug}.md", "---\ntitle: T\n---\n")
    write(root, "pages/about.md", f"---\ntitle: About\n---\nSee [the page](page:{slug}).\n")
    path, line, key, diagnostic = only(load_errors(root))  # and no "no page is called" in about.md
    assert (path, line, key) == (f"pages/{slug}.md", 1, "")
    assert diagnostic.message == f"the address /{slug}/ is used by the site itself"
    assert diagnostic.hint.startswith(f"rename the file, e.g. to about-{slug}.md; pages cannot be called 404, ")


def test_an_entity_may_use_a_name_reserved_for_pages(root):
    write(root, "places/search.md", "---\nname: Search\n---\n")
    load_ok(root)


# --- warnings about files that are not read, and about dates ---


@pytest.mark.parametrize(("name", "renamed"), [("Kazan.MD", "Kazan.md"), ("kazan.Md", "kazan.md"),
                                               ("kazan.markdown", "kazan.md")])  # fmt: skip
def test_entry_files_with_another_ending_are_a_warning(root, name, renamed):
    write(root, f"events/{name}", event())
    site, report = load_ok(root)
    assert site.events == []
    [warning] = report.warnings
    assert (warning.path, warning.line, warning.key) == (str(root / "events" / name), 1, "")
    assert warning.message == f"'{name}' is not read: entry files end in '.md'"
    assert warning.hint == f"rename it to {renamed}"


def test_entries_in_a_misspelt_folder_or_at_the_top_are_a_warning(root):
    write(root, "event/kazan.md", event())
    write(root, "sochi.md", event())
    write(root, "images/map.md", "not an entry")  # no kind is called anything like this: left alone
    _, report = load_ok(root)
    assert [(Path(d.path).name, d.message, d.hint) for d in report.warnings] == [
        ("event", "the folder 'event' is not read",
         "did you mean 'events'? Entries are read from " + FOLDERS),
        ("sochi.md", "'sochi.md' is not read: it is in no folder of entries",
         "move it into the folder of its kind: " + FOLDERS),
    ]  # fmt: skip


def test_an_empty_content_folder_is_a_warning(tmp_path):
    (tmp_path / "events").mkdir()
    _, report = load_ok(tmp_path)
    [warning] = report.items
    assert (warning.level, warning.message) == ("warning", "the content folder has no entries")
    assert warning.hint == ("add Markdown files to " + FOLDERS + " (see CONTRIBUTING.md)")


def test_an_event_in_the_future_is_a_warning(root):
    write(root, "events/a.md", event(date='"2999-01"'))
    write(root, "documents/draft.md", '---\nname: Draft\ndate: "2999"\n---\n')  # only events are dated deeds
    _, report = load_ok(root)
    [warning] = report.items
    assert (Path(warning.path).name, warning.line, warning.key) == ("a.md", 3, "date")
    assert (warning.message, warning.hint) == (
        "'2999-01' is in the future",
        "check the year: the timeline records what has happened",
    )


# --- bodies, body links and relations (issue 11): the unsafe-markup patterns stay linear ----------


def test_handler_pattern_is_linear_on_many_unclosed_tags():
    """300,000 '<' before a handler: the old pattern rescanned to the end from each '<' (minutes);
    run in a child process so that a regression fails on the timeout instead of stalling the suite."""
    import subprocess
    import sys
    from pathlib import Path

    code = "from timeline.validation import unsafe_markup\nprint(unsafe_markup('<' * 300_000 + ' onclick=x'))"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=20)
    assert done.stdout.strip() == (
        "[('an event handler attribute (onclick=) is not allowed', "
        "'remove the attribute; entries cannot run scripts', 299999)]"
    )


def test_handler_after_a_lone_angle_bracket_inside_the_tag_is_still_found():
    from timeline.validation import unsafe_markup

    assert [problem for problem, _, _ in unsafe_markup('<a title="<" onclick="x">')] == [
        "an event handler attribute (onclick=) is not allowed"
    ]


# --- the order of events on the same day (issue 13) ------------------------------------------------


def test_events_of_one_day_are_listed_in_their_declared_order(tmp_path):
    for slug, order in (("a-reply", 2), ("b-remarks", 1), ("c-call", 3)):
        write(tmp_path, f"events/{slug}.md", event(date='"2020-04-21"', extra=f"order: {order}\n"))
    site, report = load_ok(tmp_path)
    assert [e.slug for e in site.events] == ["b-remarks", "a-reply", "c-call"]
    assert report.warnings == []


def test_same_day_events_without_an_order_are_a_warning_on_each(tmp_path):
    write(tmp_path, "events/a.md", event(date='"2020-04-21"', extra="order: 1\n"))
    write(tmp_path, "events/b.md", event(date='"2020-04-21"'))
    write(tmp_path, "events/c.md", event(date='"2020-04-22"'))
    _, report = load_ok(tmp_path)
    assert [(Path(w.path).name, w.line, w.key) for w in report.warnings] == [("b.md", 3, "order")]
    assert report.warnings[0].message == "2 events happened on 21 April 2020 (a, b), and this one has no order"


def test_two_events_with_the_same_order_are_a_warning(tmp_path):
    for slug in ("a", "b"):
        write(tmp_path, f"events/{slug}.md", event(date='"2020-04-21"', extra="order: 1\n"))
    _, report = load_ok(tmp_path)
    assert [(Path(w.path).name, w.line) for w in report.warnings] == [("a.md", 5), ("b.md", 5)]
    assert report.warnings[0].message.endswith("and this one shares its order with another event")


@pytest.mark.parametrize("value", ["first", "0", "-1", "1.5", "true", "1000"])
def test_an_order_that_is_no_position_is_an_error(tmp_path, value):
    write(tmp_path, "events/a.md", event(date='"2020-04-21"', extra=f"order: {value}\n"))
    errors = load_errors(tmp_path)
    assert [(line, key) for _, line, key, _ in errors] == [(5, "order")]
    assert errors[0][3].message == f"'{value}' is not a position (a whole number from 1)"


# --- names in other languages, corrections, citations (issue 13) ------------------------------------

PLACE = "---\nname: Stepanakert\nnames:\n  hy: Ստեփանակերտ\n  az: Xankəndi\n  ru: Степанакерт\n---\n"


def test_names_in_other_languages_are_kept_by_language(tmp_path):
    write(tmp_path, "places/stepanakert.md", PLACE)
    site, _ = load_ok(tmp_path)
    assert site.places["stepanakert"].names == {"hy": "Ստեփանակերտ", "az": "Xankəndi", "ru": "Степанакерт"}


@pytest.mark.parametrize(
    ("names", "line", "key", "message"),
    [
        ("names: Степанакерт\n", 3, "names", "expected a list of 'language: name' lines, found a str"),
        ("names:\n  Russian: Степанакерт\n", 4, "names.Russian", "'Russian' is not a language tag"),
        ("names:\n  ru: \n", 4, "names.ru", "the ru name is empty"),
    ],
)
def test_a_name_without_a_language_tag_or_text_is_an_error(tmp_path, names, line, key, message):
    write(tmp_path, "places/stepanakert.md", f"---\nname: Stepanakert\n{names}---\n")
    errors = load_errors(tmp_path)
    assert [(line_, key_, d.message) for _, line_, key_, d in errors] == [(line, key, message)]


def test_corrections_are_kept_newest_first(tmp_path):
    corrections = (
        "corrections:\n  - date: 2026-11-02\n    text: The day was 2 April.\n"
        "  - date: 2026-12-01\n    text: The title named the wrong city.\n"
    )
    write(tmp_path, "events/a.md", event(extra=corrections))
    site, _ = load_ok(tmp_path)
    assert [(c.date.edtf, c.text) for c in site.events[0].corrections] == [
        ("2026-12-01", "The title named the wrong city."),
        ("2026-11-02", "The day was 2 April."),
    ]


def test_a_correction_is_dated_to_the_day(tmp_path):
    write(tmp_path, "events/a.md", event(extra="corrections:\n  - date: 2026-11\n    text: Fixed.\n"))
    errors = load_errors(tmp_path)
    assert [(line, key, d.message) for _, line, key, d in errors] == [
        (6, "corrections[0].date", "'2026-11' is not one day")
    ]


def test_a_citation_names_one_of_the_events_sources(tmp_path):
    write(tmp_path, "events/a.md", event(body="A figure.[@1] Another.[@1] A third.[@2]\n"))
    errors = load_errors(tmp_path)
    assert [(line, key, d.message) for _, line, key, d in errors] == [
        (10, "body", "[@2] cites source 2, but it lists 1 source")
    ]


def test_citations_lead_to_their_source_and_back(tmp_path):
    write(tmp_path, "events/a.md", event(body="A figure.[@1] Another.[@1]\n"))
    site, _ = load_ok(tmp_path)
    assert site.events[0].citations == {1: ["cite-1-1", "cite-1-2"]}
    assert site.events[0].body_html.count('<a href="#source-1" id="cite-1-') == 2


def test_only_events_cite_sources(tmp_path):
    write(tmp_path, "places/x.md", "---\nname: X\n---\nA claim.[@1]\n")
    errors = load_errors(tmp_path)
    assert [(d.message, d.hint) for _, _, _, d in errors] == [
        ("[@1] cites source 1, but it lists no source", "only events list sources")
    ]


# --- who took part, and where (issue 14) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "line", "key", "message"),
    [
        ("format: sumit\n", 5, "format", "unknown meeting format 'sumit'"),
        ("participants:\n  - actor: lavrov\n    role: chair\n", 7, "participants[0].role", "unknown role 'chair'"),
        ("participants:\n  - actor: lavrov\n", 6, "participants[0]", "'role' is missing"),
        (
            "participants:\n  - actor: lavrov\n    role: party\n  - actor: lavrov\n    role: host\n",
            8,
            "participants[1].actor",
            "'lavrov' is listed twice",
        ),
        ("venue: [kazan, sochi]\n", 5, "venue", "an event has one venue"),
        ("venue: kazan\nonline: true\n", 5, "venue", "an online event has no venue"),
    ],
)
def test_participants_venue_and_format_are_checked(tmp_path, extra, line, key, message):
    write(tmp_path, "events/a.md", event(extra=extra))
    errors = load_errors(tmp_path)
    assert [(line_, key_, d.message) for _, line_, key_, d in errors] == [(line, key, message)]


def test_an_unknown_participant_or_venue_gets_a_did_you_mean(tmp_path):
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    write(tmp_path, "places/kazan.md", "---\nname: Kazan\n---\n")
    write(tmp_path, "events/a.md", event(extra="participants:\n  - actor: lavrov\n    role: mediator\nvenue: kazn\n"))
    errors = load_errors(tmp_path)
    assert [(key, d.hint.split("?")[0]) for _, _, key, d in errors] == [
        ("participants[0].actor", "did you mean 'sergey-lavrov'"),
        ("venue", "did you mean 'kazan'"),
    ]


def test_participants_and_the_venue_list_the_event_on_their_pages(tmp_path):
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    write(tmp_path, "places/kazan.md", "---\nname: Kazan\n---\n")
    write(
        tmp_path,
        "events/a.md",
        event(extra="participants:\n  - actor: sergey-lavrov\n    role: mediator\nvenue: kazan\n"),
    )
    site, _ = load_ok(tmp_path)
    assert [e.slug for e in site.actors["sergey-lavrov"].events] == ["a"]
    assert [e.slug for e in site.places["kazan"].events] == ["a"]
    assert [(p.actor.slug, p.role) for p in site.events[0].participants] == [("sergey-lavrov", "mediator")]


def test_a_reading_cites_one_of_the_documents_sources(tmp_path):
    write(tmp_path, "actors/sergey-lavrov.md", LAVROV)
    text = (
        "---\nname: Basic Principles\nsources:\n  - title: T\n    publisher: P\n    url: https://example.org/a\n"
        "elements:\n  - title: Status\n    readings:\n      - side: sergey-lavrov\n        text: Words.\n"
        "        speaker: sergey-lavrov\n        date: '2009'\n        source: https://example.org/b\n---\n"
    )
    write(tmp_path, "documents/basic-principles.md", text)
    errors = load_errors(tmp_path)
    assert [(line, key, d.message) for _, line, key, d in errors] == [
        (14, "elements[0].readings[0].source", "'https://example.org/b' is not the url of one of its sources")
    ]
