"""The interop app's words on pages: a finding's field by its label, and the values an import set aside."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from algoscope.interop.standards import STANDARDS
from algoscope.register.content import FIELDS_BY_KEY
from algoscope.register.presentation import field_label

_PARTS = {"title": _("title"), "link": _("link"), "risk": _("risk"), "mitigation": _("mitigation")}


def finding_field_label(standard: str, path: str) -> str:
    """A finding's field as an editor reads it: the register's label for the standard's field (else the standard's
    own name), then the item and its part, e.g. "Legal bases › item 1 › link" for ``lawful_basis_grouping.0.link``."""
    if not path:
        return ""
    head, *rest = path.split(".")
    mapper = STANDARDS.get(standard)
    ours = {name: key for key, name in mapper.field_names.items()} if mapper else {}
    key = ours.get(head, head)
    parts = [field_label(key) if key in FIELDS_BY_KEY else head]
    for part in rest:
        if part.isdigit():
            parts.append(gettext("item %(number)d") % {"number": int(part) + 1})
        else:
            parts.append(str(_PARTS.get(part, part)))
    return " › ".join(parts)


def needs_attention(algorithm: Any, version: Any = None, language: str = "") -> dict[str, Any] | None:
    """Values an import could not put into their field (an unknown status, a sentence where a link belongs): kept
    under the standard's field name, shown to the editor and the reviewer until someone removes them."""
    rows = []
    for standard, fields in (algorithm.content.get("extensions") or {}).items():
        mapper = STANDARDS.get(standard)
        if mapper is None:
            continue
        placed = set(mapper.field_names.values())
        for name, text in fields.items():
            if name.split(".")[0] in placed and text:
                rows.append(
                    {
                        "standard": mapper.label,
                        "field": name,
                        "label": finding_field_label(standard, name),
                        "value": text,
                    }
                )
    return {"attention": rows} if rows else None
