"""Markdown bodies to safe HTML, with links to other entries by slug.

The body link syntax is an ordinary Markdown link whose address is
``kind:slug``: ``[the Kazan summit](event:kazan-summit-2011)``, and likewise
``actor:``, ``document:``, ``place:``, ``thread:`` and ``page:``. Reference-style
links work too. Each is resolved to the entry's URL while rendering; the ones
that name no entry are returned so the build can report them.

Whatever the Markdown contains, the HTML that leaves this module has passed an
allow-list sanitiser (nh3): no scripts, event handlers, frames, images from other
hosts or ``javascript:`` URLs. Validation already refuses such input with a clear
message; this is the second lock on the same door.

A body shares its page with the theme, so it cannot take the theme's names: every
``id`` it produces (heading anchors, footnotes, raw HTML) gets the ``body-`` prefix,
and so does every in-page link to one; the only classes kept are the ones Markdown's
own extensions write. An address that would reach the page as a link to nowhere
(``events:x``, ``Event:x``, ``person:x``, a raw ``<a href="event:x">`` to an unknown
entry, ``<event:x>``) is returned as a ``BadLink`` for the check to report.

Python-Markdown and Python's HTML parser scan forward from every ``[``, ``](`` and
``<tag`` for its closing character; ``markdown_work`` bounds the total of those
scans, so that no body can make a build quadratic.
"""

from __future__ import annotations

import html as html_module
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import NamedTuple

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .kinds import KINDS

LINK_KINDS = tuple(KINDS)  # a body link's prefix is the kind's name: event:slug
BODY_LINK = re.compile(rf"({'|'.join(LINK_KINDS)}):([^\s#/]+)(#[\w-]*)?")

ALLOWED_TAGS = {
    "p", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "q", "cite", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "hr",
    "br", "div", "abbr", "dl", "dt", "dd", "del", "ins", "small", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"*": {"id", "title"}, "a": {"href"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
# The classes Markdown's extensions write (footnotes, [TOC]); any other could take on the theme's styles.
ALLOWED_CLASSES = {"div": {"footnote", "toc"}, "a": {"footnote-ref", "footnote-backref"}}
# Every id from a body starts with this: the theme's ids (main, quotes-h, y2011, event-<slug> …) never do.
ID_PREFIX = "body-"
# [@2] cites the entry's second source; CITE marks it through the sanitiser (entries may not contain it)
CITATION = re.compile(r"\[@(\d{1,3})\]")
CITE = "\x1a"
_CITE_MARK = re.compile(CITE + r"(\d+)" + CITE)
_CITE_ID = re.compile(r'id="cite-(\d+)-(\d+)"')
WEB_SCHEMES = {"http", "https", "mailto"}
# An address that names a scheme (``word:``), in an href of the HTML Markdown wrote (raw HTML included),
# and a raw tag that is really a mistyped autolink (``<event:x>``): nh3 would drop both silently.
_HREF = re.compile(r"""<a\s[^<>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""", re.I)
_TAG_LINK = re.compile(r"<([A-Za-z][\w+.-]*):([^\s<>]*)>")
_SCHEME = re.compile(r"\s*([A-Za-z][\w+.-]*)\s*:(.*)", re.S)

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

Resolver = Callable[[str, str], "str | None"]


class BadLink(NamedTuple):
    """An address in a body that is neither an entry link (``kind:slug``) nor a web address."""

    written: str  # as it reaches the HTML, e.g. "events:kazan" or "<event:kazan>"
    kind: str  # what stands before the colon, e.g. "events"
    rest: str  # what follows it, e.g. "kazan"
    autolink: bool = False  # written as <kind:slug>, which Markdown does not turn into a link


def prefixed_fragment(fragment: str) -> str:
    """``#background`` -> ``#body-background``: fragments name the ids a body produces."""
    return "#" + ID_PREFIX + fragment[1:] if len(fragment) > 1 else fragment


class _BodyLinkProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, renderer: BodyRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        for anchor in root.iter("a"):
            match = BODY_LINK.fullmatch(anchor.get("href", ""))
            if not match:
                continue
            kind, slug, fragment = match.groups()
            self.renderer.targets.append((kind, slug))
            url = self.renderer.resolve(kind, slug)
            if url is None:
                self.renderer.missing.append((kind, slug))
                anchor.set("href", "#")
            else:
                anchor.set("href", url + prefixed_fragment(fragment or ""))


class _HeadingLevels(Treeprocessor):
    """The body's highest heading becomes h2 (the page's title is its h1), keeping the steps below."""

    def run(self, root: etree.Element) -> None:
        headings = [element for element in root.iter() if element.tag in HEADINGS]
        if not headings:
            return
        shift = 2 - min(int(element.tag[1]) for element in headings)
        for element in headings:
            element.tag = f"h{min(int(element.tag[1]) + shift, 6)}"


class _Citation(InlineProcessor):
    """``[@2]``: a citation of the entry's second source, kept as a mark until the HTML is safe.

    The mark (``CITE``, a control character no entry may contain) passes the
    sanitiser untouched; ``BodyRenderer`` then turns it into a numbered link to
    the source, with an id the source list links back to.
    """

    def handleMatch(self, match: re.Match, data: str) -> tuple[str, int, int]:  # type: ignore[override]
        return f"{CITE}{int(match[1])}{CITE}", match.start(0), match.end(0)


class _BodyLinks(Extension):
    def __init__(self, renderer: BodyRenderer) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_BodyLinkProcessor(md, self.renderer), "timeline-body-links", 5)
        md.treeprocessors.register(_HeadingLevels(md), "timeline-heading-levels", 4)
        md.inlinePatterns.register(_Citation(CITATION.pattern, md), "timeline-citation", 175)


class BodyRenderer:
    """Renders Markdown bodies for one site; one Markdown instance reused for all."""

    def __init__(self, resolve: Resolver) -> None:
        self.resolve = resolve
        self.missing: list[tuple[str, str]] = []
        self.targets: list[tuple[str, str]] = []  # every entry the last body linked to
        self._markdown = markdown.Markdown(
            extensions=["footnotes", "tables", "sane_lists", "toc", _BodyLinks(self)],
            output_format="html",
        )

    def render(self, text: str) -> tuple[str, list[tuple[str, str] | BadLink]]:
        """Safe HTML for ``text``; the ``(kind, slug)`` of every unresolved body link and every ``BadLink``."""
        self.missing = []
        self.targets = []
        if not text.strip():
            return "", []
        html = self._markdown.reset().convert(text)
        html = _HREF.sub(self._raw_link, html)
        self.missing.extend(BadLink(match[0], *match.groups(), True) for match in _TAG_LINK.finditer(html))
        safe = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            allowed_classes=ALLOWED_CLASSES,
            attribute_filter=_prefix_ids,
            url_schemes=WEB_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )
        return _CITE_MARK.sub(_citation_marks(), safe), self.missing

    def close(self) -> None:
        """Let go of the Markdown instance and the resolver.

        Markdown and its extensions refer to one another (a cycle, which only the
        garbage collector frees); through this renderer the cycle would hold the
        resolver and with it every entry's raw front matter.
        """
        self._markdown = None  # type: ignore[assignment]
        self.resolve = None  # type: ignore[assignment]

    def _raw_link(self, match: re.Match) -> str:
        """Resolve an entry link left in the HTML (raw ``<a href>``); note any other non-web address."""
        value = next(group for group in match.groups() if group is not None)
        href = html_module.unescape(value)
        scheme = _SCHEME.fullmatch(href)
        if scheme is None or scheme[1].lower() in WEB_SCHEMES:
            return match[0]
        link = BODY_LINK.fullmatch(href)
        if link is None:
            self.missing.append(BadLink(href, scheme[1], scheme[2]))
            return match[0]
        kind, slug, fragment = link.groups()
        self.targets.append((kind, slug))
        url = self.resolve(kind, slug)
        if url is None:
            self.missing.append((kind, slug))
        new = html_module.escape("#" if url is None else url + prefixed_fragment(fragment or ""))
        start, end = (position - match.start() for position in match.span(match.lastindex))
        return match[0][:start] + new + match[0][end:]


def _citation_marks() -> Callable[[re.Match], str]:
    """Replaces each citation mark by its numbered link; the nth citation of source 2 has the id cite-2-n.

    Two marks side by side read "1,2": a comma opens a mark that follows another with nothing between.
    """
    seen: dict[int, int] = {}
    previous_end = -1

    def mark(match: re.Match) -> str:
        nonlocal previous_end
        number = int(match[1])
        seen[number] = seen.get(number, 0) + 1
        comma = "," if match.start() == previous_end else ""
        previous_end = match.end()
        return (f'<sup class="citation">{comma}<a href="#source-{number}" id="cite-{number}-{seen[number]}">'
                f'<span class="visually-hidden">source </span>{number}</a></sup>')  # fmt: skip

    return mark


def citations(html: str) -> dict[int, list[str]]:
    """The sources a rendered body cites, each with the ids of its citation marks, in order."""
    found: dict[int, list[str]] = {}
    for number, occurrence in _CITE_ID.findall(html):
        found.setdefault(int(number), []).append(f"cite-{number}-{occurrence}")
    return found


def _prefix_ids(tag: str, attribute: str, value: str) -> str:
    """Put every id of a body, and every in-page link to one, under ``ID_PREFIX``."""
    if attribute == "id":
        return ID_PREFIX + value
    if attribute == "href" and value.startswith("#"):
        return prefixed_fragment(value)
    return value


# How long a scan of one character takes, in units of 10 ns, measured on Python-Markdown 3.11
# (six link patterns each rescan from '['; one scan per '](' and per '<tag'), and the budget of a body:
# half a second, over a thousand times what the costliest body in content/ needs.
SCAN_COST = {"[": 20, "(": 8, "<": 4, "[]:": 2}
WORK_LIMIT = 50_000_000
_SCAN_TOKENS = re.compile(r"\\[\[\]()]|[\[\]()]|\n[ \t]*(?=\n)|<(?=[A-Za-z/!?])|>", re.S)
_SCAN_PROBLEMS = {
    "[": ("the body has '[' that Markdown cannot match with ']' (the first unmatched one on this line), "
          "and would take too long to read", "close each '[' with ']', or write a literal one as \\["),
    "(": ("a link's '(' is never closed with ')' (the first on this line), and Markdown would take too long "
          "to read the body", "close it with ')', or write a literal one as \\("),
    "<": ("'<' followed by a letter starts an HTML tag that is never closed with '>' (the first on this line), "
          "and would take too long to read", "write a literal '<' as &lt; or close the tag"),
    "[]:": ("this paragraph has so many lines that look like link definitions ('[name]: address') that "
            "Markdown would take too long to read it",
            "put a blank line between them, or write '\\[' for a literal '['"),
}  # fmt: skip
_REFERENCE_LINE = re.compile(r"^ {0,3}\[[^\]\n]*\]:", re.M)
_PARAGRAPH = re.compile(r".+?(?:\n[ \t]*\n|\Z)", re.S)


def markdown_work(body: str) -> tuple[int, str, int]:
    """The scanning ``body`` costs Markdown, in units of 10 ns; the costliest opener and its offset.

    Python-Markdown reads a link by scanning from its '[' to the matching ']' and from
    the '(' after it to the matching ')'; Python's HTML parser scans from each '<tag' to
    the next '>'. Each scan is short in prose, but thousands of unclosed openers make
    them quadratic (24 KB of '[' took 54 s). This sums their lengths in one pass: a
    paragraph ends at a blank line, and escaped characters are not openers.
    """
    work = {"[": 0, "(": 0, "<": 0}
    worst = (0, "[", 0)
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []  # offset, and whether it opens a link's address
    tags: list[int] = []
    closed_bracket = -2

    def scanned(opener: str, start: int, end: int) -> None:
        nonlocal worst
        cost = (end - start) * SCAN_COST[opener]
        work[opener] += cost
        if cost > worst[0]:
            worst = (cost, opener, start)

    def end_paragraph(end: int) -> None:
        for start in brackets:
            scanned("[", start, end)
        for start, link in parens:
            if link:
                scanned("(", start, end)
        brackets.clear()
        parens.clear()

    for token in _SCAN_TOKENS.finditer(body):
        text, start = token[0], token.start()
        if text == "[":
            brackets.append(start)
        elif text == "]" and brackets:
            scanned("[", brackets.pop(), start)
            closed_bracket = start
        elif text == "(":
            parens.append((start, start == closed_bracket + 1))
        elif text == ")" and parens:
            opened, link = parens.pop()
            if link:
                scanned("(", opened, start)
        elif text == "<":
            tags.append(start)
        elif text == ">":
            for opened in tags:
                scanned("<", opened, start)
            tags.clear()
        elif text.startswith("\n"):
            end_paragraph(start)
    end_paragraph(len(body))
    for opened in tags:
        scanned("<", opened, len(body))
    return sum(work.values()), worst[1], worst[2]


def reference_work(body: str) -> tuple[int, int]:
    """What reading reference definitions costs, in the units of ``markdown_work``, and the costliest offset.

    Python-Markdown takes a paragraph's definitions one at a time and each time
    copies the rest of the paragraph, so k definitions in a paragraph of n
    characters cost k × n (4,000 in one paragraph took 1.5 s, 40,000 would take minutes).
    """
    total, worst = 0, (0, 0)
    for paragraph in _PARAGRAPH.finditer(body):
        count = len(_REFERENCE_LINE.findall(paragraph[0]))
        cost = count * len(paragraph[0]) * SCAN_COST["[]:"]
        total += cost
        worst = max(worst, (cost, paragraph.start()))
    return total, worst[1]


def costly_markup(body: str) -> list[tuple[str, str, int]]:
    """``(problem, hint, offset)`` if Markdown would take too long on ``body`` (at most one)."""
    work, opener, offset = markdown_work(body)
    references, reference_offset = reference_work(body)
    if references > WORK_LIMIT // 2:  # no real paragraph comes near: 2,000 definitions in one do
        problem, hint = _SCAN_PROBLEMS["[]:"]
        return [(problem, hint, reference_offset)]
    if work <= WORK_LIMIT:
        return []
    problem, hint = _SCAN_PROBLEMS[opener]
    return [(problem, hint, offset)]


def lines_of_text(body: str, text: str) -> list[int]:
    """0-based lines of ``body`` where ``text`` is written (the first line if nowhere)."""
    lines = [number for number, line in enumerate(body.splitlines()) if text and text in line]
    return lines or [0]


def lines_of_link(body: str, kind: str, slug: str) -> list[int]:
    """0-based lines of ``body`` where the link target ``kind:slug`` is written (at least one)."""
    target = re.compile(rf"(?<![\w:-]){re.escape(kind)}:{re.escape(slug)}(?![\w-])")
    lines = [number for number, line in enumerate(body.splitlines()) if target.search(line)]
    return lines or [0]
