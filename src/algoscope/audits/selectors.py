"""Reading audits: who may see which, and the facet value of a record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from algoscope.accounts.permissions import Actor, can
from algoscope.audits.models import Audit
from algoscope.common.errors import NotFound
from algoscope.register.models import Algorithm

if TYPE_CHECKING:
    from algoscope.register.extensions import Figure


def audits_published(algorithm: Algorithm) -> list[Audit]:
    return list(algorithm.audits.filter(status=Audit.Status.PUBLISHED).order_by("-published_at"))


def record_section_context(algorithm: Algorithm, version: object, language: str) -> dict[str, object]:
    """The audits part of the public record page (registered with the register as a record section). An audit
    has its own review and publication (``audits.services``), so every version's page lists the published ones."""
    return {"audits": audits_published(algorithm)}


def audit_facet_values(algorithm: Algorithm) -> list[tuple[str, str]]:
    """The "has an audit" facet: ``yes`` once an audit of the record is published."""
    published = algorithm.audits.filter(status=Audit.Status.PUBLISHED).exists()
    return [("has_audit", "yes" if published else "no")]


def audits_visible(actor: Actor) -> QuerySet[Audit]:
    """An auditor's own audits, and the audits of records of the actor's organisations."""
    organisations = actor.organisation_ids("audit.view")
    mine = Q(auditor_id=actor.person_id) if actor.person_id else Q(pk__in=[])
    return Audit.objects.filter(mine | Q(algorithm__organisation_id__in=organisations)).select_related(
        "algorithm", "algorithm__organisation"
    )


def audit_get_visible(actor: Actor, audit_id: int) -> Audit:
    audit = audits_visible(actor).filter(pk=audit_id).first()
    if audit is None:
        raise NotFound(f"no audit {audit_id} that you can see")
    return audit


def audit_get_public(public_id: str, audit_id: int) -> Audit:
    audit = (
        Audit.objects.select_related("algorithm", "algorithm__organisation")
        .filter(pk=audit_id, algorithm__public_id=public_id.upper(), status=Audit.Status.PUBLISHED)
        .first()
    )
    if audit is None:
        raise NotFound(f"no published audit {audit_id} of {public_id}")
    return audit


def may_edit(actor: Actor, audit: Audit) -> bool:
    return can(actor, "audit.create") and actor.person_id == audit.auditor_id


def may_respond(actor: Actor, audit: Audit) -> bool:
    return can(actor, "audit.respond", audit.algorithm.organisation_id)


def findings_figure() -> Figure | None:
    """For the public overview: the traffic lights of the published audits, counted over every protected attribute
    and key metric they report (how many comparisons showed a significant disparity, a possible one, none)."""
    from django.utils.translation import gettext, ngettext

    from algoscope.audits.report import LIGHTS, summary
    from algoscope.register.extensions import Figure, FigureRow

    audits = Audit.objects.filter(status=Audit.Status.PUBLISHED, algorithm__published_version__isnull=False)
    counted = dict.fromkeys(LIGHTS, 0)
    found = 0
    for result in audits.values_list("result", flat=True).iterator(chunk_size=50):
        if not result:
            continue
        found += 1
        for row in summary(result):
            for shown in row["lights"]:
                counted[shown["light"]] += 1
    if not found:
        return None
    rows = [FigureRow(str(LIGHTS[light]), count) for light, count in counted.items()]
    note = ngettext(
        "%(n)s published audit: each protected attribute and key measure it compares, by what the test showed.",
        "%(n)s published audits: each protected attribute and key measure they compare, by what the test showed.",
        found,
    ) % {"n": found}
    return Figure("audit_findings", gettext("Findings of the published audits"), rows, note)
