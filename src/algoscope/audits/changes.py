"""Published independent audits on the recent-changes page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from algoscope.audits.models import Audit
from algoscope.register.extensions import Change


def recent_audits(count: int, language: str) -> list[Change]:
    audits = (
        Audit.objects.filter(status=Audit.Status.PUBLISHED, algorithm__published_version__isnull=False)
        .select_related("algorithm__organisation", "algorithm__published_version")
        .order_by("-published_at", "-pk")[:count]
    )
    found = []
    for audit in audits:
        content = audit.algorithm.published_version.content  # type: ignore[union-attr]
        found.append(
            Change(
                at=audit.published_at,
                kind="audits",
                algorithm=audit.algorithm,
                name=content.get("name") or {},
                original_language=content.get("original_language", "nl"),
                summary=_("Independent audit published: %(title)s") % {"title": audit.title},
                link=reverse("public:audit", args=[audit.algorithm.public_id, audit.pk]),
                guid=f"urn:algoscope:{audit.algorithm.public_id}:audit-{audit.pk}",
            )
        )
    return found
