"""The audit report residents can read (fairness.md §4.5): context built from an engine result, HTML and PDF."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from algoscope.audits.engine import charts
from algoscope.audits.engine.metrics import FOUR_FIFTHS
from algoscope.common import numbers
from algoscope.common.pdf import pdf_bytes

METRIC_LABELS = {
    "base_rate": gettext_lazy("Base rate (actual positives)"),
    "selection_rate": gettext_lazy("Selection rate"),
    "true_positive_rate": gettext_lazy("True positive rate"),
    "false_positive_rate": gettext_lazy("False positive rate"),
    "false_negative_rate": gettext_lazy("False negative rate"),
    "true_negative_rate": gettext_lazy("True negative rate"),
    "precision": gettext_lazy("Precision"),
    "accuracy": gettext_lazy("Accuracy"),
}
LIGHTS = {
    "red": gettext_lazy("Significant disparity"),
    "amber": gettext_lazy("Possible disparity"),
    "green": gettext_lazy("No disparity shown by this test"),
}
FAMILY_LABELS = {
    "summary": gettext_lazy(
        "the comparisons the summary draws its conclusions from (the key metrics of each protected attribute) are "
        "corrected together; every other table is corrected per metric and grouping"
    ),
    "all": gettext_lazy("every published comparison in this report is corrected together, as one family"),
    "metric-grouping": gettext_lazy("each metric of each grouping is corrected as a family of its own"),
}
CORRECTION_LABELS = {"holm": "Holm", "bh": "Benjamini–Hochberg"}
# Marks in tables: a number that is not published differs from a number that does not exist.
SUPPRESSED_MARK = "×"
UNDEFINED_MARK = numbers.UNDEFINED


def _svg(markup: str) -> SafeString:
    """A chart from ``engine/charts.py``, which escapes every text it draws."""
    return mark_safe(markup)  # noqa: S308


def percent(value: float | None, digits: int = 1) -> str:
    """``99,8 %`` in the active language (``99.8 %`` in English); the undefined mark for no value."""
    return numbers.percent(value, digits)


def points(value: float | None, digits: int = 1) -> str:
    """A difference of two rates in percentage points, with its sign: ``+4,2 pp``."""
    if value is None or not math.isfinite(value):
        return UNDEFINED_MARK
    shown = numbers.rounded(abs(value) * 100, digits)
    nonzero = any(ch in "123456789" for ch in shown)
    sign = ("+" if value > 0 else "−") if nonzero else ""
    return _("%(sign)s%(value)s pp") % {"sign": sign, "value": shown}


def ratio(value: float | None, flagged: bool | None = None) -> str:
    """A ratio with two decimals, or as many more (up to four) as it takes for the shown value to fall on the same
    side of the four-fifths band as the value itself (1.2511 is shown "1.2511", not "1.25")."""
    if value is None or not math.isfinite(value):
        return UNDEFINED_MARK
    outside = value < FOUR_FIFTHS or value > 1 / FOUR_FIFTHS
    for digits in (2, 3, 4):
        shown = float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
        if (shown < FOUR_FIFTHS or shown > 1 / FOUR_FIFTHS) == outside:
            break
    return numbers.rounded(value, digits, grouping=True)


def formatters() -> dict[str, Callable[[float], str]]:
    """Number formats for the charts, in the active language."""
    return {
        "percent": lambda v: percent(v, 0) if v in (0, 0.25, 0.5, 0.75, 1) else percent(v),
        "ratio": lambda v: ratio(v),
        "tick": lambda v: numbers.rounded(v, 0 if v == int(v) else (3 if v < 0.1 else 2)),
        "count": lambda v: numbers.rounded(int(v), 0, grouping=True),
    }


def significant(entry: dict[str, Any], alpha: float) -> bool:
    """An adjusted p-value below ``alpha`` (0 included; no p-value is not significant)."""
    p = entry.get("p_adjusted")
    return p is not None and p < alpha


def light(grouping: dict[str, Any], metric: str, alpha: float) -> dict[str, Any]:
    """Red: a group outside the four-fifths band and significantly different after correction; amber: one of the
    two; green: neither. Only published comparisons count; the red and amber groups are listed with their side."""
    flagged: list[dict[str, Any]] = []
    colour = "green"
    for group in grouping["groups"]:
        entry = group["metrics"][metric]
        if group["reference"] or entry.get("suppressed") or "ratio" not in entry:
            continue
        out_of_band = bool(entry.get("four_fifths_flag"))
        is_significant = significant(entry, alpha)
        if out_of_band and is_significant:
            colour = "red"
        elif (out_of_band or is_significant) and colour == "green":
            colour = "amber"
        if out_of_band or is_significant:
            flagged.append(
                {
                    "label": group["label"],
                    "red": out_of_band and is_significant,
                    "side": _side(entry),
                    "difference": entry.get("difference"),
                }
            )
    flagged.sort(key=lambda f: (not f["red"], -abs(f["difference"] or 0)))
    return {"light": colour, "groups": flagged}


def _side(entry: dict[str, Any]) -> str:
    """How a group stands against the reference: disadvantaged, advantaged, or only higher / lower."""
    if entry.get("disadvantaged") is True:
        return str(_("disadvantaged"))
    if entry.get("disadvantaged") is False:
        return str(_("advantaged"))
    difference = entry.get("difference") or 0
    return str(_("higher")) if difference > 0 else str(_("lower"))


def summary(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The traffic lights: per protected attribute, one light per key metric (cheap: no charts drawn)."""
    alpha = result["multiple_testing"]["alpha"]
    rows = []
    for grouping in result["groupings"]:
        if len(grouping["attributes"]) != 1:
            continue
        lights = []
        for metric in result["key_metrics"]:
            found = light(grouping, metric, alpha)
            lights.append(
                {
                    "metric": metric,
                    "label": METRIC_LABELS[metric],
                    "light": found["light"],
                    "light_label": LIGHTS[found["light"]],
                    "groups": found["groups"],
                }
            )
        rows.append({"name": grouping["name"], "lights": lights, "caveats": _mirrors(grouping, alpha)})
    return rows


def _mirrors(grouping: dict[str, Any], alpha: float) -> list[str]:
    """Groups whose selection-rate gap mirrors a gap in base rates: the selection ratio lies inside the interval
    of the base-rate ratio, so the decisions follow the recorded outcomes (which may themselves be biased)."""
    found = []
    for group in grouping["groups"]:
        selection, base = group["metrics"]["selection_rate"], group["metrics"].get("base_rate", {})
        if group["reference"] or "ratio" not in selection or "ratio_low" not in base:
            continue
        if not (selection.get("four_fifths_flag") or significant(selection, alpha)):
            continue
        low, high, value = base.get("ratio_low"), base.get("ratio_high"), selection.get("ratio")
        if None not in (low, high, value) and low <= value <= high:
            found.append(group["label"])
    return found


def chart_labels() -> charts.Labels:
    """What the charts write, in the active language."""
    fmt = formatters()
    return charts.Labels(
        reference=_("reference group"),
        suppressed=_("too few people to publish"),
        undefined=_("cannot be computed (no one in the denominator)"),
        flagged=_("red: outside 0.8–1.25 of the reference group and significant after correction"),
        other=_("blue: not both"),
        percent=fmt["percent"],
        ratio=fmt["ratio"],
        tick=fmt["tick"],
        count=fmt["count"],
    )


def report_context(
    result: dict[str, Any],
    *,
    title: str,
    audit: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the report template shows, in the active language; ``audit`` adds the auditor's texts, actions
    and the response."""
    parameters = result["parameters"]
    alpha = result["multiple_testing"]["alpha"]
    keys = result["key_metrics"]
    labels = chart_labels()
    groupings = []
    for grouping in result["groupings"]:
        charts_for = []
        for metric in keys:
            name = METRIC_LABELS[metric]
            about = {"metric": name, "grouping": grouping["name"]}
            title_rates = _("%(metric)s by %(grouping)s, with interval") % about
            title_forest = _("%(metric)s by %(grouping)s compared with the reference group (ratio)") % about
            charts_for.append(
                {
                    "metric": metric,
                    "label": name,
                    "rates": _svg(charts.rate_chart(grouping, metric, title_rates, labels, alpha)),
                    "forest": _svg(charts.forest_chart(grouping, metric, title_forest, labels, alpha)),
                    "spread": grouping["spread"].get(metric),
                }
            )
        sizes_title = _("People per group: %(grouping)s") % {"grouping": grouping["name"]}
        groupings.append(
            {**grouping, "charts": charts_for, "sizes": _svg(charts.size_chart(grouping, sizes_title, labels))}
        )
    calibration = [
        {
            **cal,
            "chart": _svg(
                charts.calibration_chart(
                    cal,
                    _("Calibration by %(grouping)s: observed rate against mean score") % {"grouping": cal["name"]},
                    labels,
                    (_("mean score in the bin"), _("observed rate of positives")),
                )
            )
            if cal["probability_scale"]
            else None,
        }
        for cal in result["calibration"]
    ]
    missing = result["input"].get("missing_protected") or {}
    return {
        "title": title,
        "result": result,
        "parameters": parameters,
        "intervention": parameters.get("intervention", "punitive"),
        "favourable": parameters.get("favourable"),
        "key_metrics": [{"metric": m, "label": METRIC_LABELS[m]} for m in keys],
        "metric_labels": [{"metric": m, "label": label} for m, label in METRIC_LABELS.items()],
        "summary": summary(result),
        "groupings": groupings,
        "calibration": calibration,
        "audit": audit or {},
        "confidence_percent": round(parameters["confidence"] * 100),
        "alpha": alpha,
        "family_label": FAMILY_LABELS[result["multiple_testing"]["family"]],
        "families": result["multiple_testing"]["families"],
        "correction_label": CORRECTION_LABELS[result["multiple_testing"]["method"]],
        "missing": missing,
        "suppressed_mark": SUPPRESSED_MARK,
        "undefined_mark": UNDEFINED_MARK,
    }


def default_title(file_name: str) -> str:
    """The report's title when the auditor gives none, in the active language."""
    return _("Bias audit of %(file)s") % {"file": file_name}


def report_html(context: dict[str, Any], language: str = "en") -> str:
    """The report as one HTML file; build ``context`` under the same language (``translation.override``)."""
    with translation.override(language):
        return render_to_string("audits/report.html", {**context, "standalone": True})


def report_pdf(context: dict[str, Any], language: str = "en") -> bytes:
    with translation.override(language):
        return pdf_bytes("audits/report.html", {**context, "standalone": True, "pdf": True})
