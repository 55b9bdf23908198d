"""References to the AI Act in the reader's language: ``{{ ref|legal_ref }}`` (Bijlage, Annexe, Anhang; overweging,
considérant, Erwägungsgrund)."""

from __future__ import annotations

from django import template

from algoscope.aiact.engine.citations import localise_ref
from algoscope.common.translation import page_language

register = template.Library()


@register.filter
def legal_ref(ref: str) -> str:
    return localise_ref(str(ref), page_language())
