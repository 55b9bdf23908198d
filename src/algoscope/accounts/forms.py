"""The forms of the accounts pages: what a person may type, checked before any service runs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from algoscope.accounts.models import ApiToken
from algoscope.common.forms import PageForm


class TokenForm(PageForm):
    name = forms.CharField(label=_("Name (what uses it)"), max_length=100, strip=True)
    role = forms.ChoiceField(label=_("Role"), choices=ApiToken.Role.choices, initial=ApiToken.Role.EDITOR)
