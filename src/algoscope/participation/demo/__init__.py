"""The participation demo (``participation.yaml``): residents with confirmed (and one without a confirmed) address,
questions and answers on records, organisations and the contact point, an accepted error report that opened a
correction, a consultation on the Belgian plan with proposals, supports, comments and answers. Everything goes
through the services; only the dates are moved into the past afterwards, so that the figures have history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from algoscope.accounts.demo import demo_organisation
from algoscope.accounts.permissions import Actor
from algoscope.participation import services
from algoscope.participation.models import Proposal, Question
from algoscope.register.models import Algorithm

DEMO = Path(__file__).resolve().parent / "participation.yaml"


def _actor(username: str) -> Actor:
    return Actor(user=get_user_model().objects.get(username=username))


def _record(organisation_key: str) -> Algorithm | None:
    organisation = demo_organisation(organisation_key)
    return (
        Algorithm.objects.filter(organisation=organisation, published_version__isnull=False, retired_at__isnull=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def load_participation_demo(*, password: str) -> str:
    data: dict[str, Any] = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    hashed = make_password(password)
    for person in data["residents"]:
        user, _made = get_user_model().objects.get_or_create(
            username=person["username"], defaults={"email": person["email"], "password": hashed}
        )
        EmailAddress.objects.get_or_create(
            user=user, email=person["email"], defaults={"verified": person.get("confirmed", True), "primary": True}
        )
    now = timezone.now()
    asked = 0
    for entry in data["questions"]:
        algorithm = _record(entry["organisation"]) if entry["channel"] == "record" else None
        if entry["channel"] == "record" and algorithm is None:
            continue
        question = services.question_ask(
            actor=_actor(entry["by"]),
            channel=entry["channel"],
            kind=entry.get("kind", "question"),
            category=entry.get("category", ""),
            title=entry["title"],
            body=entry["body"],
            language=entry["language"],
            public_name=entry.get("name", ""),
            algorithm=algorithm,
            organisation=demo_organisation(entry["organisation"]) if entry["channel"] == "organisation" else None,
        )
        asked += 1
        Question.objects.filter(pk=question.pk).update(created_at=now - dt.timedelta(days=entry["days_ago"]))
        answer = entry.get("answer")
        if answer:
            question.refresh_from_db()
            if "accepted" in answer:
                services.error_report_decide(
                    actor=_actor(answer["by"]),
                    question=question,
                    accepted=answer["accepted"],
                    reason=answer["text"],
                    language=answer["language"],
                    open_correction=answer.get("correction", False),
                )
            else:
                services.question_answer(
                    actor=_actor(answer["by"]), question=question, answer=answer["text"], language=answer["language"]
                )
            Question.objects.filter(pk=question.pk).update(answered_at=now - dt.timedelta(days=answer["days_ago"]))
    spec = data["consultation"]
    coordinator = _actor("coordinator")
    today = timezone.localdate()
    consultation = services.consultation_save(
        actor=coordinator,
        key=spec["key"],
        title=spec["title"],
        description=spec["description"],
        original_language=spec["original_language"],
        languages=spec["languages"],
        opens_on=today - dt.timedelta(days=spec["opens_days_ago"]),
        closes_on=today + dt.timedelta(days=spec["closes_in_days"]),
        links=spec["links"],
    )
    made: list[Proposal] = []
    for entry in spec["proposals"]:
        proposal = services.proposal_post(
            actor=_actor(entry["by"]),
            consultation=consultation,
            title=entry["title"],
            body=entry["body"],
            language=entry["language"],
            public_name=entry.get("name", ""),
        )
        made.append(proposal)
        for supporter in entry.get("supporters", []):
            services.proposal_support(actor=_actor(supporter), proposal=proposal)
        for comment in entry.get("comments", []):
            services.comment_post(
                actor=_actor(comment["by"]), proposal=proposal, body=comment["body"], language=comment["language"]
            )
    for proposal, entry in zip(made, spec["proposals"], strict=True):
        answer = entry.get("answer")
        if answer:
            merged = made[answer["merged_into"] - 1] if answer.get("merged_into") else None
            services.proposal_answer(
                actor=coordinator,
                proposal=proposal,
                state=answer["state"],
                reason=answer["reason"],
                language=answer["language"],
                result=answer.get("result", ""),
                merged_into=merged,
            )
    return f"{asked} questions and a consultation with {len(made)} proposals"
