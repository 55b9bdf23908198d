"""HTML templates to PDF with WeasyPrint: reports residents can download and print."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def pdf_bytes(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """Render ``template`` and lay it out as PDF. Images and styles come from the template itself (no fetching)."""
    import weasyprint  # imported here: loading Pango costs ~0.3 s, and most requests never need it

    html = render_to_string(template, context, request=request)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_no_fetching)
    data: bytes = document.write_pdf()
    return data


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every external resource: a report is built from its own contents only (no network, no files)."""
    raise ValueError(f"PDF reports do not load external resources: {url}")


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
