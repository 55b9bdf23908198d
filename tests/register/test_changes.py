"""The recent-changes page and its feeds: publications, retirements, AI Act assessments and audits, newest first,
each kind on its own as well; counted here from the records themselves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.register import services
from tests.conftest import content

pytestmark = pytest.mark.django_db


def _guids(feed: str) -> list[str]:
    return re.findall(r"<id>(urn:algoscope:[^<]+)</id>", feed)


def test_publications_and_retirements_newest_first(
    client: Client, make_record: Any, editor: Actor, reviewer: Actor
) -> None:
    first = make_record(name={"nl": "Parkeerbeleid", "fr": "Politique de stationnement"})
    second = make_record(name={"nl": "Subsidiecheck", "fr": None})
    revised = services.algorithm_update(actor=editor, algorithm=first, content=content(keywords=["parkeren"]))
    services.algorithm_submit(actor=editor, algorithm=revised)
    services.algorithm_publish(actor=reviewer, algorithm=revised, change_summary="Trefwoorden toegevoegd")
    second.refresh_from_db()
    services.algorithm_retire(actor=reviewer, algorithm=second, reason="Vervangen door een nieuw systeem")

    feed = client.get("/feeds/changes.atom").content.decode()
    assert _guids(feed) == [
        f"urn:algoscope:{second.public_id}:retired",
        f"urn:algoscope:{first.public_id}:v2",
        f"urn:algoscope:{second.public_id}:v1",
        f"urn:algoscope:{first.public_id}:v1",
    ]
    page = client.get("/fr/changes/").content.decode()
    assert page.index("Mis hors service : Vervangen door een nieuw systeem") < page.index("Version 2 publiée.")
    assert '<q lang="nl">Trefwoorden toegevoegd</q>' in page  # the reviewer's note, in the record's language
    assert ">Politique de stationnement</a>" in page and '<a href="/fr/algorithms/' in page
    assert 'lang="nl">Subsidiecheck</a>' in page  # no French name: the Dutch one, marked

    only = client.get("/feeds/changes.atom?kind=retirements").content.decode()
    assert _guids(only) == [f"urn:algoscope:{second.public_id}:retired"]
    assert client.get("/feeds/changes.atom?kind=nonsense").status_code == 404
    page = client.get("/en/changes/?kind=nonsense").content.decode()
    assert "That kind of change does not exist" in page and page.count('class="change"') == 4
    page = client.get("/en/changes/?kind=publications").content.decode()
    assert page.count('class="change"') == 3 and 'href="/feeds/changes.atom?kind=publications"' in page


def test_nothing_public_yet(client: Client, make_record: Any) -> None:
    make_record("draft")
    assert "Nothing has been made public yet." in client.get("/en/changes/").content.decode()
    assert _guids(client.get("/feeds/changes.atom").content.decode()) == []


@pytest.mark.slow
def test_assessments_and_audits_of_the_demo(client: Client, settings: Any, monkeypatch: Any) -> None:
    from algoscope.aiact.publication import KEY
    from algoscope.audits.models import Audit
    from algoscope.register.models import AlgorithmVersion

    settings.DEBUG = True  # the demo loads only in development
    call_command("load_demo", verbosity=0)
    # each version whose AI Act part differs from the version before it, counted here without the page's code
    parts = {(v.algorithm_id, v.number): v.parts.get(KEY) for v in AlgorithmVersion.objects.all()}
    expected = {
        f"urn:algoscope:{v.algorithm.public_id}:v{v.number}:assessments"
        for v in AlgorithmVersion.objects.select_related("algorithm")
        if v.parts.get(KEY) is not None and v.parts.get(KEY) != parts.get((v.algorithm_id, v.number - 1))
    }
    assert expected
    feed = client.get("/feeds/changes.atom?kind=assessments").content.decode()
    assert set(_guids(feed)) == expected
    # read a version at a time: the changes further back are still found, batch after batch
    from algoscope.aiact import changes as assessment_changes

    monkeypatch.setattr(assessment_changes, "BATCH", 1)
    found = assessment_changes.recent_assessments(len(expected), "en")
    assert {change.guid for change in found} == expected
    audits = {
        f"urn:algoscope:{a.algorithm.public_id}:audit-{a.pk}"
        for a in Audit.objects.filter(status="published").select_related("algorithm")
    }
    assert audits and set(_guids(client.get("/feeds/changes.atom?kind=audits").content.decode())) == audits
    page = client.get("/nl/changes/?kind=audits").content.decode()
    assert page.count('class="change"') == len(audits) and "Onafhankelijke audit gepubliceerd" in page
