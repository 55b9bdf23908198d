"""Reports to Parliament. A report is built as a draft from a snapshot of the data as its period closed; publishing
gives it its number, lays out its PDFs and its open-data annex, stores them with their SHA-256, and freezes it: a
published report is never changed or deleted (the model refuses), and a correction is a new report naming it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from algoscope.common.models import JobFields


class PublishedReportError(Exception):
    """Something tried to change or delete a published report."""


class Report(JobFields):
    """``state``: a draft; being laid out (its number, texts and snapshot are final, its files are being made in
    the background: ``status`` is the job's queued, running, failed or done); published."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHING = "publishing", _("Being laid out")
        PUBLISHED = "published", _("Published")

    number = models.PositiveIntegerField(null=True, blank=True, unique=True)  # given at publication, no gaps
    period = models.CharField(max_length=10)  # "2026-Q3"
    starts_on = models.DateField()
    ends_on = models.DateField()
    scope = models.CharField(max_length=80)  # "benelux", "BE", "NL", "LU" or a plan's id
    languages = models.JSONField(default=list)  # ["nl", "fr"]: its PDFs; the page reads in all four
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    summary = models.JSONField(default=dict)  # the coordinator's executive summary, per language
    asks = models.JSONField(default=dict)  # what Parliament is asked about the bottlenecks, per language
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )  # a published report this one corrects
    correction_note = models.JSONField(default=dict)  # what it corrects, per language
    snapshot = models.JSONField(default=dict)  # the sections' data: the report's only source of figures
    snapshot_sha256 = models.CharField(max_length=64)
    taken_at = models.DateTimeField()  # when the snapshot was taken
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # None: the operator's command line
    built_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    contributors = models.JSONField(default=list)  # the people who built, rebuilt or wrote it: none of them publishes
    files = models.JSONField(default=dict)  # name → {"path", "sha256", "bytes", "type"} once published
    status = models.CharField(max_length=10, blank=True)  # the layout job: queued, running, failed, done

    class Meta:
        ordering = ["-number", "-built_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "scope"], condition=Q(state="draft"), name="reports_one_draft_per_period"
            ),
            models.UniqueConstraint(
                fields=["period", "scope"],
                condition=Q(state__in=["publishing", "published"], corrects__isnull=True),
                name="reports_one_original_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"No. {self.number}" if self.number else f"draft {self.period} {self.scope}"

    def content_sha256(self) -> str:
        """What a publisher read: the snapshot and the texts. Publishing names it, so that a draft changed after it
        was read is not published unread."""
        texts = {"summary": self.summary, "asks": self.asks, "correction_note": self.correction_note}
        payload = json.dumps([self.snapshot_sha256, texts, self.languages], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and Report.objects.filter(pk=self.pk, state=Report.State.PUBLISHED).exists():
            raise PublishedReportError(f"report No. {self.number} is published: it is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if Report.objects.filter(pk=self.pk, state=Report.State.PUBLISHED).exists():
            raise PublishedReportError(f"report No. {self.number} is published: it is never deleted")
        return super().delete(*args, **kwargs)
