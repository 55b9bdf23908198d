"""A database that cannot be written (maintenance, a read-only copy, a full disk): pages that only read keep
working, and a write is answered with a page saying so (503, to be tried later) instead of a bare server error."""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_read_only_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("readonly database" in text or "read-only" in text)


class ReadOnlyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_read_only_error(exception):
            return None
        response = render(request, "read_only.html", status=503)
        response["Retry-After"] = "600"
        return response
