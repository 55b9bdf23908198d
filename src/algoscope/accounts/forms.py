"""The forms of the accounts pages: what a person may type, checked before any service runs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from algoscope.accounts.models import ApiToken
from algoscope.accounts.permissions import token_role_allowed
from algoscope.accounts.services.tokens import DEFAULT_LIFETIME, LIFETIMES
from algoscope.common.forms import PageForm


class TokenForm(PageForm):
    name = forms.CharField(label=_("Name (what uses it)"), max_length=100, strip=True)
    role = forms.ChoiceField(label=_("Role"), choices=ApiToken.Role.choices, initial=ApiToken.Role.EDITOR)
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=[(days, format_lazy("{} {}", days, _("days"))) for days in LIFETIMES],  # translated when shown
        coerce=int,
        initial=DEFAULT_LIFETIME,
        required=False,
        empty_value=DEFAULT_LIFETIME,  # type: ignore[arg-type]  # any value; an int here
    )

    def __init__(self, *args: Any, person_roles: frozenset[str], **kwargs: Any) -> None:
        """Only the roles the person may give a token (their own) are offered."""
        super().__init__(*args, **kwargs)
        choices = [(value, label) for value, label in ApiToken.Role.choices if token_role_allowed(value, person_roles)]
        self.fields["role"].choices = choices  # type: ignore[attr-defined]
