"""HTML templates to PDF with WeasyPrint: reports residents can download and print."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from algoscope.common import storage


def pdf_bytes(
    template: str, context: dict[str, Any], request: HttpRequest | None = None, *, variant: str | None = None
) -> bytes:
    """Render ``template`` and lay it out as a tagged PDF (headings, tables and the language marked for screen
    readers); ``variant`` a PDF profile WeasyPrint knows (``pdf/ua-1``). Images and styles come from the template
    itself (no fetching)."""
    import weasyprint  # imported here: loading Pango costs ~0.3 s, and most requests never need it

    html = render_to_string(template, context, request=request)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_no_fetching)
    data: bytes = document.write_pdf(pdf_tags=True, pdf_variant=variant)
    return data


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every external resource: a report is built from its own contents only (no network, no files)."""
    raise ValueError(f"PDF reports do not load external resources: {url}")


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


CACHED_PER_FOLDER = 8  # a document's languages and its latest versions


def cached_pdf(folder: str, content: Any, render: Callable[[], bytes]) -> bytes:
    """The PDF of ``content`` (everything the document shows, and its language), rendered once and then served from
    the file storage's ``cache/<folder>/`` (``common.storage``: shared by every machine on an object store): laying
    out a report costs seconds, and a published report is read many times. A change to what it shows is a new key,
    so a stale PDF is never served; the folder keeps the newest few."""
    key = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:32]
    name = f"cache/{folder}/{key}.pdf"
    cached = storage.read(name)
    if cached is not None:
        return cached
    data = render()
    storage.save(name, data)  # whole or not at all: a reader never gets half a file
    kept = sorted(storage.files(f"cache/{folder}"), key=storage.modified, reverse=True)
    for old in kept[CACHED_PER_FOLDER:]:
        storage.delete(old)
    return data
