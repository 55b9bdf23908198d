"""The AI Act assessments on the recent-changes page: each published version whose AI Act part (classification,
FRIA, obligations) differs from the record's version before it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from algoscope.aiact.publication import KEY, changes
from algoscope.register.changes import newest_versions, version_change
from algoscope.register.extensions import Change
from algoscope.register.models import AlgorithmVersion

WINDOW = 5  # newest versions looked at per change wanted: most republications leave the assessment as it was


def recent_assessments(count: int, language: str) -> list[Change]:
    versions = newest_versions(AlgorithmVersion.objects.filter(parts__has_key=KEY), count * WINDOW)
    wanted = {(v.algorithm_id, v.number - 1) for v in versions if v.number > 1}
    earlier = {
        (algorithm_id, number): parts
        for algorithm_id, number, parts in AlgorithmVersion.objects.filter(
            algorithm_id__in={a for a, _n in wanted}, number__in={n for _a, n in wanted}
        ).values_list("algorithm_id", "number", "parts")
        if (algorithm_id, number) in wanted
    }
    found: list[Change] = []
    for version in versions:
        before = (earlier.get((version.algorithm_id, version.number - 1)) or {}).get(KEY)
        rows = changes(before, version.parts.get(KEY), language)
        if not rows:
            continue
        what = list(dict.fromkeys(str(row.label) for row in rows))
        shown = "; ".join(what[:4]) + (" …" if len(what) > 4 else "")
        summary = _("Published with version %(number)s: %(what)s.") % {"number": version.number, "what": shown}
        found.append(version_change(version, "assessments", summary))
        if len(found) == count:
            break
    return found
