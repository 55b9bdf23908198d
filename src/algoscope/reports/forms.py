"""The coordinators' forms: building a report, and writing its texts in each of its languages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from algoscope.common.multilingual import LANGUAGES

LANGUAGE_NAMES = {"nl": _("Dutch"), "fr": _("French"), "de": _("German"), "en": _("English")}


class BuildForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=10, help_text=_("2026-Q3, 2026-H2, 2026 or 2026-09"))
    scope = forms.CharField(label=_("Scope"), max_length=80, initial="benelux",
                            help_text=_("benelux, BE, NL, LU or a plan's id"))  # fmt: skip
    languages = forms.MultipleChoiceField(
        label=_("Languages of the PDFs"), choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        initial=["nl", "fr"], widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    corrects = forms.IntegerField(label=_("Corrects report No."), required=False, min_value=1,
                                  help_text=_("only for a correction of a published report"))  # fmt: skip


class TextsForm(forms.Form):
    """One text area per field and language of the report."""

    FIELDS = (
        ("summary", _("Executive summary")),
        ("asks", _("What Parliament is asked about the bottlenecks")),
        ("correction_note", _("What this report corrects")),
    )

    def __init__(self, *args: Any, languages: list[str], correction: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, words in self.FIELDS:
            if name == "correction_note" and not correction:
                continue
            for language in languages:
                self.fields[f"{name}_{language}"] = forms.CharField(
                    label=f"{words} ({LANGUAGE_NAMES[language]})", required=False, max_length=40_000,
                    widget=forms.Textarea(attrs={"rows": 6, "lang": language}),
                )  # fmt: skip

    def texts(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for key, value in self.cleaned_data.items():
            name, _sep, language = key.rpartition("_")
            out.setdefault(name, {})[language] = value
        return out
