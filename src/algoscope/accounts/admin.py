"""The operators' admin for organisations, memberships, site roles and API tokens.

Tokens are read-only here: an operator cannot revive a revoked token or change its role (the editor pages and the
API create and revoke them, with the audit log)."""

from django.contrib import admin

from algoscope.accounts.models import ApiToken, Membership, Organisation, SiteRole


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("slug", "identifier", "org_type", "country")
    list_filter = ("country", "org_type")
    search_fields = ("slug", "identifier")
    readonly_fields = ("slug", "identifier_scheme", "identifier")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)
    autocomplete_fields = ("organisation",)


@admin.register(SiteRole)
class SiteRoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "role", "granted_at")
    list_filter = ("role",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("prefix", "name", "organisation", "role", "created_at", "revoked_at")
    readonly_fields = [f.name for f in ApiToken._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
