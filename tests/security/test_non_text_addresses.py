"""An address with a character that is not text in its path or query (a NUL, another control character, a
noncharacter) never reaches a view: PostgreSQL refuses a NUL in text, so each view that filtered by a raw parameter
was a 500 there (schemathesis found ``/api/v1/participation/questions?state=%00``). The API refuses it (422, the
parameter named); a page or feed is sent to the same address without those characters; a path with one is a 404;
a form sent to such an address is refused (400)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

API = [
    "/api/v1/participation/questions?limit=100&offset=16&state=/%C2%95%C2%AB%00",
    "/api/v1/participation/questions?record=%00",
    "/api/v1/participation/questions?organisation=a%00b",
    "/api/v1/algorithms/?country=%01",
    "/api/v1/algorithms/ALG-%00",
    "/api/v1/search/?q=%EF%BF%BE",  # U+FFFE, a noncharacter
]
PAGES = [
    ("/en/questions/?q=a%00", "/en/questions/?q=a"),
    ("/fr/?q=%00&country=BE", "/fr/?q=&country=BE"),
    ("/en/reports/compare/?from=1%00&to=2", "/en/reports/compare/?from=1&to=2"),
    ("/feeds/search.atom?q=%1Fmodel", "/feeds/search.atom?q=model"),
    ("/en/?%00=1", "/en/?=1"),
    ("/en/consultations/?state=%7F", "/en/consultations/?state="),
]


@pytest.mark.parametrize("address", API)
def test_the_api_refuses_it_and_names_where(client: Client, db: Any, address: str) -> None:
    answer = client.get(address)
    assert answer.status_code == 422 and answer["Content-Type"] == "application/problem+json"
    error = answer.json()["errors"][0]
    assert error["code"] == "control-character" and error["loc"][0] in ("path", "query")


def test_the_api_names_the_parameter(client: Client, db: Any) -> None:
    assert client.get("/api/v1/participation/questions?state=%00").json()["errors"][0]["loc"] == ["query", "state"]
    assert client.get("/api/v1/algorithms/ALG-%00").json()["errors"][0]["loc"] == ["path"]


@pytest.mark.parametrize(("address", "cleaned"), PAGES)
def test_a_page_is_asked_for_again_without_those_characters(
    client: Client, db: Any, address: str, cleaned: str
) -> None:
    answer = client.get(address)
    assert answer.status_code == 302 and answer.url == cleaned
    final = client.get(address, follow=True)
    assert final.status_code in (200, 404, 422) and final.redirect_chain == [(cleaned, 302)]


@pytest.mark.parametrize("address", ["/nl/algorithms/ALG-%00/", "/de/organisations/%00/", "/en/%01/"])
def test_a_path_with_one_is_a_page_that_does_not_exist(client: Client, db: Any, address: str) -> None:
    answer = client.get(address)
    assert answer.status_code == 404 and "\x00" not in answer.content.decode()


def test_a_form_sent_to_such_an_address_is_refused_in_the_readers_language(client: Client, db: Any) -> None:
    answer = client.post("/fr/questions/ask/?record=%00", {"title": "t"})
    assert answer.status_code == 400 and "« record »" in answer.content.decode()


def test_ordinary_text_and_tabs_pass(client: Client, db: Any) -> None:
    assert client.get("/en/?q=risico%09model").status_code == 200  # a tab is text
    assert client.get("/api/v1/participation/questions?state=answered").status_code == 200


def test_the_address_sent_back_never_leads_to_another_site(client: Client, db: Any) -> None:
    answer = client.get("/%2F%2Fevil.example/?q=%00")  # the path "///evil.example/" once decoded
    assert answer.status_code == 302 and answer["Location"] == "/%2F/evil.example/?q="  # not "//evil.example/"
    assert client.get("/%2Fevil.example/?q=%00")["Location"] == "/%2Fevil.example/?q="
    assert client.get("/en/%2500x/?q=%01").url == "/en/%2500x/?q="  # re-encoded: the same path, not "/en/%00x/"


def test_every_value_of_a_repeated_parameter_is_kept(client: Client, db: Any) -> None:
    assert client.get("/en/?a%00=1&a=2&a=3%01").url == "/en/?a=1&a=2&a=3"


def test_a_session_cookie_that_is_not_a_session_key_is_no_session(client: Client, db: Any) -> None:
    """A cookie can carry a NUL (an octal escape in it is decoded): PostgreSQL would refuse the lookup."""
    for key in ("\x00" * 8 + "x", "é" * 10, "ABCDEFGH" * 4, "x" * 7):
        client.cookies["sessionid"] = key
        assert client.get("/en/").status_code == 200
        assert client.get("/editor/").status_code == 302  # not signed in: to the sign-in page
