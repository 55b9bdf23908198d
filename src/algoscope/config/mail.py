"""The e-mail settings from one URL (``ALGOSCOPE_EMAIL_URL``), in the way ``DATABASE_URL`` gives the database.

``smtp://user:password@host:587`` sends with STARTTLS, ``smtps://…:465`` with TLS from the first byte,
``smtp+insecure://host:25`` in clear (a relay on the same machine only); ``console://`` prints each message (the
default in development), ``memory://`` keeps them in ``django.core.mail.outbox`` (tests)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}


def email_settings(url: str, *, debug: bool) -> dict[str, Any]:
    """Django's ``EMAIL_*`` settings for ``url``; an unknown scheme is refused by name."""
    if not url:
        url = "console://" if debug else ""
    if not url:
        return {"EMAIL_BACKEND": BACKENDS["console"], "EMAIL_CONFIGURED": False}
    parts = urlsplit(url)
    if parts.scheme in BACKENDS:
        return {"EMAIL_BACKEND": BACKENDS[parts.scheme], "EMAIL_CONFIGURED": True}
    if parts.scheme not in ("smtp", "smtps", "smtp+insecure"):
        raise ValueError(f"ALGOSCOPE_EMAIL_URL: unknown scheme {parts.scheme!r} (smtp, smtps, console or memory)")
    if not parts.hostname:
        raise ValueError("ALGOSCOPE_EMAIL_URL: no host name (smtp://user:password@host:587)")
    secure = parts.scheme == "smtps"
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if secure else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": secure,
        "EMAIL_USE_TLS": parts.scheme == "smtp",
        "EMAIL_TIMEOUT": 20,
        "EMAIL_CONFIGURED": True,
    }
