"""Errors and warnings about content, in the one format contributors see.

Every problem is printed as ``path:line: key: problem — what to do``, the form
editors and CI logs turn into clickable links. Errors stop a build; warnings are
printed and the build goes on. Suggestions ("did you mean …?") live here too,
so that every kind of unknown name is answered the same way, with the two
helpers every message uses: how a key is named and how a name becomes a slug.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    key: str
    message: str
    hint: str
    level: str = "error"

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        prefix = "" if self.level == "error" else "warning: "
        return f"{self.path}:{self.line}:{key} {prefix}{self.message} — {self.hint}"


@dataclass
class Report:
    """Diagnostics collected while reading one content folder."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: Path | str, line: int, key: str, message: str, hint: str) -> None:
        self.items.append(Diagnostic(str(path), line, key, message, hint))

    def warning(self, path: Path | str, line: int, key: str, message: str, hint: str) -> None:
        self.items.append(Diagnostic(str(path), line, key, message, hint, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.level == "error")

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.level == "warning")

    def __bool__(self) -> bool:
        return bool(self.items)


class ContentError(Exception):
    """Raised when a content folder has errors; carries every one of them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        errors = report.errors
        lines = "\n".join(str(d) for d in errors)
        super().__init__(f"{len(errors)} error(s) in the content:\n{lines}")


def key_name(key_path: tuple) -> str:
    """How a key is named in messages: ``sources[1].url`` for ("sources", 1, "url")."""
    return ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in key_path).replace(".[", "[")


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: 'Sergey Lavrov' -> 'sergey-lavrov'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def did_you_mean(word: str, candidates: Iterable[str], aliases: dict[str, str] | None = None) -> str:
    """A hint that names the closest known name, or lists a few known ones."""
    candidates = list(candidates)
    lowered = {c.casefold(): c for c in candidates}
    if word.casefold() in lowered:
        return f"did you mean '{lowered[word.casefold()]}'? (names are case-sensitive)"
    if aliases:
        folded = word.casefold()
        for alias, target in aliases.items():
            if alias.casefold() == folded:
                return f"did you mean '{target}'?"
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not close and aliases:
        close = [aliases[a] for a in difflib.get_close_matches(word, list(aliases), n=1, cutoff=0.6)]
    if not close:
        close = [c for c in candidates if word and (word in c or c in word)][:1]
    if close:
        return f"did you mean '{close[0]}'?"
    if not candidates:
        return "no entries of this kind exist yet: create one first"
    sample = ", ".join(sorted(candidates)[:5])
    return f"known ones include: {sample}"
