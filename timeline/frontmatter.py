"""Reading one entry file: bytes in, front matter (with line numbers) and body out.

An entry is UTF-8 text: a ``---`` line, YAML front matter, a closing ``---`` line,
then a Markdown body. This module owns turning that into plain Python values and
remembering on which line every key and list item stood, so that every later
error can name ``path:line``. It knows nothing about what the keys mean.

YAML is read with PyYAML's safe loader, changed in two ways that matter for
contributors: dates stay text (so ``2019-02-30`` becomes a clear date error in
our own parser instead of a crash inside YAML), and only ``true``/``false`` are
booleans (so a title such as ``No`` stays a word). Explicit tags that change a
value's type (``!!timestamp``, ``!!binary``, ``!!set``, ``!foo``), numbers too long
to convert and invisible control characters written into the front matter are
refused with their line and key before any value is built: each would otherwise
crash the loader or a feed writer.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import key_name

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"
_BOOL_WORDS = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _EntryLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit dates and without yes/no/on/off booleans."""


_EntryLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_TIMESTAMP, _BOOL)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _EntryLoader.yaml_implicit_resolvers.setdefault(_first, []).append((_BOOL, _BOOL_WORDS))

KeyPath = tuple[str | int, ...]
MAX_DEPTH = 20  # far more than the contract needs (sources[0].url is 3)
MAX_NUMBER_LENGTH = 50  # Python refuses to convert ints of more than 4300 digits; a year has four

_YAML_PREFIX = "tag:yaml.org,2002:"
_STR, _INT = _YAML_PREFIX + "str", _YAML_PREFIX + "int"
_COLLECTION_TAGS = {yaml.SequenceNode: _YAML_PREFIX + "seq", yaml.MappingNode: _YAML_PREFIX + "map"}

# Characters that have no place in text and break the XML feeds or the HTML checker: C0 and
# C1 controls but tab, LF and CR; lone surrogates (from "\ud800" escapes); the Unicode
# noncharacters (U+FDD0-U+FDEF and the last two code points of every plane).
UNSAFE_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)
_CONTROL_NAMES = {
    0x00: "null", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape",
    0x7F: "delete", 0x85: "next line",
}  # fmt: skip
# The line ends editors count (str.splitlines also splits at form feeds)
_LINE_END = re.compile(r"\r\n|\r|\n")
_TOP_KEY = re.compile(r"([^\s#:'\"-][^:]*?)\s*:(?:\s|$)")  # 'summary:' at the start of a line


class EntryError(Exception):
    """A file that cannot be read as an entry at all."""

    def __init__(self, line: int, key: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.key, self.message, self.hint = line, key, message, hint


@dataclass
class RawEntry:
    """An entry file as read: values, where they stood, and the Markdown body."""

    path: Path
    meta: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, *key: str | int) -> int:
        """The line of the most precise known part of ``key`` (1 if unknown)."""
        return _line_of(self.lines, key)

    def positions(self) -> Positions:
        """Only where things stood: what is asked of an entry once it is checked."""
        return Positions(self.path, pickle.dumps(self.lines, pickle.HIGHEST_PROTOCOL), self.body_line)


class Positions:
    """Where the values of a checked entry stood in its file, for the messages of later checks.

    The values and the body live on in the entry. The lines are kept packed and
    unpacked only when a message asks for one: a loaded site would otherwise hold a
    dictionary of key paths for every entry (some 20 MB at 10,000 events) that a
    build without warnings never reads.
    """

    __slots__ = ("_lines", "body_line", "packed", "path")

    def __init__(self, path: Path, packed: bytes, body_line: int) -> None:
        self.path, self.packed, self.body_line = path, packed, body_line
        self._lines: dict[KeyPath, int] | None = None

    def __getstate__(self) -> tuple:
        return self.path, self.packed, self.body_line

    def __setstate__(self, state: tuple) -> None:
        self.path, self.packed, self.body_line = state
        self._lines = None

    def line_of(self, *key: str | int) -> int:
        """The line of the most precise known part of ``key`` (1 if unknown)."""
        if self._lines is None:
            self._lines = pickle.loads(self.packed)
        return _line_of(self._lines, key)


def _line_of(lines: dict[KeyPath, int], key: tuple[str | int, ...]) -> int:
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return 1


def describe_character(char: str) -> tuple[str, str]:
    """What to tell a contributor about one ``UNSAFE_CHARACTER``: a problem and a hint."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return (
            f"the text contains U+{code:04X}, half of a character pair that is not a character on its own",
            "remove it, or write the character itself instead of a '\\u' escape",
        )
    if code > 0x9F:
        return f"the text contains U+{code:04X}, which is not a character", "remove it (it comes from a broken copy)"
    name = _CONTROL_NAMES.get(code, "")
    hint = {
        0x0C: "remove it: it is often pasted from a PDF",
        0x00: "remove it: it is often written as a '\\0' escape or left by a broken copy",
    }.get(code, "remove it: it is invisible, and feeds that contain it cannot be read")
    return f"the text contains the invisible control character U+{code:04X}{f' ({name})' if name else ''}", hint


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_PREFIX) if tag.startswith(_YAML_PREFIX) else tag


def _check_node(node: yaml.Node, prefix: KeyPath, offset: int, loader: yaml.BaseResolver) -> None:
    """Refuse a tag that changes what the value would have been, and numbers too long to convert.

    ``!!str`` is harmless (it keeps a value as text), and so is a tag that names
    what YAML would have read anyway (``!!int 2008``). Every other tag builds a
    value the contract has no shape for (a date, bytes, a set), or crashes the
    loader on a value of the wrong form (``!!int abc``).
    """
    line = node.start_mark.line + offset
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style
        expected = loader.resolve(yaml.ScalarNode, node.value, (plain, not plain))
        if node.tag == _INT and len(node.value) > MAX_NUMBER_LENGTH:
            raise EntryError(
                line,
                key_name(prefix),
                f"the number on this line has {len(node.value)} digits",
                "put it in double quotes if it is text; a date has at most four digits of year",
            )
    else:
        expected = _COLLECTION_TAGS[type(node)]
    if node.tag not in (expected, _STR):
        raise EntryError(
            line,
            key_name(prefix),
            f"the YAML tag '{_tag_name(node.tag)}' is not allowed in entries",
            "remove the tag and write the value as plain text",
        )


def _record_lines(
    node: yaml.Node,
    prefix: KeyPath,
    lines: dict[KeyPath, int],
    offset: int,
    seen_nodes: set[int],
    loader: yaml.BaseResolver,
) -> None:
    """Remember the line of every mapping key and sequence item below ``node``; check each node.

    YAML aliases (``*name``) are refused: nobody needs them in an entry, and a
    few nested ones can expand into billions of values (or loop forever).
    """
    _check_node(node, prefix, offset, loader)
    if len(prefix) > MAX_DEPTH:
        raise EntryError(
            node.start_mark.line + offset,
            key_name(prefix[:1]),
            "the front matter is nested too deeply",
            "use at most a few levels of lists and mappings",
        )
    if id(node) in seen_nodes:
        raise EntryError(
            node.start_mark.line + offset,
            str(prefix[0]) if prefix else "",
            "YAML anchors and aliases ('&name', '*name') are not allowed in entries",
            "write the value out in full",
        )
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + offset
            _check_node(key_node, (*prefix, key), offset, loader)
            if key in seen:
                raise EntryError(
                    line,
                    key_name((*prefix, key)),
                    f"'{key}' is given twice (first on line {seen[key]})",
                    "keep one of the two and delete the other",
                )
            seen[key] = line
            lines[(*prefix, key)] = line
            _record_lines(value_node, (*prefix, key), lines, offset, seen_nodes, loader)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*prefix, index)] = item.start_mark.line + offset
            _record_lines(item, (*prefix, index), lines, offset, seen_nodes, loader)


def _refuse_aliases(front: str, offset: int) -> None:
    """Name the line and key of the first YAML alias (the composed tree only knows its anchor)."""
    if "*" not in front:
        return
    depth, top_key, expecting_key = 0, "", False
    for event in yaml.parse(front, Loader=_EntryLoader):
        if isinstance(event, yaml.AliasEvent):
            raise EntryError(
                event.start_mark.line + offset,
                top_key,
                "YAML anchors and aliases ('&name', '*name') are not allowed in entries",
                "write the value out in full",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            expecting_key = depth == 1 and isinstance(event, yaml.MappingStartEvent)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            expecting_key = depth == 1
        elif isinstance(event, yaml.ScalarEvent) and depth == 1:
            if expecting_key:
                top_key = str(event.value)
            expecting_key = not expecting_key


def _refuse_unsafe_characters(front: str, offset: int) -> None:
    """Name the line and top-level key of the first ``UNSAFE_CHARACTER`` typed into the front matter.

    YAML refuses most of them itself, but only with a position in the text; the
    ones written as escapes (``"\\0"``) appear in values and are checked there.
    """
    found = UNSAFE_CHARACTER.search(front)
    if found is None:
        return
    before = _LINE_END.split(front[: found.start()])
    key = ""
    for line in reversed(before):
        if top := _TOP_KEY.match(line):
            key = top.group(1)
            break
    problem, hint = describe_character(found.group())
    raise EntryError(len(before) - 1 + offset, key, problem, hint)


def decode(data: bytes) -> str:
    """UTF-8 text of a file, or an ``EntryError`` naming the line of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise EntryError(
            line,
            "",
            f"the file is not UTF-8 (byte 0x{data[error.start]:02x} on this line)",
            "save the file as UTF-8 in your editor",
        ) from None
    return text.removeprefix("\ufeff")


def split(text: str) -> tuple[str, str, int]:
    """Front matter text, body text, and the line on which the body starts."""
    if not text.strip():
        raise EntryError(
            1, "", "the file is empty", "start with a '---' line, the front matter, and a closing '---' line"
        )
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        raise EntryError(
            1,
            "",
            "the file does not start with front matter",
            "put a line with just '---' first, then the keys, then another '---' line",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise EntryError(
        len(lines),
        "",
        "the front matter is never closed",
        "add a line with just '---' after the last key",
    )


def parse(path: Path, data: bytes) -> RawEntry:
    """Read one entry file; raise ``EntryError`` if it is not an entry at all."""
    text = decode(data)
    front, body, body_line = split(text)
    offset = 2  # the front matter starts on line 2; YAML marks count from 0
    _refuse_unsafe_characters(front, offset)
    try:
        _refuse_aliases(front, offset)
        loader = _EntryLoader(front)
        try:
            node = loader.get_single_node()
            if node is None:
                raise EntryError(2, "", "the front matter is empty", "add at least 'title:' and 'date:'")
            lines: dict[KeyPath, int] = {}
            _record_lines(node, (), lines, offset, set(), loader)
            meta = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else offset
        problem = error.problem or error.context or "malformed YAML"
        hint = "check the indentation, and put values containing ':' or '#' in quotes"
        if "escape" in problem:
            hint = "write the character itself instead of a '\\' escape, or double the backslash"
        raise EntryError(line, "", f"the front matter is not valid YAML: {problem}", hint) from None
    except RecursionError:
        raise EntryError(
            offset, "", "the front matter is nested too deeply", "use at most a few levels of lists and mappings"
        ) from None
    except yaml.YAMLError as error:
        raise EntryError(offset, "", f"the front matter is not valid YAML: {error}", "check the syntax") from None
    if not isinstance(meta, dict):
        raise EntryError(
            offset, "", "the front matter is not a list of 'key: value' lines", "write one 'key: value' per line"
        )
    return RawEntry(path=path, meta=meta, lines=lines, body=body, body_line=body_line)
