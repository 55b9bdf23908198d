"""A demo citizens' panel: 60 people drawn from 640 synthetic volunteers (who, like real ones, are older and more
highly educated than the population), with quotas from the population, published and drawn."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import numpy as np
from django.contrib.auth import get_user_model

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.sortition import jobs, services
from algoscope.sortition.models import Panel

FIRST = ("Amira", "Bram", "Chloé", "Dirk", "Elif", "Femke", "Gilles", "Hanne", "Ines", "Jonas", "Karim", "Lotte")
LAST = ("Peeters", "Janssens", "Maes", "Dubois", "Lambert", "Claes", "Martin", "Willems", "Mertens", "Leroy")
FEATURES = {  # value: (share among volunteers, quota min, quota max) for a panel of 60
    "gender": {"woman": (0.47, 28, 32), "man": (0.51, 28, 32), "other": (0.02, 0, 2)},
    "age": {"16-29": (0.10, 10, 13), "30-44": (0.20, 13, 16), "45-64": (0.40, 17, 20), "65+": (0.30, 12, 15)},
    "region": {"Flanders": (0.55, 31, 35), "Wallonia": (0.30, 17, 20), "Brussels": (0.15, 6, 9)},
    "education": {"primary or secondary": (0.30, 30, 36), "bachelor": (0.35, 12, 17), "master or more": (0.35, 10, 14)},
}
# How each feature and value is named in the four languages (the categories file's feature_<lang>/label_<lang>).
NAMES = {
    "gender": ("geslacht", "genre", "Geschlecht", "gender"),
    "woman": ("vrouw", "femme", "Frau", "woman"),
    "man": ("man", "homme", "Mann", "man"),
    "other": ("anders", "autre", "divers", "other"),
    "age": ("leeftijd", "âge", "Alter", "age"),
    "16-29": ("16-29", "16-29", "16-29", "16-29"),
    "30-44": ("30-44", "30-44", "30-44", "30-44"),
    "45-64": ("45-64", "45-64", "45-64", "45-64"),
    "65+": ("65+", "65+", "65+", "65+"),
    "region": ("gewest", "région", "Region", "region"),
    "Flanders": ("Vlaanderen", "Flandre", "Flandern", "Flanders"),
    "Wallonia": ("Wallonië", "Wallonie", "Wallonien", "Wallonia"),
    "Brussels": ("Brussel", "Bruxelles", "Brüssel", "Brussels"),
    "education": ("opleiding", "formation", "Bildung", "education"),
    "primary or secondary": (
        "lager of secundair",
        "primaire ou secondaire",
        "Primar- oder Sekundarstufe",
        "primary or secondary",
    ),
    "bachelor": ("bachelor", "bachelier", "Bachelor", "bachelor"),
    "master or more": ("master of hoger", "master ou plus", "Master oder höher", "master or more"),
}
LANGUAGES = ("nl", "fr", "de", "en")
BOSA = "kbo-0671516647"
# The demo keeps to the rule it shows: published on Wednesday, the seed known on Saturday evening, drawn after.
BRUSSELS = ZoneInfo("Europe/Brussels")
PUBLISHED_AT = dt.datetime(2026, 12, 2, 12, 0, tzinfo=BRUSSELS)
SEED_KNOWN_AT = dt.datetime(2026, 12, 5, 20, 30, tzinfo=BRUSSELS)
DRAWN_AT = dt.datetime(2026, 12, 5, 21, 0, tzinfo=BRUSSELS)
SEED_SOURCE = (
    "The six numbers and the bonus number of the Belgian Lotto draw of Saturday 5 December 2026 (about 20:15), "
    "in the order drawn. (Demo: the numbers below are made up.)"
)
SEED = "7 19 23 31 38 44 (12)"


def demo_files(n: int = 640, seed: int = 2024) -> tuple[bytes, bytes]:
    """The quotas and the respondents (synthetic people with names and e-mail addresses, as an organiser has)."""
    rng = np.random.default_rng(seed)
    quotas = io.StringIO()
    writer = csv.writer(quotas, lineterminator="\n")
    writer.writerow(
        [
            "feature",
            "value",
            "min",
            "max",
            *(f"feature_{lang}" for lang in LANGUAGES),
            *(f"label_{lang}" for lang in LANGUAGES),
        ]
    )
    for feature, values in FEATURES.items():
        for value, (_, low, high) in values.items():
            writer.writerow([feature, value, low, high, *NAMES[feature], *NAMES[value]])
    people = io.StringIO()
    writer = csv.writer(people, lineterminator="\n")
    writer.writerow(["id", "first_name", "last_name", "email", *FEATURES])
    for i in range(1, n + 1):
        first, last = FIRST[rng.integers(len(FIRST))], LAST[rng.integers(len(LAST))]
        profile = [rng.choice(list(shares), p=[s for s, _, _ in shares.values()]) for shares in FEATURES.values()]
        writer.writerow([f"V{i:04d}", first, last, f"{first}.{last}{i}@example.org".lower(), *profile])
    return quotas.getvalue().encode(), people.getvalue().encode()


def load_panel_demo() -> int:
    organisation = Organisation.objects.filter(slug=BOSA).first()  # FPS Policy and Support
    if organisation is None:
        return 0
    organiser = Actor(user=get_user_model().objects.get(username="organiser"))
    panel = services.panel_create(
        actor=organiser,
        organisation=organisation,
        title="Citizens' panel on artificial intelligence",
        texts_language="en",
        purpose=(
            "Sixty residents advise the federal steering committee on the national AI convergence plan: which "
            "uses of AI in public services they accept, under which conditions, and how citizens should be involved."
        ),
        size=60,
    )
    quotas, people = demo_files()
    services.panel_upload(
        actor=organiser, panel=panel, categories=("quotas.csv", quotas), respondents=("volunteers.csv", people)
    )
    panel.status = panel.Status.QUEUED
    panel.save(update_fields=["status"])
    jobs.run_job(panel.pk)
    panel.refresh_from_db()
    services.panel_publish(
        actor=organiser, panel=panel, seed_source=SEED_SOURCE, seed_known_at=SEED_KNOWN_AT, now=PUBLISHED_AT
    )
    services.panel_draw(actor=organiser, panel=panel, seed=SEED, now=DRAWN_AT)
    _work(organiser, panel)
    return 1


def _work(organiser: Actor, panel: Panel) -> None:
    """The drawn panel's sessions, documents and recommendations, one answered by BOSA in two steps, one to the
    government; and the first published record of BOSA it oversees."""
    from algoscope.register.models import Algorithm
    from algoscope.sortition import work

    for day, title, summary in (
        (
            dt.date(2026, 3, 7),
            "Hearing: how public services use AI",
            "Experts and two administrations explained their systems.",
        ),
        (dt.date(2026, 4, 18), "Deliberation and recommendations", "The panel wrote and voted its recommendations."),
    ):
        work.session_add(actor=organiser, panel=panel, held_on=day, title=title, summary=summary, language="en")
    work.document_add(
        actor=organiser, panel=panel, kind="report", title="The panel's report to the steering committee",
        url="https://bosa.belgium.be/en/themes/digital-administration/artificial-intelligence", language="en",
    )  # fmt: skip
    bosa = panel.organisation
    first = work.recommendation_add(
        actor=organiser, panel=panel, responsible=bosa, language="en",
        title="Publish every AI system of the federal administration in the register",
        text="Each federal service publishes each AI system it uses in the register, with a contact for questions.",
    )  # fmt: skip
    work.recommendation_add(
        actor=organiser, panel=panel, responsible=None, language="en",
        title="A citizens' panel reviews the AI plan every two years",
        text="The steering committee asks a new panel, drawn by lot, to review the plan's progress every two years.",
    )  # fmt: skip
    answerer = Actor(user=get_user_model().objects.get(username="reviewer.bosa"))
    work.recommendation_respond(
        actor=answerer, recommendation=first, status="accepted", language="en",
        text="Accepted: every federal service will describe its AI systems in the register by the end of 2026.",
    )  # fmt: skip
    work.recommendation_respond(
        actor=answerer, recommendation=first, status="in_progress", language="en",
        text="Twelve services have published their systems; the others follow in the second half of the year.",
    )  # fmt: skip
    record = Algorithm.objects.filter(organisation=bosa, published_version__isnull=False).order_by("pk").first()
    if record is not None:
        work.panel_link(actor=organiser, panel=panel, target=f"record:{record.public_id}", role="oversight")
