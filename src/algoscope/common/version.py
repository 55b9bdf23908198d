"""The software's version and, where known, the commit it was built from. Pure Python.

The commit comes from ``ALGOSCOPE_COMMIT`` (set by a container build) or, in a checkout, from ``git``; a result
that names both can be reproduced with the same code.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from importlib import metadata
from pathlib import Path


@functools.cache
def version() -> str:
    try:
        return metadata.version("algoscope")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "unknown"


@functools.cache
def commit() -> str | None:
    """The full commit hash, with ``+changes`` when the checkout differs from it; ``None`` when unknown."""
    given = os.environ.get("ALGOSCOPE_COMMIT", "").strip()
    if given:
        return given
    git = shutil.which("git")
    if git is None:
        return None
    here = Path(__file__).resolve().parent

    def run(*arguments: str) -> str:
        # fixed arguments, no shell: nothing from outside reaches the command line
        done = subprocess.run([git, *arguments], cwd=here, capture_output=True, text=True, timeout=5, check=True)  # noqa: S603
        return done.stdout.strip()

    try:
        head = run("rev-parse", "HEAD")
        dirty = run("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+changes" if dirty else "") if head else None
