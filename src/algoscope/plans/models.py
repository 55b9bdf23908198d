"""Plans and their follow-up: strategies (a working copy and immutable published versions: a plan is re-baselined
and its history stays), reporting periods, progress updates (append-only: a correction is a new entry), independent
grades, and the official wording of the tags."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from algoscope.accounts.models import Organisation
from algoscope.plans.engine import progress as vocabulary


def _choices(labels: dict[str, str]) -> list[tuple[str, Any]]:
    return [(key, _(label)) for key, label in labels.items()]


class Submission(models.Model):
    """Something an administration submits and a coordinator other than its author publishes or declines (with
    the reason): never changed afterwards; a correction is a new submission."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        abstract = True


class TagText(models.Model):
    """A tag's official wording, from a vocabulary file (the OECD's titles and gists, the AI Watch scopes)."""

    ref = models.CharField(max_length=120, unique=True)  # "oecd:1.2"
    title = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=255)  # the file it came from
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.ref


class Reviewed(models.Model):
    """A document kept as a working copy (``content``, canonical JSON) and published as immutable versions after a
    second person's review: strategies and test-bed pilots."""

    class State(models.TextChoices):
        PUBLISHED = "published", _("Published")  # the working copy is the published version
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")

    key = models.CharField(max_length=80, unique=True)
    content = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    draft_note = models.TextField(blank=True)  # what the draft changes, for the reviewer and the version history
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.key


class PublishedVersion(models.Model):
    """A published version of a reviewed document: never changed, never deleted."""

    number = models.PositiveIntegerField()
    content = models.JSONField()
    note = models.TextField(blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # None: the platform operator, from the command line
    published_at = models.DateTimeField()

    class Meta:
        abstract = True


class Strategy(Reviewed):
    """One strategy (or vision, or recommendation); the public reads only ``published`` (the latest version)."""

    jurisdiction = models.CharField(max_length=10)
    kind = models.CharField(max_length=20)
    published = models.ForeignKey("StrategyVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["jurisdiction", "key"]


class Pilot(Reviewed):
    """A pilot or regulatory sandbox of the AI Act test-bed (``engine/pilots.py``)."""

    domain = models.CharField(max_length=20)
    status = models.CharField(max_length=12)
    published = models.ForeignKey("PilotVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["key"]


class PilotVersion(PublishedVersion):
    """A published version of a pilot."""

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="versions")

    class Meta:
        ordering = ["pilot", "-number"]
        constraints = [models.UniqueConstraint(fields=["pilot", "number"], name="plans_pilot_version_number")]

    def __str__(self) -> str:
        return f"{self.pilot_id} v{self.number}"


class StrategyVersion(PublishedVersion):
    """A published version of a strategy."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="versions")

    class Meta:
        ordering = ["strategy", "-number"]
        constraints = [models.UniqueConstraint(fields=["strategy", "number"], name="plans_version_number")]

    def __str__(self) -> str:
        return f"{self.strategy_id} v{self.number}"


class CatalogueEntry(Reviewed):
    """A course of the training catalogue or a good practice (``engine/capacity.py``)."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        PRACTICE = "practice", _("Good practice")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    published = models.ForeignKey("CatalogueVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "key"]


class CatalogueVersion(PublishedVersion):
    """A published version of a course or a good practice."""

    entry = models.ForeignKey(CatalogueEntry, on_delete=models.PROTECT, related_name="versions")

    class Meta:
        ordering = ["entry", "-number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="plans_entry_version_number")]

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.number}"


class TrainingFigure(Submission):
    """How many people of one administration took and completed one course in one period, recorded by that
    administration and published after a coordinator's review. Never changed: a correction is a new figure."""

    course_key = models.CharField(max_length=80)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=40)  # "2026", "2026-H2", "2026-Q4"
    participants = models.PositiveIntegerField()
    completions = models.PositiveIntegerField()

    class Meta:
        ordering = ["course_key", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.course_key} · {self.period}"


class Period(models.Model):
    """A reporting period of one strategy: updates are recorded while it is open; a closed period takes none."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="periods")
    label = models.CharField(max_length=40)  # "2026-Q4"
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["strategy", "-starts_on"]
        constraints = [models.UniqueConstraint(fields=["strategy", "label"], name="plans_period_label")]

    def __str__(self) -> str:
        return self.label


class ProgressUpdate(Submission):
    """One report on one item for one period, by someone of a responsible organisation. Append-only: published or
    not, it is never changed; a correction is a new update that names the one it corrects. A coordinator other than
    its author publishes it (or declines it, saying why)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="updates")
    item_key = models.CharField(max_length=80)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="updates")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)

    status = models.CharField(max_length=20, choices=_choices(vocabulary.STATUS_LABELS))
    rag = models.CharField(max_length=12, choices=_choices(vocabulary.RAG_LABELS))  # graded by the author's side
    progress = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)  # None: from the parts
    method = models.CharField(max_length=20, choices=_choices(vocabulary.METHOD_LABELS))
    milestones_reached = models.JSONField(default=list)
    achievements = models.TextField(blank=True)
    actual = models.TextField(blank=True)  # what happened, against the previous period's forecast
    forecast = models.TextField(blank=True)  # what is expected by the end of the next period
    bottlenecks = models.JSONField(default=list)  # [{"description", "owner", "mitigation", "escalate": bool}]
    next_steps = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=_choices(vocabulary.CONFIDENCE_LABELS))
    changes = models.JSONField(default=list)  # [{"kind": scope|budget|time, "description", "reason"}]
    links = models.JSONField(default=dict)  # {"records": [public ids], "pilots": [...], "proposals": [...]}

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["strategy", "item_key", "state"], name="plans_update_item")]

    def __str__(self) -> str:
        return f"{self.item_key} · {self.period_id}"


class Grade(models.Model):
    """An independent grader's RAG grade of a published update, public at once (the grade is itself the check)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="grades")
    rag = models.CharField(max_length=12, choices=_choices(vocabulary.RAG_LABELS))
    comment = models.TextField()
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.update_id}: {self.rag}"
