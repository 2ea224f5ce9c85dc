"""The benchmarks of this site's engine: tooling around ``timeline/``, never part of it.

Nothing in ``timeline/`` imports this package, so the build cache's engine key
(a digest of ``timeline/``) does not change when a benchmark does.

* ``corpus`` writes a deterministic synthetic corpus (``python -m benchmarks generate``);
* ``baselines`` converts its events for stock Pelican and Hugo;
* ``runners`` builds a corpus with each tool in child processes and times them;
* ``phases`` times the parts of one in-process build, and profiles one;
* ``report`` turns the results into ratios, goals and ``bench.md``;
* ``lighthouse`` measures Lighthouse scores and transfer weights (``make lighthouse``);
* ``cli`` is ``python -m benchmarks …`` and the whole run behind ``make bench``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # this repository: the site whose engine is measured
SETTINGS = ROOT / "pelicanconf.py"
