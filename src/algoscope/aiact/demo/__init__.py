"""Demo AI Act work on the demo records: assessments, a FRIA and checklist progress, through the services; on a
published record the editor submits the work and the organisation's reviewer publishes it, as in real use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from algoscope.accounts.models import Membership
from algoscope.accounts.permissions import Actor
from algoscope.aiact import services
from algoscope.common.errors import InvalidInput
from algoscope.register import services as register_services
from algoscope.register.models import Algorithm

DEMO_FILE = Path(__file__).resolve().parent / "assessments.yaml"


def _record(org_key: str, name: str) -> Algorithm:
    for algorithm in Algorithm.objects.filter(organisation__memberships__user__username=f"editor.{org_key}"):
        if name in (algorithm.content.get("name") or {}).values():
            return algorithm
    raise LookupError(f"{DEMO_FILE.name}: no demo record {name!r} of {org_key}")


@transaction.atomic
def load_aiact_demo() -> int:
    """Assess the demo records named in ``assessments.yaml``; returns how many were assessed."""
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    for entry in data["records"]:
        algorithm = _record(entry["org"], entry["name"])
        editor = Membership.objects.get(
            organisation=algorithm.organisation, role="editor", user__username__startswith="editor."
        )
        actor = Actor(user=editor.user)
        was_public = algorithm.published_version_id is not None
        base = {} if entry.get("base") is False else data["base"]
        facts: dict[str, Any] = {**base, **entry["facts"]}
        try:
            services.assessment_complete(actor=actor, algorithm=algorithm, facts=facts, as_of=entry["assessed_on"])
        except InvalidInput as exc:
            raise ValueError(f"{DEMO_FILE.name}: {entry['name']}: {exc.message}") from exc
        for item in entry.get("progress", []):
            services.obligation_progress_set(actor=actor, algorithm=algorithm, **item)
        if "fria" in entry:
            fria = dict(entry["fria"])
            services.fria_save(actor=actor, algorithm=algorithm, complete=True, today=fria.pop("completed_on"), **fria)
        if was_public:
            reviewer = Actor(
                user=Membership.objects.get(
                    organisation=algorithm.organisation, role="reviewer", user__username__startswith="reviewer."
                ).user
            )
            register_services.algorithm_submit(actor=actor, algorithm=algorithm)
            # a reviewer writes the note in their organisation's language, as the record itself is written
            summary = SUMMARIES.get(algorithm.content.get("original_language", ""), SUMMARIES["en"])
            register_services.algorithm_publish(actor=reviewer, algorithm=algorithm, change_summary=summary)
    return len(data["records"])


SUMMARIES = {
    "nl": "Beoordeling volgens de AI-verordening gepubliceerd.",
    "fr": "Évaluation selon le règlement sur l'IA publiée.",
    "de": "Bewertung nach der KI-Verordnung veröffentlicht.",
    "en": "AI Act assessment published.",
}
