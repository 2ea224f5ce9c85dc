"""timeline.frontmatter: bytes in, values with line numbers and the body out."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from timeline.frontmatter import EntryError, RawEntry, parse

PATH = Path("events/example.md")


def read(text: str | bytes) -> RawEntry:
    return parse(PATH, text.encode("utf-8") if isinstance(text, str) else text)


def refused(text: str | bytes) -> EntryError:
    with pytest.raises(EntryError) as caught:
        read(text)
    return caught.value


ENTRY = """\
---
title: Leaders meet in Kazan
date: 2011-06-24
year: 2008
sources:
  - title: First report
    publisher: Agency A
    url: https://a.example.org/1
  - title: Second report
    publisher: Agency B
    url: https://b.example.org/2
tags: [summit, talks]
---
The leaders met.

They talked.
"""


def test_values_lines_and_body():
    raw = read(ENTRY)
    assert raw.path == PATH
    assert raw.meta["title"] == "Leaders meet in Kazan"
    assert raw.meta["sources"][1] == {
        "title": "Second report",
        "publisher": "Agency B",
        "url": "https://b.example.org/2",
    }
    assert raw.line_of("title") == 2
    assert raw.line_of("date") == 3
    assert raw.line_of("sources") == 5
    assert raw.line_of("sources", 0) == 6
    assert raw.line_of("sources", 0, "url") == 8
    assert raw.line_of("sources", 1) == 9
    assert raw.line_of("sources", 1, "publisher") == 10
    assert raw.line_of("sources", 1, "url") == 11
    assert raw.line_of("tags", 1) == 12
    assert raw.body == "The leaders met.\n\nThey talked.\n"
    assert raw.body_line == 14


def test_line_of_unknown_key_falls_back_to_the_closest_known_part():
    raw = read(ENTRY)
    assert raw.line_of("sources", 1, "archived") == 9  # the item's line
    assert raw.line_of("nothing") == 1


def test_unquoted_dates_stay_text_and_years_stay_numbers():
    raw = read("---\ndate: 2011-06-24\nimpossible: 2019-02-30\nyear: 2008\n---\n")
    assert raw.meta == {"date": "2011-06-24", "impossible": "2019-02-30", "year": 2008}
    assert isinstance(raw.meta["year"], int)


def test_yes_no_on_off_stay_words_but_true_false_are_booleans():
    raw = read("---\ntitle: No\nother: yes\nswitch: off\nt: true\nf: False\n---\n")
    assert raw.meta == {"title": "No", "other": "yes", "switch": "off", "t": True, "f": False}


def test_empty_body_starts_after_the_closing_line():
    raw = read("---\ntitle: A\n---\n")
    assert (raw.body, raw.body_line) == ("", 4)


def test_byte_order_mark_and_windows_line_endings():
    raw = read(b"\xef\xbb\xbf---\r\ntitle: A\r\ndate: 2019\r\n---\r\nBody\r\n")
    assert raw.meta == {"title": "A", "date": 2019}
    assert raw.line_of("date") == 3
    assert raw.body_line == 5
    assert raw.body.strip() == "Body"


def test_malformed_yaml_names_its_line():
    error = refused("---\ntitle: A\ndate: 2019\nsummary: Talks: the second round\n---\n")
    assert error.line == 4
    assert error.message.startswith("the front matter is not valid YAML: ")
    assert "mapping values are not allowed" in error.message
    assert error.hint == "check the indentation, and put values containing ':' or '#' in quotes"


def test_tab_indentation_names_its_line():
    error = refused("---\ntitle: A\n\tdate: 2019\n---\n")
    assert error.line == 3
    assert "tab" in error.message


def test_not_utf8_names_the_line_of_the_bad_byte():
    error = refused(b"---\ntitle: A\ndate: 2019 \xff\n---\nbody\n")
    assert error.line == 3
    assert error.message == "the file is not UTF-8 (byte 0xff on this line)"
    assert error.hint == "save the file as UTF-8 in your editor"


def test_not_utf8_in_the_body():
    error = refused(b"---\ntitle: A\n---\nline four\nCaf\xe9\n")
    assert error.line == 5
    assert error.message == "the file is not UTF-8 (byte 0xe9 on this line)"


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_file(text):
    error = refused(text)
    assert (error.line, error.key, error.message) == (1, "", "the file is empty")
    assert error.hint == "start with a '---' line, the front matter, and a closing '---' line"


def test_no_opening_line():
    error = refused("title: A\ndate: 2019\n")
    assert (error.line, error.message) == (1, "the file does not start with front matter")
    assert error.hint == "put a line with just '---' first, then the keys, then another '---' line"


def test_unclosed_front_matter():
    error = refused("---\ntitle: A\ndate: 2019\n")
    assert error.message == "the front matter is never closed"
    assert error.line == 3  # the last line, after which the '---' is missing
    assert error.hint == "add a line with just '---' after the last key"


def test_empty_front_matter():
    error = refused("---\n---\nBody\n")
    assert (error.line, error.message) == (2, "the front matter is empty")


@pytest.mark.parametrize("front", ["- title\n- date\n", "just some words\n", "2019\n"])
def test_front_matter_not_a_mapping(front):
    error = refused(f"---\n{front}---\n")
    assert error.line == 2
    assert error.message == "the front matter is not a list of 'key: value' lines"
    assert error.hint == "write one 'key: value' per line"


def test_duplicate_key():
    error = refused("---\ntitle: A\ndate: 2019\ntitle: B\n---\n")
    assert (error.line, error.key) == (4, "title")
    assert error.message == "'title' is given twice (first on line 2)"
    assert error.hint == "keep one of the two and delete the other"


def test_duplicate_key_inside_a_source():
    """Two ``url:`` in one source would silently keep only the last one."""
    error = refused(
        "---\ntitle: A\nsources:\n  - title: R\n    url: https://a.example.org\n    url: https://b.example.org\n---\n"
    )
    assert error.line == 6
    assert "'url' is given twice (first on line 5)" in error.message


def test_alias_is_refused_on_the_line_where_it_is_used():
    error = refused("---\ntitle: &t Kazan\nsummary: *t\n---\n")
    assert error.key == "summary"
    assert error.message == "YAML anchors and aliases ('&name', '*name') are not allowed in entries"
    assert error.hint == "write the value out in full"
    assert error.line == 3  # where '*t' is written (the anchor is on line 2)


def test_billion_laughs_is_refused_quickly():
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"lol{level}: &l{level} [{refs}]")
    started = time.perf_counter()
    error = refused("---\n" + "\n".join(lines) + "\n---\n")
    assert time.perf_counter() - started < 1.0
    assert error.message == "YAML anchors and aliases ('&name', '*name') are not allowed in entries"
    assert error.key == "lol1"


def test_recursive_alias_is_refused():
    error = refused("---\nloop: &a [*a]\n---\n")
    assert "anchors and aliases" in error.message


def test_undefined_alias_is_refused_as_an_alias():
    error = refused("---\ntitle: *nothing\n---\n")
    assert (error.line, error.key) == (2, "title")
    assert error.message.startswith("YAML anchors and aliases")


def test_python_tags_are_not_constructed():
    error = refused("---\ntitle: !!python/object/apply:os.system [echo hacked]\n---\n")
    assert (error.line, error.key) == (2, "title")
    assert error.message == "the YAML tag '!!python/object/apply:os.system' is not allowed in entries"


def test_very_deep_nesting_is_an_entry_error():
    """Deeply nested lists must give a clear error, not a Python RecursionError."""
    depth = 990
    data = "---\ntitle: A\ntags: " + "[" * depth + "]" * depth + "\n---\n"
    error = refused(data)
    assert (error.line, error.key, error.message) == (3, "tags", "the front matter is nested too deeply")
    assert error.hint == "use at most a few levels of lists and mappings"


# --- explicit tags, huge numbers and invisible characters (issue 11) -------------------------------


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!timestamp 2001-12-14", "!!timestamp"),
        ("!!timestamp not-a-time", "!!timestamp"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
        ("!!pairs [a: 1]", "!!pairs"),
        ("!!int abc", "!!int"),
        ("!!float abc", "!!float"),
        ("!!bool maybe", "!!bool"),
        ("!!null x", "!!null"),
        ("!foo x", "!foo"),
    ],
)
def test_explicit_yaml_tags_are_refused_with_line_and_key(value, tag):
    error = refused(f"---\ntitle: A\nsources:\n  - title: {value}\n---\n")
    assert (error.line, error.key) == (4, "sources[0].title")
    assert error.message == f"the YAML tag '{tag}' is not allowed in entries"
    assert error.hint == "remove the tag and write the value as plain text"


def test_explicit_tags_that_change_nothing_are_accepted():
    raw = read("---\ntitle: !!str 2019\nyear: !!int 2008\nlist: !!seq [a]\nmap: !!map {a: 1}\n---\n")
    assert raw.meta == {"title": "2019", "year": 2008, "list": ["a"], "map": {"a": 1}}


@pytest.mark.parametrize("tag", ["!!int ", ""])
def test_a_huge_number_is_an_error_not_a_crash(tag):
    error = refused(f"---\ntitle: A\ndate: {tag}{'9' * 5000}\n---\n")
    assert (error.line, error.key) == (3, "date")
    assert error.message == "the number on this line has 5000 digits"
    assert error.hint == "put it in double quotes if it is text; a date has at most four digits of year"


def test_a_tagged_mapping_key_is_refused():
    error = refused("---\ntitle: A\n!!binary aGk=: x\n---\n")
    assert error.line == 3
    assert error.message == "the YAML tag '!!binary' is not allowed in entries"


@pytest.mark.parametrize(
    ("char", "name"), [("\x0c", "U+000C (form feed)"), ("\x1b", "U+001B (escape)"), ("\x00", "U+0000 (null)")]
)
def test_a_raw_control_character_in_the_front_matter_names_its_line_and_key(char, name):
    error = refused(f"---\ntitle: A\nsummary: >\n  one\n  tw{char}o\n---\n")
    assert (error.line, error.key) == (5, "summary")
    assert error.message == f"the text contains the invisible control character {name}"


def test_a_lone_surrogate_escape_gets_a_hint_about_escapes():
    error = refused('---\ntitle: A\nsummary: "broken \\ud800 pair"\n---\n')
    assert error.line == 3
    assert error.message == "the front matter is not valid YAML: found invalid Unicode character escape code"
    assert error.hint == "write the character itself instead of a '\\' escape, or double the backslash"
