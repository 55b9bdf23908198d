"""The sections of a report to Parliament, in their order (the research's recommended structure): each reads the
app that holds its data, as the period closed. A new source of figures adds a section here and its template."""

from __future__ import annotations

from typing import Final

from algoscope.reports.sections import participation, plans, transparency
from algoscope.reports.sections.base import Section

SECTIONS: Final = (
    Section("status", "reports/sections/status.html", plans.collect_status),
    Section("results", "reports/sections/results.html", plans.collect_results),
    Section("bottlenecks", "reports/sections/bottlenecks.html", plans.collect_bottlenecks),
    Section("commitments", "reports/sections/commitments.html", plans.collect_commitments),
    Section("harmonisation", "reports/sections/harmonisation.html", plans.collect_harmonisation),
    Section("testbed", "reports/sections/testbed.html", plans.collect_testbed),
    Section("records", "reports/sections/records.html", transparency.collect_records),
    Section("audits", "reports/sections/audits.html", transparency.collect_audits),
    Section("questions", "reports/sections/questions.html", transparency.collect_questions),
    Section("consultations", "reports/sections/consultations.html", participation.collect_consultations),
    Section("panels", "reports/sections/panels.html", participation.collect_panels),
    Section("training", "reports/sections/training.html", plans.collect_training),
    Section("annex", "reports/sections/annex.html", plans.collect_annex),
)
BY_KEY: Final = {section.key: section for section in SECTIONS}
