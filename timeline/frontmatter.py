"""Reading one entry file: bytes in, front matter (with line numbers) and body out.

An entry is UTF-8 text: a ``---`` line, YAML front matter, a closing ``---`` line,
then a Markdown body. This module owns turning that into plain Python values and
remembering on which line every key and list item stood, so that every later
error can name ``path:line``. It knows nothing about what the keys mean.

YAML is read with PyYAML's safe loader, changed in two ways that matter for
contributors: dates stay text (so ``2019-02-30`` becomes a clear date error in
our own parser instead of a crash inside YAML), and only ``true``/``false`` are
booleans (so a title such as ``No`` stays a word).
"""

from __future__ import annotations

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
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1


def _record_lines(
    node: yaml.Node, prefix: KeyPath, lines: dict[KeyPath, int], offset: int, seen_nodes: set[int]
) -> None:
    """Remember the line of every mapping key and sequence item below ``node``.

    YAML aliases (``*name``) are refused: nobody needs them in an entry, and a
    few nested ones can expand into billions of values (or loop forever).
    """
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
            if key in seen:
                raise EntryError(
                    line,
                    key_name((*prefix, key)),
                    f"'{key}' is given twice (first on line {seen[key]})",
                    "keep one of the two and delete the other",
                )
            seen[key] = line
            lines[(*prefix, key)] = line
            _record_lines(value_node, (*prefix, key), lines, offset, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*prefix, index)] = item.start_mark.line + offset
            _record_lines(item, (*prefix, index), lines, offset, seen_nodes)


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
    try:
        _refuse_aliases(front, offset)
        loader = _EntryLoader(front)
        try:
            node = loader.get_single_node()
            if node is None:
                raise EntryError(2, "", "the front matter is empty", "add at least 'title:' and 'date:'")
            lines: dict[KeyPath, int] = {}
            _record_lines(node, (), lines, offset, set())
            meta = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else offset
        problem = error.problem or error.context or "malformed YAML"
        raise EntryError(
            line,
            "",
            f"the front matter is not valid YAML: {problem}",
            "check the indentation, and put values containing ':' or '#' in quotes",
        ) from None
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
