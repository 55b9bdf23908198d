"""The AI Act part of a record is published with the record's versions (``aiact.publication``).

Until this migration the complete assessment, FRIA and checklist were public as soon as they were saved; the
current published version of each record takes over what the public saw, so that nothing public disappears.
Earlier versions keep no AI Act part. Going back leaves the versions' parts as they are (the old code ignores them).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def publish_current_state(apps: Any, schema_editor: Any) -> None:
    Algorithm = apps.get_model("register", "Algorithm")
    AlgorithmVersion = apps.get_model("register", "AlgorithmVersion")
    Assessment = apps.get_model("aiact", "Assessment")
    Fria = apps.get_model("aiact", "Fria")
    ObligationProgress = apps.get_model("aiact", "ObligationProgress")
    newest = ("-created_at", "-pk")
    for algorithm in Algorithm.objects.exclude(published_version=None).iterator():
        assessment = Assessment.objects.filter(algorithm=algorithm, status="complete").order_by(*newest).first()
        fria = Fria.objects.filter(algorithm=algorithm, status="complete").order_by(*newest).first()
        progress = [
            {
                "obligation": p.obligation,
                "role": p.role,
                "status": p.status,
                "reason": p.reason,
                "evidence": list(p.evidence),
                "updated_by": p.updated_by_label,
                "updated_at": p.updated_at.isoformat() if p.updated_at else "",
            }
            for p in ObligationProgress.objects.filter(algorithm=algorithm).order_by("role", "obligation")
        ]
        if assessment is None and fria is None and not progress:
            continue
        version = AlgorithmVersion.objects.get(pk=algorithm.published_version_id)
        parts = dict(version.parts or {})
        parts["ai_act"] = {
            "assessment": assessment.pk if assessment else None,
            "fria": fria.pk if fria else None,
            "progress": progress,
        }
        AlgorithmVersion.objects.filter(pk=version.pk).update(parts=parts)  # versions are otherwise immutable


class Migration(migrations.Migration):
    dependencies = [
        ("aiact", "0003_one_draft_constraint_names"),
        ("register", "0005_version_parts"),
    ]

    operations = [migrations.RunPython(publish_current_state, migrations.RunPython.noop)]
