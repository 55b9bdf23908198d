"""Demo data: real Benelux administrations and algorithm descriptions drawn from real public-sector use cases.

Loaded through the same services as real work (so it exercises the workflow and fills the audit log): an
editor of each organisation (``algoscope.accounts.demo``) writes, submits and revises; a reviewer publishes; some
records stay drafts, one waits in review, two are retired.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from algoscope.accounts.demo import DEMO_PASSWORD, demo_organisation, demo_person
from algoscope.accounts.demo import load_demo as load_people
from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.register import services
from algoscope.register.content import empty_content, merge_content
from algoscope.register.models import Algorithm

DEMO_DIR = Path(__file__).resolve().parent
WORKFLOW_KEYS = ("org", "state", "previous", "retirement_reason")


@transaction.atomic
def load_demo(*, password: str = DEMO_PASSWORD) -> dict[str, int]:
    """Load the demo once (with the organisations and people it needs); a second call changes nothing."""
    organisations = load_people(password=password)
    if Algorithm.objects.exists():
        return {"organisations": organisations, "algorithms": 0}
    created = 0
    for entry in yaml.safe_load((DEMO_DIR / "algorithms.yaml").read_text(encoding="utf-8")):
        key = entry["org"]
        _load_record(
            entry,
            demo_organisation(key),
            Actor(user=demo_person(key, "editor")),
            Actor(user=demo_person(key, "reviewer")),
        )
        created += 1
    return {"organisations": organisations, "algorithms": created}


NOTES = {
    "nl": ("Eerste publicatie.", "Beschrijving verduidelijkt na vragen van inwoners."),
    "fr": ("Première publication.", "Description clarifiée après des questions d'habitants."),
    "de": ("Erste Veröffentlichung.", "Beschreibung nach Fragen von Einwohnern präzisiert."),
    "en": ("First publication.", "Clarified the description after residents' questions."),
}


def _load_record(entry: dict[str, Any], organisation: Organisation, editor: Actor, reviewer: Actor) -> None:
    content = merge_content(empty_content(), {k: v for k, v in entry.items() if k not in WORKFLOW_KEYS})
    state = entry.get("state", "published")
    first = merge_content(content, entry["previous"]) if entry.get("previous") else content
    algorithm = services.algorithm_create(actor=editor, organisation=organisation, content=first)
    if state == "draft":
        return
    algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
    if state == "in_review":
        return
    # the reviewer writes the version notes in the record's own language, as the record is written
    notes = NOTES.get(content.get("original_language", ""), NOTES["en"])
    services.algorithm_publish(actor=reviewer, algorithm=algorithm, change_summary=notes[0])
    if entry.get("previous"):
        algorithm.refresh_from_db()
        algorithm = services.algorithm_update(actor=editor, algorithm=algorithm, content=content)
        algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
        services.algorithm_publish(
            actor=reviewer,
            algorithm=algorithm,
            change_summary=notes[1],
        )
    if state == "retired":
        algorithm.refresh_from_db()
        services.algorithm_retire(actor=reviewer, algorithm=algorithm, reason=entry["retirement_reason"])
