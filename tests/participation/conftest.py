"""Residents with and without a confirmed address, a published record, and the coordinators and moderators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from algoscope.accounts.permissions import Actor
from algoscope.participation import services
from algoscope.participation.models import Consultation
from algoscope.register.models import Algorithm


@pytest.fixture
def make_resident(make_user: Callable[..., Any]) -> Callable[..., Any]:
    def make(confirmed: bool = True) -> Any:
        user = make_user()
        user.email = f"{user.username}@example.org"
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=confirmed, primary=True)
        return user

    return make


@pytest.fixture
def resident(make_resident: Callable[..., Any]) -> Actor:
    return Actor(user=make_resident())


@pytest.fixture
def record(make_record: Callable[..., Algorithm]) -> Algorithm:
    return make_record("published")


@pytest.fixture
def coordinator(make_user: Callable[..., Any]) -> Actor:
    user = make_user(site="coordinator")
    user.email = f"{user.username}@example.org"
    user.save()
    return Actor(user=user)


@pytest.fixture
def moderator(make_user: Callable[..., Any]) -> Actor:
    return Actor(user=make_user(site="moderator"))


@pytest.fixture
def consultation(coordinator: Actor) -> Consultation:
    today = timezone.localdate()
    return services.consultation_save(
        actor=coordinator,
        key="ai-plan-2027",
        title={"en": "The AI plan after 2026", "fr": "Le plan IA après 2026"},
        description={"en": "Propose actions."},
        original_language="en",
        languages=["nl", "fr", "en"],
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        links=[],
    )
