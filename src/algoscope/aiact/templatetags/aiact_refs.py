"""References to the AI Act in the reader's language: ``{{ ref|legal_ref }}`` (Bijlage, Annexe, Anhang; overweging,
considérant, Erwägungsgrund)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from algoscope.aiact.engine.citations import localise_ref

register = template.Library()


@register.filter
def legal_ref(ref: str) -> str:
    return localise_ref(str(ref), (get_language() or "en")[:2])
