"""Atom feeds of public answers and proposals, for those who follow news without an account: the answers about a
record (``?record=``), an organisation (``?organisation=``) or the contact point (``?channel=contact``); the
proposals and answers of a consultation."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from algoscope.common.multilingual import resolve_text
from algoscope.participation.models import Consultation, Proposal, Question

LIMIT = 50


class AnswersFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, str]:
        for name in ("record", "organisation", "channel"):
            value = request.GET.get(name, "")
            if value:
                if name == "channel" and value != "contact":
                    raise Http404("the only channel with a feed is the contact point (channel=contact)")
                return {"by": name, "value": value[:120]}
        return {"by": "", "value": ""}

    def title(self, obj: dict[str, str]) -> str:
        suffix = {
            "record": " about record {}",
            "organisation": " to organisation {}",
            "channel": " of the AI contact point",
        }
        return "Algoscope: public answers" + suffix.get(obj["by"], "").format(obj["value"])

    def link(self, obj: dict[str, str]) -> str:
        return reverse("public:questions")

    def items(self, obj: dict[str, str]) -> Any:
        rows = Question.objects.filter(state=Question.State.ANSWERED, hidden_at__isnull=True)
        if obj["by"] == "record":
            rows = rows.filter(algorithm__public_id=obj["value"])
        elif obj["by"] == "organisation":
            rows = rows.filter(organisation__slug=obj["value"])
        elif obj["by"] == "channel":
            rows = rows.filter(channel=Question.Channel.CONTACT)
        return rows.order_by("-answered_at")[:LIMIT]

    def item_title(self, item: Question) -> str:
        return item.title

    def item_description(self, item: Question) -> str:
        return item.answer

    def item_link(self, item: Question) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Question) -> str:
        return f"algoscope:question:{item.pk}:answer"

    def item_pubdate(self, item: Question) -> Any:
        return item.answered_at


class ConsultationFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, key: str) -> Consultation:
        return get_object_or_404(Consultation, key=key)

    def title(self, obj: Consultation) -> str:
        return "Algoscope: " + resolve_text(obj.title, "en", obj.original_language).text

    def link(self, obj: Consultation) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Consultation) -> Any:
        return obj.proposals.filter(hidden_at__isnull=True).order_by("-created_at")[:LIMIT]

    def item_title(self, item: Proposal) -> str:
        return f"#{item.number} {item.title} ({item.get_state_display()})"

    def item_description(self, item: Proposal) -> str:
        return item.body + (f"\n\n{item.reason}" if item.reason else "")

    def item_link(self, item: Proposal) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Proposal) -> str:
        return f"algoscope:proposal:{item.consultation.key}:{item.number}:{item.state}"

    def item_pubdate(self, item: Proposal) -> Any:
        return item.answered_at or item.created_at
