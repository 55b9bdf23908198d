"""Models shared by every app: the audit log and the fields of a background job."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class JobFields(models.Model):
    """What a model computed in the background keeps of its job (an audit, a panel selection); its ``status``
    (with the app's own choices) says ``queued``, ``running``, ``failed`` or the app's done state.

    ``heartbeat_at`` is written with every progress report: a running job whose heartbeat stopped (its process was
    killed or restarted) is failed by the housekeeping with that reason, so it never stays "running" forever."""

    progress_stage = models.CharField(max_length=40, blank=True)
    progress = models.FloatField(default=0)
    errors = models.JSONField(default=list)  # messages of the last failed run
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class AuditLogEntryImmutable(Exception):
    pass


class AuditLogEntry(models.Model):
    """One change: who (a person, or an API token acting for its organisation), when, what, before and after.

    Append-only: an entry is written once; saving it again or deleting it is refused (as for published versions).
    """

    timestamp = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)  # kept even if the account is deleted
    action = models.CharField(max_length=100, db_index=True)  # dotted: register.algorithm.publish
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=100)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)  # reason, version number, token name, ...

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="auditlog_object")]
        verbose_name_plural = "audit log entries"

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogEntryImmutable(f"audit-log entry {self.pk} is written once and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditLogEntryImmutable(f"audit-log entry {self.pk} cannot be deleted")


class PublicGeneration(models.Model):
    """One row: how many times what the public sees has changed (a publication, a retirement, an organisation's
    name, a published audit or panel). Cached public answers are keyed by it (``common.public_cache``), so every
    process and machine stops serving the old ones at the same moment."""

    generation = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"public generation {self.generation}"
