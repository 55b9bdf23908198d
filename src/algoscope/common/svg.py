"""The frame every server-drawn chart shares: size, font, and a title and description for screen readers. Pure."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from html import escape


def frame(title: str, description: str, width: int, height: int, body: Iterable[str]) -> str:
    """An ``<svg role="img">`` labelled by its title and description (ids unique per chart); ``body`` is SVG whose
    texts the caller has escaped."""
    ident = "c" + hashlib.sha256(f"{title}|{description}|{width}|{height}".encode()).hexdigest()[:10]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{ident}t {ident}d" font-family="DejaVu Sans, Noto Sans, sans-serif" '
        f'font-size="11"><title id="{ident}t">{escape(title)}</title><desc id="{ident}d">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )
