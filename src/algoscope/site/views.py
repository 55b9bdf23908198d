"""The shell's own pages: about (with a glossary), contact, the accessibility, privacy and cookie statements, and
the error pages. Their facts come from the installation's profile (``site.profile``), their wording is the site's."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext, ngettext

from algoscope.common.translation import page_language
from algoscope.register.presentation import CODE_LABELS


def cookie_rows() -> list[dict[str, str]]:
    """The cookies the site sets, from its settings: names and lifetimes as configured."""
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "who": gettext("people who sign in (civil servants, auditors, organisers)"),
            "purpose": gettext("keeps you signed in"),
            "lasts": gettext("until you sign out, at most %(hours)s hours") % {"hours": session_hours()},
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "who": gettext("people who send a form (signing in, editing, the AI Act check)"),
            "purpose": gettext("protects forms against being sent from another site"),
            "lasts": ngettext("%(days)s day", "%(days)s days", settings.CSRF_COOKIE_AGE // 86400)
            % {"days": settings.CSRF_COOKIE_AGE // 86400},
        },
        {
            "name": settings.LANGUAGE_COOKIE_NAME,
            "who": gettext(
                "people who choose a language on a page whose address does not name one (signing in, editing)"
            ),
            "purpose": gettext("remembers the language you chose"),
            "lasts": gettext("until you close the browser"),
        },
    ]


def session_hours() -> int:
    return int(settings.SESSION_COOKIE_AGE // 3600)


def about(request: HttpRequest) -> HttpResponse:
    statuses = [str(label) for label in CODE_LABELS["lifecycle_status"].values()]
    return render(request, "site/about.html", {"statuses": statuses})


def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "site/contact.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html", {"host": request.get_host()})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "site/privacy.html", {"session_hours": session_hours()})


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "site/cookies.html", {"cookies": cookie_rows()})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 404, inside the shell: where to go from here, in the reader's language."""
    return render(request, "404.html", {"path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500: a page of its own that needs neither the database nor the session (either may be what
    failed), in the language the request was being answered in."""
    html = render_to_string("500.html", {"LANGUAGE_CODE": page_language()})
    return HttpResponse(html, status=500)
