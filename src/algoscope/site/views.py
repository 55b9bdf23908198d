"""The shell's own pages: about (with a glossary), contact, the accessibility, privacy and cookie statements, and
the error pages. Their facts come from the installation's profile (``site.profile``), their wording is the site's."""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext, ngettext

from algoscope.common.translation import page_language
from algoscope.register import selectors
from algoscope.register.overview import charted
from algoscope.register.overview import overview as register_overview
from algoscope.register.presentation import CODE_LABELS


def _days(seconds: int) -> str:
    days = seconds // 86400
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


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
            "who": gettext("people who open a page with a form (signing in, editing, the AI Act check)"),
            "purpose": gettext("protects forms against being sent from another site"),
            "lasts": _days(settings.CSRF_COOKIE_AGE),
        },
        {
            "name": settings.LANGUAGE_COOKIE_NAME,
            "who": gettext("people who follow the sign-in link or choose a language where the address names none"),
            "purpose": gettext("remembers the language you chose"),
            "lasts": _days(settings.LANGUAGE_COOKIE_AGE),
        },
        {
            "name": CookieStorage.cookie_name,
            "who": gettext("people who sign in, after they change something"),
            "purpose": gettext("carries a message such as “Saved” to the next page"),
            "lasts": gettext("until the next page shows it"),
        },
    ]


def session_hours() -> int:
    return int(settings.SESSION_COOKIE_AGE // 3600)


def about(request: HttpRequest) -> HttpResponse:
    statuses = [str(label) for label in CODE_LABELS["lifecycle_status"].values()]
    return render(request, "site/about.html", {"statuses": statuses})


def overview(request: HttpRequest) -> HttpResponse:
    """The register in figures, as it stands: each figure a chart with its data table (``register.overview``)."""

    figures = charted(register_overview(), page_language())
    total = selectors.algorithm_public_queryset().count()
    return render(request, "site/overview.html", {"figures": figures, "total": total})


def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "site/contact.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html", {"host": request.get_host()})


def privacy(request: HttpRequest) -> HttpResponse:
    context = {"session_hours": session_hours(), "raw_file_days": settings.AUDIT_RAW_FILE_DAYS}
    return render(request, "site/privacy.html", context)


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
