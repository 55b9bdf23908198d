"""The demo's reports to Parliament: the Benelux report for 2026-Q3 (the plans' demo closes that reporting period),
in Dutch and French, built by ``coordinator``, its texts written, and published by ``coordinator2``; and a draft of
Belgium's 2026-Q3 report (nl, fr, de) whose texts are still to write. The texts are illustrative."""

from __future__ import annotations

from algoscope.accounts.permissions import Actor
from algoscope.reports import jobs, services

SUMMARY = {
    "nl": (
        "Voor het derde kwartaal van 2026 rapporteerden de administraties over een eerste reeks acties van het "
        "federale AI-plan: één ligt op schema, twee vragen aandacht (hoofdstuk 4), maar geen enkele vraagt om "
        "escalatie. Over de meeste acties werd nog niet gerapporteerd; dat is het eerste aandachtspunt voor de "
        "volgende periode. Het register, de audits en de panels staan in de hoofdstukken 8 en 9 zoals ze waren op "
        "30 september 2026."
    ),
    "fr": (
        "Pour le troisième trimestre 2026, les administrations ont fait rapport sur une première série d'actions du "
        "plan fédéral IA : une est dans les temps, deux demandent de l'attention (chapitre 4), mais aucune ne "
        "demande de remontée. La plupart des actions n'ont pas encore fait l'objet d'un rapport ; c'est le premier "
        "point d'attention pour la période suivante. Le registre, les audits et les panels figurent aux chapitres 8 "
        "et 9 tels qu'ils étaient au 30 septembre 2026."
    ),
}
ASKS = {
    "nl": "Het Parlement wordt gevraagd de deling van de gegevens die audits nodig hebben (BE-O1-A05) te volgen; "
    "de administraties vragen dit kwartaal geen politieke beslissing.",
    "fr": "Le Parlement est invité à suivre le partage des données dont les audits ont besoin (BE-O1-A05) ; les "
    "administrations ne demandent pas de décision politique ce trimestre.",
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
    published = jobs.lay_out_now(services.report_publish(Actor(user=publisher), report))
    draft = services.report_build(Actor(user=builder), "2026-Q3", "BE", ["nl", "fr", "de"])  # its texts to write
    return (
        f"report to Parliament No. {published.number} (2026-Q3, Benelux, nl and fr) and a draft for Belgium "
        f"(id {draft.pk})"
    )
