"""The operators' admin for what the installation says about itself (``SiteProfile``): one text box per language
for each multilingual text; each saved change is in the audit log and shown on every page at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from algoscope.accounts.permissions import Actor
from algoscope.common.auditlog import audit_log_write
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.public_cache import public_changed
from algoscope.site.models import SiteProfile
from algoscope.site.profile import MARKDOWN_FIELDS, MULTILINGUAL_FIELDS

MAX_TEXT = 20_000  # a statement's section, not a book


class MultilingualWidget(forms.MultiWidget):
    def __init__(self, markdown: bool) -> None:
        def make(code: str) -> forms.Widget:
            attrs = {"lang": code, "aria-label": code, "placeholder": code}
            return forms.Textarea(attrs={**attrs, "rows": 4, "cols": 80}) if markdown else forms.TextInput(attrs=attrs)

        widgets: dict[str, forms.Widget | type[forms.Widget]] = {code: make(code) for code in LANGUAGES}
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[str]:
        value = value if isinstance(value, dict) else {}
        return [value.get(code, "") for code in LANGUAGES]


class MultilingualField(forms.MultiValueField):
    """{language: text}, one box per language (nl, fr, de, en); empty languages are left out."""

    def __init__(self, *, markdown: bool, **kwargs: Any) -> None:
        fields = [forms.CharField(required=False, max_length=MAX_TEXT) for _code in LANGUAGES]
        kwargs.pop("encoder", None), kwargs.pop("decoder", None)
        super().__init__(fields, widget=MultilingualWidget(markdown), require_all_fields=False, **kwargs)
        self.help_text = self.help_text or (
            "One text per language: " + ", ".join(LANGUAGES) + (" (Markdown)" if markdown else "")
        )

    def compress(self, data_list: list[str]) -> dict[str, str]:
        return {code: text.strip() for code, text in zip(LANGUAGES, data_list or [], strict=False) if text.strip()}


class SiteProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    operator_website = forms.URLField(max_length=500, required=False, assume_scheme="https")  # typed without https

    class Meta:
        model = SiteProfile
        exclude: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in MULTILINGUAL_FIELDS:
            label = self.fields[name].label
            self.fields[name] = MultilingualField(markdown=name in MARKDOWN_FIELDS, required=False, label=label)


@admin.register(SiteProfile)
class SiteProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = SiteProfileForm
    fieldsets = (
        ("Who runs this installation", {"fields": ("operator", "operator_website", "contact_email", "contact")}),
        ("Phase", {"fields": ("phase",)}),
        (
            "Accessibility statement",
            {
                "fields": (
                    "accessibility_status",
                    "accessibility_assessed_on",
                    "accessibility_method",
                    "accessibility_issues",
                    "accessibility_enforcement",
                )
            },
        ),
        ("Privacy statement", {"fields": ("privacy_controller",)}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteProfile.objects.exists()  # one profile per installation

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SiteProfile, form: Any, change: bool) -> None:
        obj.pk = 1
        names = [field.name for field in SiteProfile._meta.fields if field.name not in ("id", "updated_at")]
        before = SiteProfile.objects.filter(pk=1).values(*names).first() or {}
        super().save_model(request, obj, form, change)
        after = {name: getattr(obj, name) for name in names}
        changed = [name for name in names if before.get(name) != after[name]]
        if changed:
            audit_log_write(
                actor=Actor.for_request(request),
                action="site.profile.update",
                object_type="site_profile",
                object_id="1",
                before={name: _plain(before.get(name)) for name in changed},
                after={name: _plain(after[name]) for name in changed},
                data={"via": "admin"},
            )
            public_changed()  # every cached page carries the footer


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
