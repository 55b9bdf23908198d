"""The site's own middleware: a database that cannot be written (maintenance, a read-only copy, a full disk) keeps
the pages that only read working and answers a write with a page saying so (503, to be tried later) instead of a
bare server error; the reader's language kept on the pages whose address has none; and an address holding a
character that is not text refused before it reaches a view."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.http import escape_leading_slashes

from algoscope.common.errors import Problem
from algoscope.common.problems import problem_response
from algoscope.common.textfiles import has_non_text, without_non_text


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


class NonTextAddressMiddleware:
    """An address whose path or query holds a character that is not text (a NUL, another control character, a
    noncharacter: ``textfiles.NOT_TEXT``) never reaches a view, which could hand it to the database (PostgreSQL
    refuses a NUL in text: a server error) or to a feed (XML refuses most of them). The API answers 422 with a
    problem document naming the parameter: a client's filter is never silently changed. A page or feed asked for
    with one in its query is sent to the same address without those characters (a stray one copied with a search
    keeps working, and a feed reader follows); a path with one is a page that does not exist (404); a form sent to
    such an address is refused (400). After ``LocaleMiddleware``, so that the pages are in the reader's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = non_text_in_address(request)
        if where is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return problem_response(
                request,
                status=422,
                code="validation-error",
                detail="The request has invalid fields.",
                errors=[Problem(where, "control-character", "contains a character that is not text")],
            )
        if where == ("path",):
            return render(request, "404.html", {"path": without_non_text(request.path)}, status=404)
        if request.method in ("GET", "HEAD"):
            cleaned = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                for value in values:
                    cleaned.appendlist(without_non_text(name), without_non_text(value))
            # The path as it was asked for, re-encoded, and never "//host" (a link to another site: "/%2F/host/")
            path = escape_leading_slashes(escape_uri_path(request.path))
            return HttpResponseRedirect(f"{path}?{cleaned.urlencode()}")
        return render(request, "bad_address.html", {"where": where[-1]}, status=400)


def non_text_in_address(request: HttpRequest) -> tuple[str, ...] | None:
    """Where the first character that is not text stands: ``("path",)`` or ``("query", name)``."""
    if has_non_text(request.path):
        return ("path",)
    for name, values in request.GET.lists():
        if has_non_text(name) or any(has_non_text(value) for value in values):
            return ("query", without_non_text(name))
    return None
