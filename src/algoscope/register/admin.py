"""The operators' admin: organisations and memberships. Published versions are read-only here too."""

from django.contrib import admin

from algoscope.register.models import Algorithm, AlgorithmVersion, ApiToken, Membership, Organisation


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("prefix", "name", "organisation", "role", "created_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "organisation", "created_by", "created_at", "last_used_at")


@admin.register(Algorithm)
class AlgorithmAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("public_id", "organisation", "state", "published_at")
    list_filter = ("state",)
    search_fields = ("public_id",)
    readonly_fields = [f.name for f in Algorithm._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(AlgorithmVersion)
class AlgorithmVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("algorithm", "number", "published_at", "published_by_label")
    readonly_fields = [f.name for f in AlgorithmVersion._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
