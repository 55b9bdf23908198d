"""The site's own middleware: a database that cannot be written (maintenance, a read-only copy, a full disk) keeps
the pages that only read working and answers a write with a page saying so (503, to be tried later) instead of a
bare server error; and the reader's language kept on the pages whose address has none."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


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


class KeptLanguageMiddleware:
    """The sign-in and editor pages have no language in their address: a link from a public page in French
    (``?language=fr``) shows them in French and keeps the choice in the language cookie, so that the person stays
    in their language after signing in, instead of falling back to the browser's. After ``LocaleMiddleware``."""

    PATHS = ("/accounts/", "/editor/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.GET.get("language", "")
        if not request.path.startswith(self.PATHS) or chosen not in dict(settings.LANGUAGES):
            return self.get_response(request)
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
        return response
