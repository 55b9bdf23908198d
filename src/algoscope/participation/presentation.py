"""How participation's rows are shown: texts with their language, states with their tone, overdue flags."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from algoscope.accounts.models import Organisation
from algoscope.common import references
from algoscope.common.multilingual import resolve_text
from algoscope.participation import selectors
from algoscope.participation.models import Consultation, Post, Proposal, Question, Subscription
from algoscope.register.models import Algorithm

PROPOSAL_TONES = {
    "submitted": "neutral",
    "evaluating": "warning",
    "accepted": "success",
    "rejected": "danger",
    "merged": "neutral",
}


def deadline_days() -> int:
    return int(settings.ANSWER_DEADLINE_DAYS)


def record_name(algorithm: Algorithm | None, language: str) -> Any:
    """The record's name in the page's language (a ``Resolved``: its ``text`` and ``language``)."""
    if algorithm is None or algorithm.published_version is None:
        return None
    return algorithm.published_version.text("name", language)


def post_row(post: Post) -> dict[str, Any]:
    return {"post": post, "hidden": post.is_hidden, "name": post.public_name}


def question_row(question: Question) -> dict[str, Any]:
    lateness = selectors.lateness(question)
    return {**post_row(question), "q": question, "overdue": lateness == "overdue", "late": lateness == "late"}


def consultation_row(consultation: Consultation, language: str) -> dict[str, Any]:
    links = [target for reference in consultation.links if (target := references.resolve(reference, language))]
    return {
        "c": consultation,
        "title": resolve_text(consultation.title, language, consultation.original_language),
        "description": resolve_text(consultation.description, language, consultation.original_language),
        "phase": consultation.phase(),
        "links": links,
        "count": getattr(consultation, "proposal_count", None),
    }


def proposal_row(proposal: Proposal, language: str) -> dict[str, Any]:
    return {
        **post_row(proposal),
        "p": proposal,
        "tone": PROPOSAL_TONES.get(proposal.state, "neutral"),
        "result": references.resolve(proposal.result, language) if proposal.result else None,
    }


def post_url(kind: str, post: Any) -> str:
    if kind == "comment":
        return str(post.proposal.get_absolute_url()) + f"#comment-{post.pk}"
    return str(post.get_absolute_url())


def subscription_row(subscription: Subscription, language: str) -> dict[str, Any]:
    kind, _sep, key = subscription.target.partition(":")
    routes = {
        "record": "public:algorithm",
        "organisation": "public:organisation",
        "consultation": "public:consultation",
    }
    try:
        url = reverse(routes[kind], args=[key]) if kind in routes else reverse("public:questions")
    except NoReverseMatch:  # a row written before the targets were checked: listed, to be stopped
        url = ""
    return {
        "target": subscription.target,
        "kind": kind,
        "key": key,
        "url": url,
        "title": _target_title(kind, key, language),
    }


def _target_title(kind: str, key: str, language: str) -> str:
    """What a person follows, by its name in the page's language."""
    if kind == "record":
        resolved = record_name(
            Algorithm.objects.filter(public_id=key).select_related("published_version").first(), language
        )
        return str(resolved.text) if resolved else key
    if kind == "organisation":
        organisation = Organisation.objects.filter(slug=key).first()
        return organisation.display_name(language) if organisation else key
    if kind == "consultation":
        consultation = Consultation.objects.filter(key=key).first()
        return resolve_text(consultation.title, language, consultation.original_language).text if consultation else key
    return str(gettext("The AI contact point"))
