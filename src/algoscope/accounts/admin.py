"""The operators' admin for organisations, memberships, site roles and API tokens.

Every change to who may do what goes through the services, which write the audit log: memberships and site roles
are granted with ``algoscope grantrole``, organisations created with ``algoscope createorganisation`` (which checks
the identifier), tokens made and revoked on the tokens page. Here those are shown, not changed; an organisation's
names, website, region and parent may be corrected, and each correction is in the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from algoscope.accounts.models import ApiToken, Membership, Organisation, SiteRole
from algoscope.accounts.permissions import Actor
from algoscope.accounts.services.organisations import clean_names
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import InvalidInput


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


EDITABLE_ORGANISATION_FIELDS = ("name", "original_language", "org_type", "parent", "region", "website")


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    """The same checks as creating one: names per known language, short texts; a parent that is not itself or one
    of its own descendants."""

    website = forms.URLField(max_length=500, required=False, assume_scheme="https")  # typed without a scheme: https

    class Meta:
        model = Organisation
        fields = EDITABLE_ORGANISATION_FIELDS

    def clean_name(self) -> dict[str, str]:
        try:
            return clean_names(self.cleaned_data.get("name"))
        except InvalidInput as exc:
            raise forms.ValidationError("; ".join(problem.message for problem in exc.problems)) from exc

    def clean_parent(self) -> Organisation | None:
        parent: Organisation | None = self.cleaned_data.get("parent")
        ancestor, seen = parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.instance.pk:
                raise forms.ValidationError("an organisation cannot be its own parent, directly or through others")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return parent


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("slug", "identifier", "org_type", "country")
    list_filter = ("country", "org_type")
    search_fields = ("slug", "identifier")
    readonly_fields = ("slug", "identifier_scheme", "identifier", "country")
    fields = ("slug", "identifier_scheme", "identifier", "country", *EDITABLE_ORGANISATION_FIELDS)
    form = OrganisationForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # `algoscope createorganisation` checks and derives the identifier and the stable id

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        before = Organisation.objects.filter(pk=obj.pk).values(*EDITABLE_ORGANISATION_FIELDS).first() or {}
        super().save_model(request, obj, form, change)
        after = {key: getattr(obj, "parent_id" if key == "parent" else key) for key in EDITABLE_ORGANISATION_FIELDS}
        changed = [key for key in EDITABLE_ORGANISATION_FIELDS if before.get(key) != after[key]]
        if changed:
            audit_log_write(
                actor=Actor.for_request(request),
                action="accounts.organisation.update",
                object_type="organisation",
                object_id=obj.slug,
                organisation_id=obj.pk,
                before={key: before.get(key) for key in changed},
                after={key: after[key] for key in changed},
                data={"via": "admin"},
            )


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "organisation", "role", "granted_at")
    list_filter = ("role",)


@admin.register(SiteRole)
class SiteRoleAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "granted_at")
    list_filter = ("role",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "name", "organisation", "role", "created_by", "expires_at", "revoked_at")
    list_filter = ("role",)


class AuditedUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's people admin, with one change: an operator who sets someone's password is in the audit log (who,
    whose, when). Signing in as someone else is how a four-eyes rule would be got round; the log shows it."""

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the form was valid and the password set
            audit_log_write(actor=Actor.for_request(request), action="accounts.person.password_set",
                            object_type="person", object_id=str(id), data={"where": "admin"})  # fmt: skip
        return response


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AuditedUserAdmin)
