"""Writing small content trees for tests, and reading the diagnostics back.

Private helper shared by the test modules: ``write`` puts one entry under a
content root, ``event`` builds the text of an event entry (with its line numbers
easy to count), ``load_errors`` runs ``load_site`` and returns the errors it
raised, with paths made relative to the content root.
"""

from __future__ import annotations

from pathlib import Path

from timeline.diagnostics import ContentError, Diagnostic
from timeline.site import load_site

LAVROV = "---\nname: Sergey Lavrov\nkind: person\n---\nRussia's foreign minister.\n"

SOURCE_URL = "https://news.example.org/a"
# Three lines: sources:, - title, publisher, url (four lines in all).
ONE_SOURCE = f"sources:\n  - title: Report\n    publisher: Example News\n    url: {SOURCE_URL}\n"


def write(root: Path, rel: str, content: str | bytes) -> Path:
    """Write ``content`` to ``root/rel`` (creating folders) and return the path."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def event(
    title: str = "An event",
    date: str = '"2019"',
    summary: str | None = "One sentence.",
    extra: str = "",
    body: str = "",
    sources: bool = True,
) -> str:
    """An event entry. Lines: 1 ``---``, 2 title, 3 date, 4 summary (if any), then
    ``extra``, then (if ``sources``) the four lines of ``ONE_SOURCE``, then ``---``."""
    lines = ["---", f"title: {title}", f"date: {date}"]
    if summary is not None:
        lines.append(f"summary: {summary}")
    text = "\n".join(lines) + "\n" + extra
    if sources:
        text += ONE_SOURCE
    return text + "---\n" + body


def shown(diagnostic: Diagnostic, root: Path) -> str:
    """The diagnostic's path relative to the content root, with forward slashes."""
    path = Path(diagnostic.path)
    if path.is_absolute():
        path = path.resolve().relative_to(root.resolve())
    return path.as_posix()


def load_errors(root: Path, **kwargs) -> list[tuple[str, int, str, Diagnostic]]:
    """Run ``load_site`` expecting a ``ContentError``; ``(path, line, key, diagnostic)`` per error."""
    try:
        load_site(root, **kwargs)
    except ContentError as error:
        assert error.report.errors, "a ContentError must carry at least one error"
        return [(shown(d, root), d.line, d.key, d) for d in error.report.errors]
    raise AssertionError("load_site accepted content that has errors")


def load_ok(root: Path, **kwargs):
    """Run ``load_site`` expecting success; fail with the diagnostics otherwise."""
    try:
        return load_site(root, **kwargs)
    except ContentError as error:  # pragma: no cover - only on failure
        raise AssertionError(str(error)) from None
