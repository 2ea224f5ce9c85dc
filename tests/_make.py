"""This project's ``make`` as the tests run it: with the interpreter running the tests.

``PYTHON=<that interpreter>`` on make's command line skips the virtualenv
bootstrap, so a test never creates or updates ``.venv`` in the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make(*arguments: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``make -s -C <project> PYTHON=<this interpreter> <arguments>``; output captured as text, never raises."""
    command = ["make", "-s", "-C", str(ROOT), f"PYTHON={sys.executable}", *arguments]
    return subprocess.run(
        command, cwd=cwd, env=os.environ if env is None else env, capture_output=True, text=True, timeout=300
    )
