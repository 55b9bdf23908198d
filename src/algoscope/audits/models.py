"""Audits of register records: the auditor's settings and texts, the job's progress, the result, the response."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from algoscope.common.models import JobFields
from algoscope.register.models import Algorithm


class Audit(JobFields):
    """An independent bias audit of one record. The result (with its counts table) is stored whole, or not at all."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for data")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Failed")
        READY = "ready", _("Computed")
        PUBLISHED = "published", _("Published")

    class Intervention(models.TextChoices):
        PUNITIVE = "punitive", _("Punitive: selection can harm people (for example a fraud check)")
        ASSISTIVE = "assistive", _("Assistive: selection helps people (for example a support offer)")
        NONE = "none", _("Neither: only who is selected matters")

    algorithm = models.ForeignKey(Algorithm, on_delete=models.PROTECT, related_name="audits")
    title = models.CharField(max_length=200)
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    auditor_label = models.CharField(max_length=200)
    intervention = models.CharField(max_length=12, choices=Intervention.choices, default=Intervention.PUNITIVE)
    parameters = models.JSONField(default=dict)  # AuditSpec fields, as the auditor chose them
    input_name = models.CharField(max_length=255, blank=True)
    input_size = models.BigIntegerField(default=0)
    upload = models.CharField(max_length=500, blank=True)  # its name in the file storage, while kept
    keep_raw = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    result = models.JSONField(null=True, blank=True)
    scope = models.TextField(blank=True)
    system_description = models.TextField(blank=True)
    findings = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    # The language the auditor writes the texts above in (marked on the report, so that a reader's browser or screen
    # reader reads them as that language); empty: not said.
    texts_language = models.CharField(max_length=2, blank=True, choices=settings.LANGUAGES)
    response = models.TextField(blank=True)
    responded_by_label = models.CharField(max_length=200, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.algorithm.public_id} audit {self.pk} ({self.status})"

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class AuditAction(models.Model):
    """A follow-up action the audit asks for, with an owner and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("due_on", "pk")

    def __str__(self) -> str:
        return f"{self.description[:40]} ({self.owner}, {self.due_on})"
