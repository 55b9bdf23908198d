"""An import run in the background: the uploaded file waits in the file storage, the worker plans (a preview) or
writes it, and the report is kept for the page or the API to show."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from algoscope.accounts.models import ApiToken, Organisation
from algoscope.common.models import JobFields


class ImportJob(JobFields):
    """One file of a standard, planned (``dry_run``: the editor's preview) or imported as drafts by the worker.

    Who asked is kept as the person (the import page) or the API token (the API), so that the worker acts with
    exactly their rights at the time it runs. ``report`` is the import's report with its messages as templates and
    parameters (``interop.reports``), shown in the reader's language; ``errors`` (from ``JobFields``) holds why a
    job failed, in the same form."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Failed")
        READY = "ready", _("Done")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    via_api = models.BooleanField(default=False)  # sent with ``token``: the job acts with that token's rights
    token = models.ForeignKey(ApiToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    standard = models.CharField(max_length=40)
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=8, blank=True)
    language = models.CharField(max_length=2, blank=True)
    dry_run = models.BooleanField(default=True)
    valid_only = models.BooleanField(default=False)
    size = models.BigIntegerField(default=0)
    upload = models.CharField(max_length=500, blank=True)  # its name in the file storage, while kept
    preview = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    report = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"import {self.pk} of {self.filename} ({self.status})"

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
