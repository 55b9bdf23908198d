"""Numbers on pages as the reader's language writes them, and numbers a form or a machine reads back as digits."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from algoscope.accounts.models import Organisation, SiteRole


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "14.379"), ("de", "14.379"), ("fr", "14\xa0379"), ("en", "14,379")],
)
def test_a_count_is_grouped_in_the_readers_language(language: str, expected: str) -> None:
    template = engines["django"].from_string(
        "{% load i18n %}{{ n }}|{% blocktranslate count n=n %}{{ n }} x{% plural %}{{ n }} x{% endblocktranslate %}"
        "|{{ n|unlocalize }}"
    )
    with translation.override(language):
        assert template.render({"n": 14379}) == f"{expected}|{expected} x|14379"


@pytest.mark.django_db
def test_numbers_in_a_form_stay_digits_a_server_can_read_back(
    client: Client, make_user: Any, org: Organisation
) -> None:
    from algoscope.accounts.permissions import Actor
    from algoscope.sortition import services

    user = make_user(site=SiteRole.Role.ORGANISER)
    actor = Actor(user=user)
    panel = services.panel_create(actor=actor, organisation=org, title="T", purpose="P", size=1500, lottery_size=25000)
    client.force_login(user)
    page = client.get(f"/editor/panels/{panel.pk}/?language=nl").content.decode()
    assert 'value="1500"' in page and 'value="25000"' in page  # the settings form: digits it reads back
    listed = client.get("/editor/panels/?language=nl").content.decode()  # the list shows the size to people
    assert "<td>1.500</td>" in listed and "<td>1500</td>" not in listed
    settings_form = {"title": "T", "purpose": "P", "size": "1500", "lottery_size": "25000"}
    assert client.post(f"/editor/panels/{panel.pk}/settings/", settings_form).status_code == 302
    panel.refresh_from_db()
    assert (panel.size, panel.lottery_size) == (1500, 25000)
