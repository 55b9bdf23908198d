"""The AI Act's search facet, which the app registers with the register (``AiActConfig.ready``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from algoscope.aiact.engine.ruleset import CATEGORIES
from algoscope.aiact.engine.texts import texts_for
from algoscope.common.translation import page_language
from algoscope.register.facets import Facet


class AiActClassFacet(Facet):
    """The category of the record's latest complete AI Act assessment, labelled in the reader's language."""

    key = "ai_act_class"
    label = _("AI Act class")
    card_values = frozenset(CATEGORIES)  # every assessed class; "not assessed" is the default, not a badge

    def known(self, value: str) -> bool:
        return value == "not_assessed" or value in CATEGORIES

    def labels(self, values: Sequence[str]) -> dict[str, str]:
        texts = texts_for(page_language())
        return {v: str(_("Not assessed")) if v == "not_assessed" else texts(f"categories.{v}") for v in values}
