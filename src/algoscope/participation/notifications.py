"""E-mails about participation: to an organisation's people on a new question, to the asker on an answer, to the
subscribers of a record, an organisation or a consultation on news. Each is a row in an outbox (``Notification``)
written in the transaction of what it announces, and sent by the worker (``algoscope work``) through Django's
e-mail backend, so a slow mail server never slows a page and a failed send can be retried."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from algoscope.common import jobs, tasks
from algoscope.participation.models import Notification, Subscription

KIND = "emails"
log = logging.getLogger(__name__)


def site_url(path: str) -> str:
    """An absolute address for an e-mail: the site's public address (``ALGOSCOPE_PUBLIC_URL``) and the path."""
    base = settings.PUBLIC_URL
    return base.rstrip("/") + path


def queue_mail(recipients: Iterable[tuple[str, str]], *, reason: str, subject: str, body: str, target: Any) -> int:
    """Queue one e-mail per (address, language); ``subject`` and ``body`` are English msgids translated into each
    recipient's language, with ``{link}`` replaced by the address of ``target``'s page in that language. Returns how
    many were queued."""
    made = []
    for address, language in dict.fromkeys(recipients):
        if not address:
            continue
        chosen = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(chosen):
            made.append(
                Notification.objects.create(
                    recipient=address,
                    language=chosen,
                    subject=_(subject)[:250],
                    body=_(body).replace("{link}", site_url(target.get_absolute_url())),
                    reason=reason,
                )
            )
    for notification in made:
        tasks.start(KIND, notification.pk)
    return len(made)


def subscribers(targets: Iterable[str], *, except_person: int | None = None) -> list[tuple[str, str]]:
    """(address, language) of the people who follow any of ``targets`` (each once)."""
    rows = (
        Subscription.objects.filter(target__in=list(targets), person__is_active=True)
        .exclude(person_id=except_person)
        .order_by("pk")
        .values_list("person__email", "language")
    )
    return list(dict.fromkeys((address, language) for address, language in rows if address))


def send(pk: int) -> bool:
    """Send one queued e-mail (the worker's job); a failure is kept with its reason and may be queued again."""
    if not jobs.claim(Notification, pk, "sending"):
        return False
    notification = Notification.objects.get(pk=pk)
    try:
        send_mail(notification.subject, notification.body, None, [notification.recipient])
    except Exception as exc:
        log.warning("e-mail %s to %s not sent: %s", pk, notification.recipient, type(exc).__name__)
        jobs.fail(Notification, pk, jobs.unexpected(exc))
        return True
    Notification.objects.filter(pk=pk).update(status="sent", sent_at=timezone.now(), finished_at=timezone.now())
    return True


def retry_failed() -> int:
    """Queue the failed e-mails of the last day again (the worker's housekeeping, every minute at most once each
    hour per e-mail: ``finished_at`` says when it last failed)."""
    now = timezone.now()
    due = Notification.objects.filter(
        status="failed",
        created_at__gt=now - dt.timedelta(days=1),
        finished_at__lt=now - dt.timedelta(hours=1),
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        with transaction.atomic():
            if Notification.objects.filter(pk=pk, status="failed").update(status="queued"):
                tasks.start(KIND, pk)
                count += 1
    return count


QUEUE = jobs.model_queue(KIND, Notification, send, stale_after_s=300, housekeeping=retry_failed)
