"""The audit report residents can read (fairness.md §4.5): context built from an engine result, HTML and PDF."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from algoscope.audits.engine import charts
from algoscope.audits.engine.spec import Intervention
from algoscope.common.pdf import pdf_bytes

# The fairness tree (Aequitas): which error matters depends on what the decision does to people.
KEY_ERROR = {"punitive": "false_positive_rate", "assistive": "false_negative_rate", "none": None}
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
    "green": gettext_lazy("No disparity found"),
}


def _svg(markup: str) -> SafeString:
    """A chart from ``engine/charts.py``, which escapes every text it draws."""
    return mark_safe(markup)  # noqa: S308


def key_metrics(intervention: Intervention) -> list[str]:
    error = KEY_ERROR[intervention]
    return ["selection_rate"] + ([error] if error else [])


def light(grouping: dict[str, Any], metric: str, alpha: float) -> str:
    """Red: a group outside the four-fifths band and significantly different after correction; amber: one of the
    two; green: neither. Suppressed groups do not count."""
    flagged = significant = both = False
    for group in grouping["groups"]:
        entry = group["metrics"][metric]
        if group["reference"] or group["suppressed"] or entry["suppressed"]:
            continue
        out_of_band = bool(entry.get("four_fifths_flag"))
        is_significant = entry.get("p_adjusted") is not None and entry["p_adjusted"] < alpha
        flagged |= out_of_band
        significant |= is_significant
        both |= out_of_band and is_significant
    return "red" if both else ("amber" if flagged or significant else "green")


def summary(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The traffic lights: per protected attribute, one light per key metric (cheap: no charts drawn)."""
    parameters = result["parameters"]
    alpha = 1 - parameters["confidence"]
    keys = key_metrics(parameters.get("intervention", "punitive"))
    rows = []
    for grouping in result["groupings"]:
        if len(grouping["attributes"]) != 1:
            continue
        lights = []
        for metric in keys:
            colour = light(grouping, metric, alpha)
            lights.append(
                {"metric": metric, "label": METRIC_LABELS[metric], "light": colour, "light_label": LIGHTS[colour]}
            )
        rows.append({"name": grouping["name"], "lights": lights})
    return rows


def report_context(
    result: dict[str, Any],
    *,
    title: str,
    audit: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the report template shows; ``audit`` adds the auditor's texts, actions and the response."""
    parameters = result["parameters"]
    intervention: Intervention = parameters.get("intervention", "punitive")
    keys = key_metrics(intervention)
    labels = {"reference": _("reference group"), "suppressed": _("too few people to publish")}
    groupings = []
    for grouping in result["groupings"]:
        charts_for = []
        for metric in keys:
            name = METRIC_LABELS[metric]
            charts_for.append(
                {
                    "metric": metric,
                    "label": name,
                    "rates": _svg(
                        charts.rate_chart(
                            grouping,
                            metric,
                            _("%(metric)s by %(grouping)s, with interval")
                            % {"metric": name, "grouping": grouping["name"]},
                            labels,
                        )
                    ),
                    "forest": _svg(
                        charts.forest_chart(
                            grouping,
                            metric,
                            _("%(metric)s by %(grouping)s compared with the reference group (ratio)")
                            % {"metric": name, "grouping": grouping["name"]},
                            labels,
                        )
                    ),
                }
            )
        groupings.append(
            {
                **grouping,
                "charts": charts_for,
                "sizes": _svg(
                    charts.size_chart(
                        grouping,
                        _("People per group: %(grouping)s") % {"grouping": grouping["name"]},
                        parameters["min_cell"],
                    )
                ),
            }
        )
    return {
        "title": title,
        "result": result,
        "parameters": parameters,
        "intervention": intervention,
        "key_metrics": [{"metric": m, "label": METRIC_LABELS[m]} for m in keys],
        "metric_labels": [{"metric": m, "label": label} for m, label in METRIC_LABELS.items()],
        "summary": summary(result),
        "groupings": groupings,
        "audit": audit or {},
        "confidence_percent": round(parameters["confidence"] * 100),
    }


def report_html(context: dict[str, Any], language: str = "en") -> str:
    with translation.override(language):
        return render_to_string("audits/report.html", {**context, "standalone": True})


def report_pdf(context: dict[str, Any], language: str = "en") -> bytes:
    with translation.override(language):
        return pdf_bytes("audits/report.html", {**context, "standalone": True, "pdf": True})
