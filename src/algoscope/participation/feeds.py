"""Atom feeds of public answers and proposals, for those who follow news without an account: the answers about a
record (``?record=``), an organisation (``?organisation=``) or the contact point (``?channel=contact``); the
proposals and answers of a consultation."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from algoscope.accounts.models import Organisation
from algoscope.common.multilingual import resolve_text
from algoscope.participation.models import Consultation, Proposal, Question

LIMIT = 50
PUBLIC_ID = re.compile(r"[A-Za-z0-9-]{1,20}")


def as_html(text: str) -> str:
    """An Atom summary is HTML (``type="html"``): the plain text, escaped, its lines kept. A feed reader then shows
    ``<img onerror=…>`` as the characters a resident typed, never as markup."""
    return str(linebreaksbr(escape(text)))


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
        """The page the feed follows (the feed's id is made from it: one per record, organisation or channel)."""
        if obj["by"] == "record":
            return reverse("public:algorithm", args=[obj["value"]]) if PUBLIC_ID.fullmatch(obj["value"]) else "/"
        if obj["by"] == "organisation":
            found = Organisation.objects.filter(slug=obj["value"]).first()
            return found.get_absolute_url() if found else reverse("public:questions")
        return reverse("public:questions") + ("?channel=contact" if obj["by"] == "channel" else "")

    def feed_url(self, obj: dict[str, str]) -> str:
        query = urlencode({obj["by"]: obj["value"]}) if obj["by"] else ""
        return reverse("public:answers_feed") + (f"?{query}" if query else "")

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
        return as_html(item.answer)

    def item_link(self, item: Question) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Question) -> str:
        return f"algoscope:question:{item.pk}:answer"

    def item_pubdate(self, item: Question) -> Any:
        return item.answered_at

    def item_updateddate(self, item: Question) -> Any:
        return item.answer_corrected_at or item.answered_at


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
        return as_html(item.body + (f"\n\n{item.reason}" if item.reason else ""))

    def item_link(self, item: Proposal) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Proposal) -> str:
        return f"algoscope:proposal:{item.consultation.key}:{item.number}:{item.state}"

    def item_pubdate(self, item: Proposal) -> Any:
        return item.created_at

    def item_updateddate(self, item: Proposal) -> Any:
        return item.answered_at or item.created_at
