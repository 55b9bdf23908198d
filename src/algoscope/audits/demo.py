"""A demo audit: synthetic decisions of a welfare re-examination risk model, audited, answered and published."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import polars as pl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from algoscope.accounts.models import Membership
from algoscope.accounts.permissions import Actor
from algoscope.audits import jobs, services
from algoscope.register.models import Algorithm

RECORD = "Risicomodel heronderzoek bijstand"


def demo_decisions(rows: int = 20_000, seed: int = 7) -> pl.DataFrame:
    """Who was selected for a re-examination, and whether it found an unlawful payment. Selection leans on age
    and migration background beyond what the outcomes justify: the audit should find it."""
    rng = np.random.default_rng(seed)
    gender = rng.choice(np.array(["vrouw", "man"]), size=rows, p=[0.55, 0.45])
    age = rng.choice(np.array(["18-27", "28-45", "46-66", "67+"]), size=rows, p=[0.2, 0.4, 0.3, 0.1])
    origin = rng.choice(np.array(["Nederland", "westers", "niet-westers"]), size=rows, p=[0.55, 0.15, 0.3])
    found = rng.random(rows) < np.where(age == "18-27", 0.14, 0.10)
    tilt = np.where(origin == "niet-westers", 0.8, 0.0) + np.where(age == "18-27", 0.5, 0.0)
    score = 1 / (1 + np.exp(-(-2.2 + 1.6 * found + tilt + rng.normal(0, 0.9, rows))))
    return pl.DataFrame(
        {
            "geslacht": gender,
            "leeftijd": age,
            "herkomst": origin,
            "onrechtmatig": found.astype(np.int8),
            "geselecteerd": (score >= 0.35).astype(np.int8),
            "risicoscore": np.round(score, 4),
            "kwartaal": rng.choice(np.array(["2020-Q1", "2020-Q2", "2020-Q3"]), rows),
        }
    )


def load_audit_demo() -> int:
    algorithm = next((a for a in Algorithm.objects.all() if (a.content.get("name") or {}).get("nl") == RECORD), None)
    if algorithm is None:
        return 0
    auditor = Actor(user=get_user_model().objects.get(username="auditor"))
    editor = Membership.objects.filter(organisation=algorithm.organisation, role="editor").first()
    audit = services.audit_create(
        actor=auditor,
        algorithm=algorithm,
        title="Bias-audit risicomodel heronderzoek bijstand",
        intervention="punitive",
    )
    buffer = io.BytesIO()
    demo_decisions().write_csv(buffer)
    upload = SimpleUploadedFile("heronderzoeken-2020.csv", buffer.getvalue(), content_type="text/csv")
    parameters = {
        "protected": "herkomst, leeftijd, geslacht",
        "label": "onrechtmatig",
        "prediction": "geselecteerd",
        "score": "risicoscore",
        "period": "kwartaal",
        "reference": "herkomst=Nederland\nleeftijd=28-45",
    }
    services.audit_set_data(actor=auditor, audit=audit, upload=upload, parameters=parameters, start=False)
    jobs.run_job(audit.pk)
    audit.refresh_from_db()
    services.audit_update_texts(
        actor=auditor,
        audit=audit,
        texts_language="en",
        scope="Re-examinations of social assistance selected by the risk model from January to September 2020, "
        "before the model was stopped.",
        system_description="A gradient-boosted model scores each file; files above the threshold are re-examined.",
        findings="People with a non-Western migration background and people aged 18-27 are selected far more often "
        "than the reference groups, and wrongly selected more often, beyond what the outcomes of the re-examinations "
        "justify.",
        recommendations="Remove proxies for migration background; re-check the threshold per group; re-audit in six "
        "months.",
    )
    services.audit_action_add(
        actor=auditor,
        audit=audit,
        description="Remove proxy features and retrain",
        owner="Data science team",
        due_on="2027-03-31",
    )
    if editor is not None:
        services.audit_respond(
            actor=Actor(user=editor.user),
            audit=audit,
            response="We accept the findings and have paused selection by the model until the "
            "retrained model has been audited again.",
        )
    services.audit_publish(actor=auditor, audit=audit)
    return 1


def write_demo_csv(path: Path) -> Path:
    """The demo decisions as a file, to try ``algoscope audit run`` on."""
    demo_decisions().write_csv(path)
    return path
