"""Citizens' panel processes: settings and quotas (public), respondents (the organisers' only, deleted on a
schedule), the selection job, the published lottery and the draw."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from algoscope.accounts.models import Organisation
from algoscope.common.models import JobFields
from algoscope.sortition.engine.model import Algorithm


class Panel(JobFields):
    """One selection of a citizens' panel by lot, from the volunteers' answers to the published draw."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Preparing")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Computing")
        FAILED = "failed", _("Failed")
        COMPUTED = "computed", _("Lottery computed")
        DRAWN = "drawn", _("Panel drawn")

    class Method(models.TextChoices):
        LEXIMIN = Algorithm.LEXIMIN.value, _("LEXIMIN: the most equal chances the quotas allow (recommended)")
        MAXIMIN = Algorithm.MAXIMIN.value, _("MAXIMIN: the highest lowest chance")
        LEGACY = Algorithm.LEGACY.value, _("LEGACY: greedy draw (for comparison only)")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="panels")
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    # The language the organiser wrote the title and purpose in: pages in other languages mark them with it.
    texts_language = models.CharField(max_length=2, blank=True, choices=settings.LANGUAGES)
    size = models.PositiveIntegerField()
    algorithm = models.CharField(max_length=10, choices=Method.choices, default=Method.LEXIMIN)
    lottery_size = models.PositiveIntegerField(null=True, blank=True)  # tickets; None: the smallest within 1 %
    k_anonymity = models.PositiveSmallIntegerField(default=5)  # published profiles are shared by more than k
    address_columns = models.JSONField(default=list)
    id_column = models.CharField(max_length=100, blank=True)
    already_selected = models.JSONField(default=list)  # respondent ids confirmed before a replacement selection
    retention_days = models.PositiveIntegerField(default=90)
    organisers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="organised_panels")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # Quotas (public) and respondents (personal data: the panel's organisers only, deleted on schedule).
    categories_name = models.CharField(max_length=255, blank=True)
    categories = models.BinaryField(default=b"")
    respondents_name = models.CharField(max_length=255, blank=True)
    respondents = models.BinaryField(null=True, blank=True)
    respondents_count = models.PositiveIntegerField(default=0)
    inputs_sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    delete_personal_data_on = models.DateField(null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)
    check_result = models.JSONField(null=True, blank=True)  # {"ok": bool, "types": int, "diagnosis": {...}|None}

    # The selection job.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    state = models.BinaryField(null=True, blank=True)  # engine state to draw from (ids: personal data)

    # Public results: the public files (name → text, with their manifest), the report; the announced seed, when it
    # becomes known, and the draw.
    report = models.JSONField(null=True, blank=True)
    public_files = models.JSONField(default=dict)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    seed_source = models.TextField(blank=True)  # how the seed is chosen, announced before the draw
    seed_known_at = models.DateTimeField(null=True, blank=True)  # when the seed becomes public: no draw before
    seed = models.CharField(max_length=500, blank=True)  # the seed in its normal form (numbers, one space apart)
    ticket = models.PositiveIntegerField(null=True, blank=True)
    composition = models.JSONField(null=True, blank=True)  # the drawn panel's counts per quota (aggregate)
    chances = models.JSONField(null=True, blank=True)  # per feature value: respondents and their chances (aggregate)
    # Each ticket's counts per quota value: never published (with the public tickets they give back profiles);
    # the draw takes the drawn ticket's counts from here, even after the respondents are deleted.
    ticket_counts = models.JSONField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def has_personal_data(self) -> bool:
        return bool(self.respondents)

    @property
    def ready_to_compute(self) -> bool:
        return bool(self.check_result and self.check_result.get("ok") and self.has_personal_data)


class PanelSession(models.Model):
    """A meeting of the panel, with what it did (its public page lists them)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class PanelDocument(models.Model):
    """A public document of the panel's work: its agenda, the evidence it heard, its report (a link)."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        EVIDENCE = "evidence", _("Evidence and hearings")
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """What the panel recommends, to a responsible body (an organisation; none: the government, answered by the
    coordinators). Its answers are kept one after the other (``RecommendationResponse``): the newest is its status."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    responsible = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="panel_recommendations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["panel", "number"]
        constraints = [models.UniqueConstraint(fields=["panel", "number"], name="unique_recommendation_number")]

    def __str__(self) -> str:
        return f"{self.panel_id}/{self.number} {self.title}"


class RecommendationResponse(models.Model):
    """The responsible body's public answer and follow-up, dated; never changed (a new one follows it)."""

    class Status(models.TextChoices):
        UNDER_STUDY = "under_study", _("Under study")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        REJECTED = "rejected", _("Not accepted")
        IN_PROGRESS = "in_progress", _("Being implemented")
        IMPLEMENTED = "implemented", _("Implemented")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=12, choices=Status.choices)
    text = models.TextField()
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    responded_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    on_behalf_of = models.CharField(max_length=200)  # the organisation's name, or the government

    class Meta:
        ordering = ["-responded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.status}"


class PanelLink(models.Model):
    """The panel oversees or evaluates a record of the register or a pilot of the AI Act test-bed."""

    class Role(models.TextChoices):
        OVERSIGHT = "oversight", _("Oversight body")
        EVALUATION = "evaluation", _("Evaluation body")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="links")
    target = models.CharField(max_length=200)  # "record:<public id>" | "pilot:<key>"
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "target"], name="one_link_per_target")]

    def __str__(self) -> str:
        return f"{self.panel_id} {self.role} {self.target}"
