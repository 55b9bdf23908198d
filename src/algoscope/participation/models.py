"""What residents post and what the administrations answer: questions and error reports (about a record, an
organisation, or AI policy in general through the contact point), consultations with their proposals, comments and
supports, reports of abusive posts and the moderators' decisions, subscriptions, and the e-mails waiting to be sent.

A post keeps the language it was written in. Its author is a person with a confirmed e-mail address; publicly the
post shows the name they chose, or none. When a person deletes their account their posts stay, without them
(``author`` is emptied and the public name removed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from algoscope.accounts.models import Organisation
from algoscope.common.models import JobFields
from algoscope.register.models import Algorithm


class Post(models.Model):
    """What every resident's post has: text, language, author, and its moderation state."""

    body = models.TextField()
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_name = models.CharField(max_length=80, blank=True)  # shown with the post; "" keeps the author anonymous
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    reports_open = models.PositiveIntegerField(default=0)  # people who reported it since the last decision
    hidden_at = models.DateTimeField(null=True, blank=True)  # hidden: by reports pending review, or a moderator
    hidden_reason = models.CharField(max_length=20, blank=True)  # "reports" | "moderator"

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Question(Post):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ERROR = "error", _("Error report")

    class Channel(models.TextChoices):
        RECORD = "record", _("About a published record")
        ORGANISATION = "organisation", _("About an organisation")
        CONTACT = "contact", _("To the AI contact point")

    class Category(models.TextChoices):
        RECORD = "record", _("An algorithm in the register")
        AI_ACT = "ai-act", _("The AI Act and its obligations")
        STRATEGY = "strategy", _("AI plans and strategies")
        RIGHTS = "rights", _("My rights and a decision about me")
        PARTICIPATION = "participation", _("Taking part: panels and consultations")
        OTHER = "other", _("Something else")

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    channel = models.CharField(max_length=15, choices=Channel.choices, db_index=True)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    algorithm = models.ForeignKey(Algorithm, null=True, blank=True, on_delete=models.PROTECT, related_name="questions")
    version_number = models.PositiveIntegerField(null=True, blank=True)  # the published version the asker read
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="questions"
    )  # who answers: the record's organisation, the organisation asked; none for the contact point
    title = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    answer = models.TextField(blank=True)
    answer_language = models.CharField(max_length=2, blank=True, choices=settings.LANGUAGES)
    answered_at = models.DateTimeField(null=True, blank=True)  # the first answer: the response figures count it
    answer_corrected_at = models.DateTimeField(null=True, blank=True)  # the last correction, shown with the answer
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_for = models.CharField(max_length=200, blank=True)  # the organisation or "the AI contact point"
    error_accepted = models.BooleanField(null=True, blank=True)  # an error report: accepted, not accepted, undecided
    correction_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"]), models.Index(fields=["channel", "state"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("public:question", args=[self.pk])


class AnswerRevision(models.Model):
    """An answer's earlier wording, kept public when the organisation corrects it (nothing published is lost)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="revisions")
    answer = models.TextField()
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    published_at = models.DateTimeField()  # when this wording was published
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"question {self.question_id}, wording of {self.published_at:%Y-%m-%d}"


class Consultation(models.Model):
    """A consultation the coordinators open: residents post proposals for the plan, comment and support them."""

    key = models.SlugField(max_length=80, unique=True)
    title = models.JSONField(default=dict)  # {"nl": …, "fr": …}
    description = models.JSONField(default=dict)
    original_language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    languages = models.JSONField(default=list)  # the languages proposals may be written in
    opens_on = models.DateField()
    closes_on = models.DateField()
    links = models.JSONField(default=list)  # references to what it is about: ["plan-item:BE-FED-NCP-AI-2022/BE-O1"]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "key"]

    def __str__(self) -> str:
        return self.key

    def get_absolute_url(self) -> str:
        return reverse("public:consultation", args=[self.key])

    def phase(self, today: object = None) -> str:
        day = today or timezone.localdate()
        if day < self.opens_on:  # type: ignore[operator]
            return "upcoming"
        return "open" if day <= self.closes_on else "closed"  # type: ignore[operator]


class Proposal(Post):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        EVALUATING = "evaluating", _("Being evaluated")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")
        MERGED = "merged", _("Merged into another proposal")

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField()  # within the consultation
    title = models.CharField(max_length=200)
    state = models.CharField(max_length=12, choices=State.choices, default=State.SUBMITTED, db_index=True)
    reason = models.TextField(blank=True)  # the public reason of the answer
    reason_language = models.CharField(max_length=2, blank=True, choices=settings.LANGUAGES)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    result = models.CharField(max_length=300, blank=True)  # what an accepted one became: "plan-item:KEY/ITEM"
    supports_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="unique_proposal_number")]

    def __str__(self) -> str:
        return f"{self.consultation.key} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("public:proposal", args=[self.consultation.key, self.number])


class Comment(Post):
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="comments")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment {self.pk} on proposal {self.proposal_id}"


class Support(models.Model):
    """One verified person's support of a proposal (one per person: the database refuses a second)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="supports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="one_support_per_person")]

    def __str__(self) -> str:
        return f"support of proposal {self.proposal_id}"


class ContentReport(models.Model):
    """Someone reports a post as abusive; once ``REPORTS_BEFORE_HIDING`` people have, it is hidden until a
    moderator decides."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insulting, threatening or hateful")
        PERSONAL = "personal", _("Personal data of someone")
        OFF_TOPIC = "off-topic", _("Off topic")
        OTHER = "other", _("Something else")

    content_kind = models.CharField(max_length=10)  # "question" | "proposal" | "comment"
    content_id = models.PositiveBigIntegerField()
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)  # the moderator's decision that closed it

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_kind", "content_id", "reporter"], name="one_report_per_person")
        ]
        indexes = [models.Index(fields=["content_kind", "content_id"])]

    def __str__(self) -> str:
        return f"report of {self.content_kind} {self.content_id}: {self.reason}"


class ModerationDecision(models.Model):
    """A moderator's decision on a post, with its reason: kept for ever (the audit log has it too)."""

    class Decision(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Shown again")
        DISMISS = "dismiss", _("Reports dismissed")

    content_kind = models.CharField(max_length=10)
    content_id = models.PositiveBigIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField()
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moderator_label = models.CharField(max_length=150)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision} {self.content_kind} {self.content_id}"


class Subscription(models.Model):
    """A person follows a record, an organisation or a consultation: an e-mail on each new public answer or
    proposal (the same news is in each one's Atom feed, for those without an account)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    target = models.CharField(max_length=120)  # "record:<public id>" | "organisation:<slug>" | "consultation:<key>"
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)  # of the e-mails: the page's, then
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "target"], name="one_subscription")]
        indexes = [models.Index(fields=["target"])]

    def __str__(self) -> str:
        return self.target


class Notification(JobFields):
    """One e-mail waiting for the worker (an outbox): written in the transaction of what it announces, sent after."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    recipient = models.EmailField()
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    reason = models.CharField(max_length=40)  # "new-question", "answer", "subscription", …
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.reason} to {self.recipient} ({self.status})"
