"""What the installation says about itself: the footer, the phase banner, contact and the accessibility, privacy and
cookie statements, edited by an operator in the admin (logged, and shown on every page at once), and the branded
error pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation

from algoscope.common.models import AuditLogEntry
from algoscope.common.public_cache import public_changed
from algoscope.site.models import SiteProfile
from algoscope.site.views import server_error

pytestmark = pytest.mark.django_db

STATEMENTS = ("about", "contact", "accessibility", "privacy", "cookies")


@pytest.fixture
def operator_client(make_user: Any) -> Client:
    user = make_user(site="operator")
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def _admin_save(client: Client, **values: Any) -> Any:
    """The admin's form as an operator fills it: one box per language for each multilingual text."""
    form = {
        "phase": "beta",
        "operator_website": "",
        "contact_email": "",
        "accessibility_status": "partial",
        "accessibility_assessed_on": "",
        "accessibility_method": "self",
    }
    for name in ("operator", "contact", "accessibility_issues", "accessibility_enforcement", "privacy_controller"):
        texts = values.pop(name, {})
        for code in ("nl", "fr", "de", "en"):
            form[f"{name}_{code}"] = texts.get(code, "")
    form.update(values)
    url = "/admin/site/siteprofile/1/change/" if SiteProfile.objects.exists() else "/admin/site/siteprofile/add/"
    return client.post(url, form)


def test_a_fresh_installation_has_its_statements_and_says_what_is_missing(client: Client) -> None:
    page = client.get("/fr/").content.decode()
    for name in STATEMENTS:
        assert f'href="/fr/{name}/"' in page, name
    assert "Bêta" in page  # the phase banner, in the reader's language
    contact = client.get("/fr/contact/").content.decode()
    assert "L’organisation qui gère ce registre n’a pas encore saisi ses coordonnées." in contact
    for name in STATEMENTS:
        for language in ("nl", "fr", "de", "en"):
            assert client.get(f"/{language}/{name}/").status_code == 200, (language, name)


def test_an_operator_edits_the_profile_and_every_page_shows_it_at_once(client: Client, operator_client: Client) -> None:
    before = client.get("/fr/about/")
    assert before.status_code == 200 and "Gemeente Voorbeeld" not in before.content.decode()
    assert client.get("/fr/about/")["X-Algoscope-Cache"] == "hit"
    response = _admin_save(
        operator_client,
        operator={"nl": "Gemeente Voorbeeld", "fr": "Commune Exemple"},
        contact_email="info@voorbeeld.be",
        contact={"nl": "Markt 1, 9000 Gent. <script>alert(1)</script>"},
        phase="live",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = SiteProfile.objects.get()
    assert profile.operator == {"nl": "Gemeente Voorbeeld", "fr": "Commune Exemple"}
    entry = AuditLogEntry.objects.get(action="site.profile.update")
    assert entry.after["operator"]["fr"] == "Commune Exemple" and "contact_email" in entry.after
    page = client.get("/fr/about/").content.decode()  # no longer the cached page
    assert "Commune Exemple" in page and "info@voorbeeld.be" in page
    assert "phase-banner" not in page  # a live service shows no phase
    contact = client.get("/fr/contact/").content.decode()
    assert '<div class="prose" lang="nl">' in contact  # only in Dutch: shown so, and marked
    assert "<script>" not in contact and "Markt 1" in contact
    german = client.get("/de/").content.decode()  # only a Dutch name: marked as Dutch within the German sentence
    assert 'Betreiber: <span lang="nl">Gemeente Voorbeeld</span>' in german
    sign_in = Client().get("/accounts/login/?language=fr").content.decode()  # a view with its own "site"
    assert "phase-banner" not in sign_in and "Géré par Commune Exemple" in sign_in
    # a second save that changes nothing writes nothing
    _admin_save(
        operator_client,
        operator={"nl": "Gemeente Voorbeeld", "fr": "Commune Exemple"},
        contact_email="info@voorbeeld.be",
        contact={"nl": "Markt 1, 9000 Gent. <script>alert(1)</script>"},
        phase="live",
    )
    assert AuditLogEntry.objects.filter(action="site.profile.update").count() == 1


def test_the_admin_refuses_a_second_profile_and_deleting_it(operator_client: Client) -> None:
    _admin_save(operator_client, operator={"en": "Example City"})
    assert operator_client.get("/admin/site/siteprofile/add/").status_code == 403
    assert operator_client.post("/admin/site/siteprofile/1/delete/", {"post": "yes"}).status_code == 403
    assert SiteProfile.objects.count() == 1


def test_the_accessibility_statement_follows_the_eu_model(client: Client) -> None:
    SiteProfile.objects.create(
        pk=1,
        operator={"nl": "Stad Gent"},
        accessibility_status="partial",
        accessibility_method="third_party",
        accessibility_assessed_on="2026-11-30",
        accessibility_issues={"nl": "- De kaart op de startpagina heeft geen tekstalternatief."},
        accessibility_enforcement={"nl": "Wend u tot de **Vlaamse Ombudsdienst**."},
        contact_email="toegankelijkheid@gent.be",
    )
    page = client.get("/nl/accessibility/").content.decode()
    for heading in (
        "Nalevingsstatus",
        "Niet-toegankelijke inhoud",
        "Opstelling van deze verklaring",
        "Feedback en contactgegevens",
        "Handhavingsprocedure",
    ):
        assert heading in page, heading
    assert "gedeeltelijk conform" in page and "EN 301 549" in page and "WCAG" in page
    assert "30 november 2026" in page and "een beoordeling door een derde" in page
    assert "De kaart op de startpagina" in page and "<strong>Vlaamse Ombudsdienst</strong>" in page
    assert "toegankelijkheid@gent.be" in page
    SiteProfile.objects.filter(pk=1).update(accessibility_status="full")
    public_changed()  # as a save in the admin does
    assert "Niet-toegankelijke inhoud" not in client.get("/nl/accessibility/").content.decode()


def test_the_cookie_statement_names_the_cookies_the_site_sets_and_reading_sets_none(
    client: Client, make_record: Any
) -> None:
    record = make_record()
    page = client.get("/en/cookies/").content.decode()
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME):
        assert f"<code>{name}</code>" in page
    assert f"at most {settings.SESSION_COOKIE_AGE // 3600} hours" in page
    for url in ("/en/", "/fr/about/", f"/nl/algorithms/{record.public_id}/", "/de/cookies/", "/en/privacy/"):
        response = client.get(url)
        assert response.status_code == 200 and not response.cookies, (url, response.cookies)


def test_a_missing_page_is_the_sites_own_in_the_readers_language(client: Client, make_user: Any, org: Any) -> None:
    response = client.get("/fr/cette-page-nexiste-pas/")
    page = response.content.decode()
    assert response.status_code == 404 and "Page introuvable" in page
    assert 'href="/fr/contact/"' in page and "site-footer" in page
    editor = Client()
    editor.force_login(make_user(org, "editor"))
    missing = editor.get("/editor/no-such-page/?language=de")
    assert missing.status_code == 404 and "Seite nicht gefunden" in missing.content.decode()


def test_the_error_page_needs_no_database_and_speaks_the_requests_language(
    django_assert_num_queries: Any,
) -> None:
    request = RequestFactory().get("/de/")
    with translation.override("de"), django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500 and '<html lang="de">' in page and 'href="/de/"' in page
    assert "Etwas ist schiefgelaufen" in page
