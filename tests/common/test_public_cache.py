"""Anonymous public answers come from a cache until what the public sees changes (``common.public_cache``):
each kind of public change is seen at once, nobody's own or counted requests are ever served from it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.common.public_cache import generation, public_changed
from algoscope.register import services
from tests.conftest import content


def _get(client: Client, path: str, **headers: Any) -> Any:
    return client.get(path, **headers)


def test_a_second_anonymous_request_is_served_from_the_cache_with_validators(client: Client, make_record: Any) -> None:
    record = make_record("published")
    first = _get(client, f"/nl/algorithms/{record.public_id}/")
    second = _get(client, f"/nl/algorithms/{record.public_id}/")
    assert (first["X-Algoscope-Cache"], second["X-Algoscope-Cache"]) == ("miss", "hit")
    assert first.content == second.content and first["ETag"] == second["ETag"].strip()
    assert second["Content-Type"] == first["Content-Type"] and second["Content-Language"] == "nl"
    assert second["Cache-Control"] == "public, max-age=60" and "Content-Security-Policy" in second
    assert _get(client, f"/nl/algorithms/{record.public_id}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert _get(client, f"/nl/algorithms/{record.public_id}/", HTTP_IF_NONE_MATCH='W/"other"').status_code == 200
    # each language, each query, each API language is its own answer
    assert _get(client, f"/fr/algorithms/{record.public_id}/")["X-Algoscope-Cache"] == "miss"
    assert _get(client, "/api/v1/algorithms/?limit=1")["X-Algoscope-Cache"] == "miss"
    assert _get(client, "/api/v1/algorithms/?limit=2")["X-Algoscope-Cache"] == "miss"
    french = _get(client, "/feeds/publications.atom", HTTP_ACCEPT_LANGUAGE="fr")
    dutch = _get(client, "/feeds/publications.atom", HTTP_ACCEPT_LANGUAGE="nl")
    assert french["X-Algoscope-Cache"] == dutch["X-Algoscope-Cache"] == "miss"


def test_every_kind_of_public_change_is_seen_at_once(
    client: Client, make_record: Any, editor: Actor, reviewer: Actor, org: Any
) -> None:
    record = make_record("published", name={"nl": "Parkeerscan"})
    page, search = f"/nl/algorithms/{record.public_id}/", "/nl/?q=Parkeerscanauto"  # nothing found, then found
    _get(client, search)  # the first search of a process builds its facet index (a count may be cut short: not kept)
    for path in (page, search, "/api/v1/algorithms/", "/feeds/publications.atom"):
        _get(client, path)
        assert _get(client, path)["X-Algoscope-Cache"] == "hit", path
    # a new version is published
    services.algorithm_update(actor=editor, algorithm=record, content=content(name={"nl": "Parkeerscanauto"}))
    record.refresh_from_db()
    assert "Parkeerscanauto" not in _get(client, page).content.decode()  # a draft changes nothing public
    services.algorithm_submit(actor=editor, algorithm=record)
    services.algorithm_publish(actor=reviewer, algorithm=record, change_summary="New name")
    for path in (page, search, "/api/v1/algorithms/", "/feeds/publications.atom"):
        answer = _get(client, path)
        assert answer["X-Algoscope-Cache"] == "miss" and "Parkeerscanauto" in answer.content.decode(), path
    # retired
    record.refresh_from_db()
    services.algorithm_retire(actor=reviewer, algorithm=record, reason="Stopped")
    retired = _get(client, f"/api/v1/algorithms/{record.public_id}")
    assert retired["X-Algoscope-Cache"] == "miss" and '"retired"' in retired.content.decode()
    # the organisation's name (also when an operator changes it in the admin: a plain save)
    _get(client, page)
    org.name = {**org.name, "nl": "Stad Nieuwnaam"}
    org.save()
    assert "Stad Nieuwnaam" in _get(client, page).content.decode()


def test_a_person_s_or_a_token_s_request_never_touches_the_cache(
    client: Client, make_record: Any, make_user: Any, org: Any
) -> None:
    from tests.register.test_api import token_for

    record = make_record("published")
    path = f"/nl/algorithms/{record.public_id}/"
    _get(client, path)
    signed_in = Client()
    signed_in.force_login(make_user(org, "editor"))
    assert "X-Algoscope-Cache" not in signed_in.get(path)
    token = token_for(org, make_user)
    assert "X-Algoscope-Cache" not in client.get("/api/v1/algorithms/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert "X-Algoscope-Cache" not in _get(client, "/editor/")


def test_answers_that_set_a_cookie_or_are_counted_are_never_stored(client: Client, db: None, settings: Any) -> None:
    form = _get(client, "/nl/ai-act/")  # a form: its CSRF token is this visitor's
    assert form.cookies and "X-Algoscope-Cache" not in form
    assert "X-Algoscope-Cache" not in _get(client, "/nl/ai-act/")
    settings.ANONYMOUS_HEAVY_RATE = "3/m"
    answers = [_get(client, "/api/v1/interop/uk-atrs/export").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]  # every download is counted, none served around the limit


def test_nothing_is_cached_when_switched_off(client: Client, make_record: Any, settings: Any) -> None:
    settings.PUBLIC_CACHE_SECONDS = 0
    record = make_record("published")
    assert "X-Algoscope-Cache" not in _get(client, f"/nl/algorithms/{record.public_id}/")
    assert "X-Algoscope-Cache" not in _get(client, f"/nl/algorithms/{record.public_id}/")


@pytest.mark.django_db
def test_a_restored_older_database_never_meets_answers_cached_under_its_generation() -> None:
    """A backup restored brings an older count back; the moment it was raised keeps the generations apart."""
    from algoscope.common.models import PublicGeneration
    from algoscope.common.public_cache import public_changed

    public_changed()
    public_changed()
    later = generation()
    PublicGeneration.objects.update(generation=1)  # restored from a backup taken after the first change
    public_changed()  # the restore re-indexes: a change
    assert generation().split(".")[0] == later.split(".")[0] and generation() != later


def test_headers_choose_the_language_but_do_not_multiply_the_answers(client: Client, db: None) -> None:
    """The key is the language the answer is in, not the raw header: a thousand header variants are one answer."""
    first = _get(client, "/feeds/publications.atom", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    other = _get(client, "/feeds/publications.atom", HTTP_ACCEPT_LANGUAGE="fr;q=0.8, x-junk-1")
    assert (first["X-Algoscope-Cache"], other["X-Algoscope-Cache"]) == ("miss", "hit")
    assert "Cookie" in first["Vary"] and "Authorization" in first["Vary"]  # a proxy keeps visitors apart
    not_modified = _get(client, "/feeds/publications.atom", HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified["Vary"] == first["Vary"]


def test_a_search_whose_counts_ran_out_of_time_is_not_kept(
    client: Client, make_record: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from algoscope.register import views_public
    from algoscope.register.search import selector

    make_record("published")
    real = selector.algorithm_search

    def cut_short(**kwargs: Any) -> Any:
        result = real(**kwargs)
        result.facets[0].timed_out = True
        return result

    monkeypatch.setattr(views_public, "algorithm_search", cut_short)
    assert "X-Algoscope-Cache" not in _get(client, "/nl/?q=test")
    assert "X-Algoscope-Cache" not in _get(client, "/nl/?q=test")


def test_the_web_workers_of_a_machine_share_one_folder_of_answers(
    client: Client, make_record: Any, settings: Any, tmp_path: Any
) -> None:
    """What gunicorn chooses (``config/gunicorn.py``): an answer one worker computed is served by the others."""
    from django.core.cache import caches

    from algoscope.config.storage import page_cache

    assert page_cache({}, tmp_path)["BACKEND"].endswith("LocMemCache")
    with pytest.raises(Exception, match="ALGOSCOPE_PAGE_CACHE_LOCATION"):
        page_cache({"ALGOSCOPE_PAGE_CACHE": "django.core.cache.backends.redis.RedisCache"}, tmp_path)
    settings.CACHES = {**settings.CACHES, "pages": page_cache({"ALGOSCOPE_PAGE_CACHE": "folder"}, tmp_path)}
    record = make_record("published")
    assert _get(client, f"/nl/algorithms/{record.public_id}/")["X-Algoscope-Cache"] == "miss"
    assert list((tmp_path / "cache" / "pages").iterdir())
    caches.close_all()
    del caches["pages"]  # another process: a cache object of its own on the same folder
    assert _get(client, f"/nl/algorithms/{record.public_id}/")["X-Algoscope-Cache"] == "hit"


@pytest.mark.django_db
def test_the_generation_read_with_plain_sql_is_the_models_moment() -> None:
    """The generation is read with plain SQL on every public request: the same count and moment (in UTC) as the
    model holds, on SQLite (which stores the time as text without a zone) and PostgreSQL."""
    from algoscope.common.models import PublicGeneration
    from algoscope.common.public_cache import generation, public_changed

    assert generation() == "0"
    public_changed()
    public_changed()
    row = PublicGeneration.objects.get(pk=1)
    assert generation() == f"{row.generation}.{row.changed_at.timestamp():.6f}" and row.generation == 2


def test_another_process_s_change_is_seen_within_the_keep_time(client: Client, make_record: Any, settings: Any) -> None:
    """A process reads the generation at most once per ``PUBLIC_GENERATION_KEEP_S``; a change it makes itself is seen
    at once, one made elsewhere (here: the row raised with plain SQL, as another process's ``public_changed``) once
    that time has passed."""
    import time

    from django.db import connection

    settings.PUBLIC_GENERATION_KEEP_S = 0.3
    record = make_record("published")
    path = f"/nl/algorithms/{record.public_id}/"
    assert _get(client, path)["X-Algoscope-Cache"] == "miss"
    assert _get(client, path)["X-Algoscope-Cache"] == "hit"
    before = generation()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE common_publicgeneration SET generation = generation + 1 WHERE id = 1")
    assert generation() == before and _get(client, path)["X-Algoscope-Cache"] == "hit"  # kept for the moment
    time.sleep(0.35)
    assert generation() != before and _get(client, path)["X-Algoscope-Cache"] == "miss"
    # this process's own change: at once
    kept = generation()
    public_changed()
    assert generation() != kept
