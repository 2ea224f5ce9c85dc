"""A Pelican plugin that turns Markdown entries into a cross-linked timeline site.

The pipeline, one module per step: ``frontmatter`` reads a file, ``dates`` owns
what a date means, ``validation`` checks an entry against the contract,
``references`` links entries to each other, ``markup`` renders bodies,
``site`` runs those steps over a content folder, ``pages`` writes the HTML,
``exports`` writes feeds and data files, ``build`` makes the output atomic and
``cli`` is what ``make`` calls.
"""

from __future__ import annotations

from pelican import signals


def _generators(pelican_object):
    from .pages import TimelineGenerator

    return TimelineGenerator


def register() -> None:
    """Pelican's entry point: apply the settings' defaults, add the timeline generator."""
    from .settings import on_initialized

    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(_generators)
