"""What every page form shares: plain ids (``name``, as the pages and their tests address fields), no colon after
labels, and a field that failed says so to assistive technology (``aria-invalid``, ``aria-describedby`` pointing
at its message). Pages render a field with ``{{ form.name.as_field_group }}`` (the site's ``forms/field.html``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's renderer with the site's markup for one field (label, message, widget)."""

    field_template_name = "forms/field.html"


class PageForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_error(self, field: str | None, error: Any) -> None:  # also where a field's own check fails
        super().add_error(field, error)
        if field in self.fields:
            attrs = self.fields[field].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{field}-error"
