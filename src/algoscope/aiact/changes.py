"""The AI Act assessments on the recent-changes page: each published version whose AI Act part (classification,
FRIA, obligations) differs from the record's version before it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from algoscope.aiact.publication import KEY, changes
from algoscope.register.changes import newest_versions, version_change
from algoscope.register.extensions import Change
from algoscope.register.models import AlgorithmVersion

BATCH = 5  # versions read per change wanted, at a time: most republications leave the assessment as it was
MAX_READ = 5_000  # versions looked at in all: an older change of assessment is in the record's own history


def recent_assessments(count: int, language: str) -> list[Change]:
    carrying = AlgorithmVersion.objects.filter(parts__has_key=KEY)
    found: list[Change] = []
    read = 0
    while len(found) < count and read < MAX_READ:
        versions = newest_versions(carrying, count * BATCH, skip=read)
        if not versions:
            break
        read += len(versions)
        found += _changed(versions, language)
    return found[:count]


def _changed(versions: list[AlgorithmVersion], language: str) -> list[Change]:
    """Those of ``versions`` whose AI Act part differs from the version before (read in one query)."""
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
    return found
