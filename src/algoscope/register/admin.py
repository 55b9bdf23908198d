"""The operators' admin for records: read-only, as published versions are (organisations: ``accounts.admin``)."""

from django.contrib import admin

from algoscope.register.models import Algorithm, AlgorithmVersion


@admin.register(Algorithm)
class AlgorithmAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("public_id", "organisation", "state", "published_at")
    list_filter = ("state",)
    search_fields = ("public_id",)
    readonly_fields = [f.name for f in Algorithm._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # a record is retired through the workflow, in the audit log; never deleted here


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
