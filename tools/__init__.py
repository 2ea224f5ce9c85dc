"""Maintainers' commands that are neither the engine nor its benchmarks (``python -m tools.<command>``).

They live outside ``timeline/`` because the engine builds sites offline and is
shipped as a wheel; these commands go online, are run by hand in this
repository, and are not shipped (the wheel packages ``timeline`` only).

* ``sources_check``: ``make sources-check``, every cited address checked online.
"""
