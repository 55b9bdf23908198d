"""AI Act assessments of register records: the facts answered, and the engine's result when complete."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from algoscope.register.models import Algorithm, AlgorithmVersion


class Assessment(models.Model):
    """One assessment of a record. A draft holds half-answered facts; a complete one is immutable history.

    A complete assessment keeps the rule-set version and legal text it was made with, so that it stays
    reproducible after the rules change; it is tied to the published version current when it was made.
    """

    class Status(models.TextChoices):
        DRAFT = "draft"
        COMPLETE = "complete"

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="ai_act_assessments")
    version = models.ForeignKey(
        AlgorithmVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="ai_act_assessments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    facts = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    categories = models.JSONField(default=list)
    legal_text = models.CharField(max_length=40)
    ruleset_version = models.CharField(max_length=20, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["algorithm"], condition=models.Q(status="draft"), name="aiact_one_draft_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.algorithm.public_id} AI Act {self.status} {', '.join(self.categories)}"
