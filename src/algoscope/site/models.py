"""What an installation says about itself: who runs it, how to reach them, its phase, and the facts its
accessibility, privacy and cookie statements need. One row, edited by operators in the admin (each change in the
audit log); the statements' wording is the site's own, translated, around these facts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteProfile(models.Model):
    class Phase(models.TextChoices):
        ALPHA = "alpha", _("Alpha")
        BETA = "beta", _("Beta")
        LIVE = "live", _("Live")

    class Compliance(models.TextChoices):
        # The three statuses of the EU model accessibility statement (Implementing Decision (EU) 2018/1523)
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class Method(models.TextChoices):
        SELF = "self", _("a self-assessment")
        THIRD_PARTY = "third_party", _("an assessment by a third party")

    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.BETA)
    # Multilingual texts: {language: text}, shown in the reader's language or, marked, in another one.
    operator = models.JSONField(default=dict, blank=True)
    operator_website = models.URLField(max_length=500, blank=True)
    contact_email = models.EmailField(blank=True)
    contact = models.JSONField(default=dict, blank=True)  # Markdown: address, telephone, opening hours
    accessibility_status = models.CharField(max_length=12, choices=Compliance.choices, default=Compliance.PARTIAL)
    accessibility_assessed_on = models.DateField(null=True, blank=True)
    accessibility_method = models.CharField(max_length=12, choices=Method.choices, default=Method.SELF)
    accessibility_issues = models.JSONField(default=dict, blank=True)  # Markdown: known inaccessible content
    accessibility_enforcement = models.JSONField(default=dict, blank=True)  # Markdown: the ombudsman to turn to
    privacy_controller = models.JSONField(default=dict, blank=True)  # Markdown: controller and its DPO
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "site profile"

    def __str__(self) -> str:
        return "what this installation says about itself"
