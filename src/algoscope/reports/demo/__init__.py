"""The demo's reports to Parliament: the Benelux report for 2026-Q3 (the plans' demo closes that reporting period),
in Dutch and French, built by ``coordinator``, its texts written, and published by ``coordinator2``; and a draft of
Belgium's 2026-Q3 report (nl, fr, de) whose texts are still to write. The texts are illustrative."""

from __future__ import annotations

from algoscope.accounts.permissions import Actor
from algoscope.reports import services

SUMMARY = {
    "nl": (
        "In het derde kwartaal van 2026 vorderde het federale AI-plan volgens schema op de meeste acties. "
        "Eén actie vraagt politieke aandacht: de wettelijke basis voor het hergebruik van gegevens (zie hoofdstuk 4). "
        "Het register, de vragen van burgers en het burgerpanel staan in hoofdstukken 8 en 9."
    ),
    "fr": (
        "Au troisième trimestre 2026, le plan fédéral IA a progressé comme prévu pour la plupart des actions. "
        "Une action demande l'attention politique : la base légale de la réutilisation des données (voir le "
        "chapitre 4). Le registre, les questions des citoyens et le panel citoyen figurent aux chapitres 8 et 9."
    ),
}
ASKS = {
    "nl": "Het Parlement wordt gevraagd de wettelijke basis voor het hergebruik van gegevens voor AI-toepassingen "
    "in de overheid te agenderen vóór eind 2026.",
    "fr": "Le Parlement est invité à inscrire à son ordre du jour, avant fin 2026, la base légale de la "
    "réutilisation des données pour les applications d'IA dans l'administration.",
}


def load_report_demo() -> str:
    from django.contrib.auth import get_user_model

    people = get_user_model().objects
    builder, publisher = people.get(username="coordinator"), people.get(username="coordinator2")
    report = services.report_build(Actor(user=builder), "2026-Q3", "benelux", ["nl", "fr"])
    texts = {"summary": SUMMARY}
    if report.snapshot["sections"]["bottlenecks"]["rows"]:
        texts["asks"] = ASKS
    services.report_write(Actor(user=builder), report, texts)
    published = services.report_publish(Actor(user=publisher), report)
    draft = services.report_build(Actor(user=builder), "2026-Q3", "BE", ["nl", "fr", "de"])  # its texts to write
    return (
        f"report to Parliament No. {published.number} (2026-Q3, Benelux, nl and fr) and a draft for Belgium "
        f"(id {draft.pk})"
    )
