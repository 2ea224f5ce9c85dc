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
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

LINK_KINDS = ("event", "actor", "document", "place", "thread", "page")
BODY_LINK = re.compile(rf"({'|'.join(LINK_KINDS)}):([^\s#/]+)(#[\w-]*)?")

ALLOWED_TAGS = {
    "p", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "q", "cite", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "hr",
    "br", "div", "abbr", "dl", "dt", "dd", "del", "ins", "small", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"*": {"id", "class", "title"}, "a": {"href"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

Resolver = Callable[[str, str], "str | None"]


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
                anchor.set("href", url + (fragment or ""))


class _HeadingLevels(Treeprocessor):
    """The body's highest heading becomes h2 (the page's title is its h1), keeping the steps below."""

    def run(self, root: etree.Element) -> None:
        headings = [element for element in root.iter() if element.tag in HEADINGS]
        if not headings:
            return
        shift = 2 - min(int(element.tag[1]) for element in headings)
        for element in headings:
            element.tag = f"h{min(int(element.tag[1]) + shift, 6)}"


class _BodyLinks(Extension):
    def __init__(self, renderer: BodyRenderer) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_BodyLinkProcessor(md, self.renderer), "timeline-body-links", 5)
        md.treeprocessors.register(_HeadingLevels(md), "timeline-heading-levels", 4)


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

    def render(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Safe HTML for ``text`` and the ``(kind, slug)`` of every unresolved body link."""
        self.missing = []
        self.targets = []
        if not text.strip():
            return "", []
        html = self._markdown.reset().convert(text)
        safe = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
            strip_comments=True,
        )
        return safe, self.missing


def lines_of_link(body: str, kind: str, slug: str) -> list[int]:
    """0-based lines of ``body`` where the link target ``kind:slug`` is written (at least one)."""
    target = re.compile(rf"(?<![\w:-]){re.escape(kind)}:{re.escape(slug)}(?![\w-])")
    lines = [number for number, line in enumerate(body.splitlines()) if target.search(line)]
    return lines or [0]
