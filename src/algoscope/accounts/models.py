"""Who is who: organisations, their members and API tokens, and the roles people hold across the site.

Every app's permission checks read these through ``algoscope.accounts.permissions`` (one table of who may do what).
The tables keep the names they had before this app existed (``db_table``), so existing databases move without
copying a row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from algoscope.accounts.identifiers import Identifier
from algoscope.common.multilingual import Resolved, resolve_text


class Organisation(models.Model):
    class Type(models.TextChoices):
        FEDERAL = "federal", _("Federal / national")
        REGIONAL = "regional", _("Regional")
        COMMUNITY = "community", _("Community")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        AGENCY = "agency", _("Agency")
        OTHER = "other", _("Other")

    class Country(models.TextChoices):
        BE = "BE", _("Belgium")
        NL = "NL", _("Netherlands")
        LU = "LU", _("Luxembourg")

    class Scheme(models.TextChoices):
        KBO = "kbo", _("KBO/BCE enterprise number")
        OIN = "oin", _("OIN")
        TOOI = "tooi", _("TOOI identifier")
        RCS = "rcs", _("RCS number")

    slug = models.SlugField(max_length=120, unique=True, editable=False)  # derived from the identifier
    identifier_scheme = models.CharField(max_length=10, choices=Scheme.choices)
    identifier = models.CharField(max_length=200, unique=True)
    name = models.JSONField(default=dict)  # {"nl": ..., "fr": ..., "de": ..., "en": ...}
    original_language = models.CharField(max_length=2, default="nl")
    org_type = models.CharField(max_length=20, choices=Type.choices)
    country = models.CharField(max_length=2, choices=Country.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    region = models.CharField(max_length=6, blank=True)  # ISO 3166-2 subdivision: BE-VLG, BE-BRU, NL-NH, …
    website = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "register_organisation"
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.display_name()

    def get_absolute_url(self) -> str:
        return reverse("public:organisation", args=[self.slug])

    @property
    def stable_id(self) -> str:
        return Identifier(self.identifier_scheme, self.identifier).slug

    def resolved_name(self, language: str) -> Resolved:
        return resolve_text(self.name, language, self.original_language)

    def display_name(self, language: str | None = None) -> str:
        return self.resolved_name(language or get_language() or "en").text or self.slug


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        REVIEWER = "reviewer", _("Reviewer")
        ORG_ADMIN = "org_admin", _("Organisation administrator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "register_membership"
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation.slug} · {self.role}"


class ApiToken(models.Model):
    """A bearer token for the write API: one person's, for one organisation, never more than that person may do there.

    Only a SHA-256 hash of the secret is stored. A token works while it is not revoked, not expired, its person's
    account is active and the person still holds, in that organisation, a role that allows the token's role (a
    reviewer token needs the reviewer role; an editor token any editing role). For the four-eyes rule a token is
    its person, so nobody approves their own change by switching to a token. Revocation is final.
    """

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor: create, edit and submit drafts")
        REVIEWER = "reviewer", _("Reviewer: also publish, reject and retire")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.EDITOR)
    prefix = models.CharField(max_length=12, unique=True)  # shown to identify the token; not secret
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "register_apitoken"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SiteRole(models.Model):
    """A role across the whole site, as opposed to a role within one organisation."""

    class Role(models.TextChoices):
        OPERATOR = "operator", _("Operator")  # runs the platform: organisations, accounts
        AUDITOR = "auditor", _("Auditor")  # creates and publishes independent audits
        COORDINATOR = "coordinator", _("Coordinator")  # steering committee: plans and reports
        ORGANISER = "organiser", _("Panel organiser")  # selects citizens' panels by lot
        GRADER = "grader", _("Independent grader")  # grades the progress of plans' actions, independently
        MODERATOR = "moderator", _("Moderator")  # decides on reported questions, proposals and comments

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "common_siterole"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_site_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
