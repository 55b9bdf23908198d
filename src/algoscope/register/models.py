"""Algorithm records and their immutable published versions (organisations and people: ``algoscope.accounts``)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from algoscope.accounts.models import Organisation
from algoscope.common.multilingual import LANGUAGES, Resolved, resolve_text
from algoscope.register.content import content_languages

# Public ids: "ALG-" and eight characters of Crockford's base32 alphabet (no I, L, O, U): easy to read aloud.
_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_public_id() -> str:
    return "ALG-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))


class Algorithm(models.Model):
    """One algorithm of one organisation. ``content`` is the working copy; the public reads published versions."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    public_id = models.CharField(max_length=20, unique=True, default=new_public_id, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="algorithms")
    content = models.JSONField(default=dict)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    lock_version = models.PositiveIntegerField(default=1)  # optimistic concurrency: bumped on every change
    # Everyone who changed the working copy since the last publication: none of them may approve it.
    contributors = models.JSONField(default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retirement_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Denormalised from the latest published version, for public lists, filters and sorting.
    published_version = models.ForeignKey(
        "AlgorithmVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When version 1 was published: stored, so that a public read needs no subquery over the versions.
    first_published_at = models.DateTimeField(null=True, blank=True)
    pub_sort_name = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.title()}"

    def get_absolute_url(self) -> str:
        return reverse("public:algorithm", args=[self.public_id])

    def title(self, language: str | None = None) -> str:
        """The name in ``language`` (by default the page's), else in the original language."""
        from algoscope.common.translation import page_language

        original = self.content.get("original_language", "nl")
        return resolve_text(self.content.get("name"), language or page_language(), original).text

    @property
    def is_public(self) -> bool:
        return self.published_version_id is not None


class VersionImmutableError(Exception):
    pass


class AlgorithmVersion(models.Model):
    """A publication: numbered, immutable. Saving an existing version or deleting one is refused."""

    algorithm = models.ForeignKey(Algorithm, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(db_index=True)  # the publications feed: the newest of all versions
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    published_by_label = models.CharField(max_length=200)
    submitted_by_label = models.CharField(max_length=200, blank=True)
    change_summary = models.TextField(blank=True)
    # What other apps published with this version (``register.extensions.PublicationPart``), by the part's key.
    parts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["algorithm", "number"]
        constraints = [models.UniqueConstraint(fields=["algorithm", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.algorithm.public_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise VersionImmutableError(f"version {self} is published and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise VersionImmutableError(f"version {self} is published and cannot be deleted")

    @property
    def languages(self) -> list[str]:
        return content_languages(self.content)

    def text(self, key: str, language: str) -> Resolved:
        return resolve_text(self.content.get(key), language, self.content.get("original_language", "nl"))


class RecordDraftFields(models.Model):
    """What a document kept about one record has when it is written as a draft and then completed (an AI Act
    assessment, a FRIA): at most one draft per record (a database constraint), complete ones kept as history.

    The concrete model declares its own ``algorithm`` foreign key (with its related name)."""

    class Status(models.TextChoices):
        DRAFT = "draft"
        COMPLETE = "complete"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["algorithm"], condition=models.Q(status="draft"), name="%(app_label)s_%(class)s_one_draft"
            )
        ]


class AlgorithmFacet(models.Model):
    """One facet value of a published record (a record has several for multi-valued facets such as domains).

    Written with the search index when a version is published or the record is retired; the facets and the
    search filters read only this table, so every facet works the same way on SQLite and PostgreSQL.
    """

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="facet_values")
    facet = models.CharField(max_length=30)
    value = models.CharField(max_length=120)

    class Meta:
        indexes = [
            models.Index(fields=["facet", "value", "algorithm"], name="facet_value_algorithm"),
            models.Index(fields=["algorithm", "facet"], name="facet_algorithm"),
        ]

    def __str__(self) -> str:
        return f"{self.algorithm_id} {self.facet}={self.value}"


__all__ = [
    "LANGUAGES",
    "Algorithm",
    "AlgorithmFacet",
    "AlgorithmVersion",
    "RecordDraftFields",
    "VersionImmutableError",
]
