"""AI Act assessments of register records: the facts answered, and the engine's result when complete."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from algoscope.register.models import Algorithm, AlgorithmVersion, RecordDraftFields


class Assessment(RecordDraftFields):
    """One assessment of a record. A draft holds half-answered facts; a complete one is immutable history.

    A complete assessment keeps the rule-set version and legal text it was made with, so that it stays
    reproducible after the rules change; it is tied to the published version current when it was made.
    """

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="ai_act_assessments")
    version = models.ForeignKey(
        AlgorithmVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="ai_act_assessments"
    )
    facts = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    categories = models.JSONField(default=list)
    legal_text = models.CharField(max_length=40)
    ruleset_version = models.CharField(max_length=20, blank=True)
    assessed_on = models.DateField(null=True, blank=True)

    class Meta(RecordDraftFields.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.algorithm.public_id} AI Act {self.status} {', '.join(self.categories)}"


class ObligationProgress(models.Model):
    """Where an organisation stands on one obligation of a record for one role: the checklist row.

    Kept by obligation id and role, so that progress survives a new assessment that still lists the obligation.
    """

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="ai_act_progress")
    obligation = models.CharField(max_length=80)
    role = models.CharField(max_length=30)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    reason = models.TextField(blank=True)  # required when not applicable
    evidence = models.JSONField(default=list)  # [{"title": str, "url": str}]
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by_label = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["algorithm", "obligation", "role"], name="aiact_one_progress_per_duty")
        ]

    def __str__(self) -> str:
        return f"{self.algorithm.public_id} {self.role}:{self.obligation} {self.status}"


class Fria(RecordDraftFields):
    """A fundamental-rights impact assessment (Art. 27) of a record: a draft, or a complete one kept as history."""

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="frias")
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.ForeignKey(AlgorithmVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="frias")
    form_version = models.CharField(max_length=20)
    answers = models.JSONField(default=dict)  # element key → text
    summary = models.TextField(blank=True)  # Annex VIII Section C point 4, and the public record page
    notified_on = models.DateField(null=True, blank=True)  # market-surveillance authority notified (Art. 27(3))
    dpia_reference = models.CharField(max_length=500, blank=True)  # the DPIA it complements (Art. 27(4))
    publish_full = models.BooleanField(default=False)  # residents may read every answer, not only the summary
    # The language the answers and summary are written in ("" for FRIAs from before it was asked): pages in other
    # languages mark them with it.
    texts_language = models.CharField(max_length=2, blank=True, choices=settings.LANGUAGES)
    completed_on = models.DateField(null=True, blank=True)

    class Meta(RecordDraftFields.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.algorithm.public_id} FRIA {self.status}"
