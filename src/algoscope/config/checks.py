"""System checks that refuse unsafe configurations before the site starts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver"}


@register()
def check_debug_on_public_host(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    public = sorted(set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS)
    if settings.DEBUG and public:
        return [
            Error(
                f"ALGOSCOPE_DEBUG is on while ALLOWED_HOSTS names public hosts ({', '.join(public)}).",
                hint="Debug pages leak settings and data: set ALGOSCOPE_DEBUG=0 on any public deployment.",
                id="algoscope.E001",
            )
        ]
    return []


@register()
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from algoscope.config.settings import DEVELOPMENT_SECRET_KEY

    key = settings.SECRET_KEY
    if not settings.DEBUG and (key == DEVELOPMENT_SECRET_KEY or len(key) < 40):
        return [
            Error(
                "ALGOSCOPE_SECRET_KEY is missing, too short or the development key.",
                hint="Set ALGOSCOPE_SECRET_KEY to a random string of at least 50 characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))').",
                id="algoscope.E002",
            )
        ]
    return []


@register()
def check_jobs_setting(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """``ALGOSCOPE_JOBS`` of earlier versions (``thread``, ``worker``) would leave jobs queued without a word."""
    if settings.JOBS not in ("database", "sync"):
        return [
            Error(
                f"ALGOSCOPE_JOBS={settings.JOBS!r} is not a way to run background jobs.",
                hint="Use 'database' (and run `algoscope work` beside the site) or 'sync' (tests).",
                id="algoscope.E003",
            )
        ]
    return []


@register()
def check_email_server(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if not settings.DEBUG and not settings.EMAIL_CONFIGURED:
        return [
            Warning(
                "ALGOSCOPE_EMAIL_URL is not set: e-mails (address confirmations, answers, notifications) are only "
                "printed to the log.",
                hint="Set ALGOSCOPE_EMAIL_URL=smtp://user:password@host:587 (see docs/operations.md).",
                id="algoscope.W010",
            )
        ]
    return []
