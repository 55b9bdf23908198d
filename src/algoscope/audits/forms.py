"""The audit pages' forms: what an auditor or an organisation types, checked field by field before a service runs.

The settings form checks the shape of each value (a choice, a whole number, ``column=value`` lines, a known
encoding); the meaning of the whole (a reference group that exists, a score column) is the engine's
``spec_from_mapping``, which the command line and stored settings go through too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from algoscope.audits.engine.spec import column_list
from algoscope.audits.models import Audit
from algoscope.common.forms import PageForm
from algoscope.common.textfiles import text_encoding
from algoscope.common.translation import language_choices

COLUMN_FIELDS = ("protected", "label", "prediction", "score", "period", "positive_label", "positive_prediction")


class AuditCreateForm(PageForm):
    algorithm = forms.CharField(label=_("Algorithm id (as in the register, e.g. ALG-…)"), max_length=20)
    title = forms.CharField(label=_("Title of the audit"), max_length=200)
    intervention = forms.ChoiceField(
        label=_("What does the decision do to the people it selects?"),
        choices=Audit.Intervention.choices,
        initial=Audit.Intervention.PUNITIVE,
        widget=forms.RadioSelect,
    )


class AuditSettingsForm(PageForm):
    """The settings of a computation (stored with the audit, shown again with the result)."""

    protected = forms.CharField(label=_("Protected attributes (columns, comma-separated)"), max_length=2000)
    label = forms.CharField(label=_("Actual outcome (column)"), max_length=200)
    prediction = forms.CharField(label=_("Decision or prediction (column)"), max_length=200)
    score = forms.CharField(label=_("Risk score (column, optional)"), max_length=200, required=False)
    period = forms.CharField(label=_("Period (column, optional)"), max_length=200, required=False)
    positive_label = forms.CharField(
        label=_("Value of a positive outcome (when not 1/true/yes)"), max_length=200, required=False
    )
    positive_prediction = forms.CharField(
        label=_("Value of a positive decision (when not 1/true/yes)"), max_length=200, required=False
    )
    reference = forms.CharField(
        label=_("Reference groups, one per line: column=value (default: the largest group)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    min_cell = forms.IntegerField(
        label=_("Minimum group size to publish"), min_value=0, max_value=10_000, initial=10, required=False
    )
    correction = forms.ChoiceField(
        label=_("Correction for multiple comparisons"),
        choices=[("holm", "Holm"), ("bh", "Benjamini–Hochberg")],
        initial="holm",
        required=False,  # the default when not sent
    )
    family = forms.ChoiceField(
        label=_("Tests corrected together"),
        choices=[
            ("summary", _("the summary's conclusions (others per metric and grouping)")),
            ("all", _("every comparison in the report")),
            ("metric-grouping", _("each metric and grouping apart")),
        ],
        initial="summary",
        required=False,
    )
    missing = forms.ChoiceField(
        label=_("Rows without a protected value"),
        choices=[("fail", _("refuse the file")), ("group", _("a group of their own")), ("drop", _("leave them out"))],
        initial="fail",
        required=False,
    )
    scan_features = forms.CharField(
        label=_("Exploratory scan: feature columns, comma-separated (optional)"), max_length=2000, required=False
    )
    delimiter = forms.CharField(label=_("CSV delimiter (default: detected)"), max_length=1, required=False, strip=False)
    decimal = forms.ChoiceField(
        label=_("CSV decimal mark of the score"),
        choices=[("", _("detected (a comma when “;” separates the columns)")), (".", "."), (",", ",")],
        required=False,
    )
    encoding = forms.CharField(label=_("CSV encoding"), max_length=40, initial="utf-8", required=False)
    keep_raw = forms.BooleanField(
        label=_("Keep the raw file after the computation (otherwise only the counts table is kept)"), required=False
    )

    @classmethod
    def for_audit(cls, audit: Audit) -> AuditSettingsForm:
        """The form filled with the audit's stored settings (or the defaults)."""
        stored: Mapping[str, Any] = audit.parameters or {}
        initial = {key: value for key, value in stored.items() if key in cls.base_fields and value not in (None, "")}
        for key in ("protected", "scan_features"):
            if key in initial and not isinstance(initial[key], str):
                initial[key] = ", ".join(initial[key])
        if isinstance(initial.get("reference"), Mapping):
            initial["reference"] = "\n".join(f"{column}={value}" for column, value in initial["reference"].items())
        initial["keep_raw"] = audit.keep_raw
        return cls(initial=initial)

    def clean_protected(self) -> list[str]:
        columns = list(column_list(self.cleaned_data["protected"]))
        if not columns:
            raise forms.ValidationError(_("give at least one column"))
        return columns

    def clean_scan_features(self) -> list[str]:
        return list(column_list(self.cleaned_data["scan_features"]))

    def clean_reference(self) -> dict[str, str]:
        reference: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["reference"].splitlines(), start=1):
            if not line.strip():
                continue
            column, sep, value = line.partition("=")
            if not sep or not column.strip():
                raise forms.ValidationError(
                    _("line %(number)s: write column=value, not %(line)s"),
                    params={"number": number, "line": repr(line.strip())},
                )
            reference[column.strip()] = value.strip()
        return reference

    def clean_encoding(self) -> str:
        encoding = self.cleaned_data["encoding"].strip() or "utf-8"
        try:
            text_encoding(encoding)
        except LookupError as exc:
            raise forms.ValidationError(_("unknown encoding %(name)s"), params={"name": repr(encoding)}) from exc
        return encoding

    def parameters(self) -> dict[str, Any]:
        """The settings for the audit services (``spec_from_mapping`` reads them), without ``keep_raw``."""
        values = {key: value for key, value in self.cleaned_data.items() if key != "keep_raw"}
        if values.get("min_cell") is None:
            values.pop("min_cell", None)
        return values


class AuditTextsForm(PageForm):
    scope = forms.CharField(
        label=_("Scope and context"), max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    system_description = forms.CharField(
        label=_("System description"), max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    findings = forms.CharField(
        label=_("Findings"), max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    texts_language = forms.ChoiceField(
        label=_("Language of these texts"),
        choices=[("", "—"), *language_choices()],
        required=False,
    )


class AuditActionForm(PageForm):
    description = forms.CharField(label=_("Action"), max_length=2000)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class AuditResponseForm(PageForm):
    response = forms.CharField(
        label=_("Your response is published with the report."),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, auto_id="%s", **kwargs)
