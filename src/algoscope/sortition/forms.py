"""The organisers' forms: the panel's settings checked and typed at the edge, before any service sees them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms

from algoscope.common.translation import language_choices
from algoscope.sortition.models import Panel
from algoscope.sortition.services import (
    MAX_K_ANONYMITY,
    MAX_LOTTERY,
    MAX_RETENTION_DAYS,
    MAX_SIZE,
    PanelSettings,
    words,
)

REQUIRED_ON_CREATE = ("title", "purpose", "size")


class PanelSettingsForm(forms.Form):
    """The settings a page posts. Only the fields it posts are checked and changed (the page that creates a panel
    posts a few, the settings page all); the title, purpose and size are needed to create one."""

    title = forms.CharField(max_length=200)
    purpose = forms.CharField()
    texts_language = forms.ChoiceField(choices=[("", "—"), *language_choices()], required=False)
    size = forms.IntegerField(min_value=1, max_value=MAX_SIZE)
    algorithm = forms.ChoiceField(choices=Panel.Method.choices)
    lottery_size = forms.IntegerField(min_value=1, max_value=MAX_LOTTERY, required=False)
    k_anonymity = forms.IntegerField(min_value=0, max_value=MAX_K_ANONYMITY)
    retention_days = forms.IntegerField(min_value=1, max_value=MAX_RETENTION_DAYS)
    address_columns = forms.CharField(required=False)
    already_selected = forms.CharField(required=False)
    id_column = forms.CharField(max_length=100, required=False)

    def __init__(self, data: Mapping[str, Any], *, creating: bool = False) -> None:
        super().__init__(data)
        for name in list(self.fields):
            if name not in data and not (creating and name in REQUIRED_ON_CREATE):
                del self.fields[name]

    def settings(self) -> PanelSettings:
        """The checked values, typed, for ``services.panel_create`` and ``services.panel_update``."""
        data: dict[str, Any] = dict(self.cleaned_data)
        for name in ("address_columns", "already_selected"):
            if name in data:
                data[name] = words(data[name])
        return cast(PanelSettings, data)
