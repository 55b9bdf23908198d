from __future__ import annotations

import csv
import io

from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.register import services
from algoscope.register.models import Algorithm
from tests.conftest import content


def test_public_pages_render_published_records(client: Client, make_record) -> None:
    algorithm = make_record("published")
    for url in [
        "/en/",
        "/nl/",
        "/fr/about/",
        "/de/organisations/",
        algorithm.organisation.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(f"/fr/algorithms/{algorithm.public_id}/").content.decode()
    assert "Modèle de risque des allocations" in page
    # the languages the record is written in, named in the page's language (the header's language links, built
    # under another name, once took this list's place and showed their tuples)
    available = page.split("<dt>Disponible en</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert available == "néerlandais, français", available
    german = client.get(f"/de/algorithms/{algorithm.public_id}/").content.decode()
    assert "Risicomodel uitkeringen" in german and 'lang="nl"' in german  # fallback, marked


def test_unpublished_record_is_404_on_the_public_site(client: Client, make_record) -> None:
    draft = make_record("draft")
    assert client.get(f"/en/algorithms/{draft.public_id}/").status_code == 404


def test_script_in_text_is_escaped_and_markdown_is_sanitised(client: Client, make_record) -> None:
    algorithm = make_record(
        "published",
        name={"nl": "<script>alert('x')</script>Model"},
        purpose_and_impact={"nl": "**Doel** <img src=x onerror=alert(1)> [link](javascript:alert(1))"},
    )
    page = client.get(f"/nl/algorithms/{algorithm.public_id}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<strong>Doel</strong>" in page
    assert "onerror" not in page and "javascript:alert" not in page


def test_compare_versions_page(client: Client, make_record, editor: Actor, reviewer: Actor) -> None:
    algorithm = make_record("published")
    algorithm = services.algorithm_update(
        actor=editor,
        algorithm=algorithm,
        content=content(human_oversight={"nl": "Twee controleurs beoordelen elke markering."}),
    )
    services.algorithm_publish(actor=reviewer, algorithm=services.algorithm_submit(actor=editor, algorithm=algorithm))
    page = client.get(f"/en/algorithms/{algorithm.public_id}/compare/?from=1&to=2").content.decode()
    assert "<ins>Twee" in page and "controleurs" in page
    first = client.get(f"/en/algorithms/{algorithm.public_id}/versions/1/").content.decode()
    assert "Twee controleurs" not in first and "Een controleur beoordeelt elke markering." in first


def test_csv_export_has_stable_ids_and_neutralises_formulas(client: Client, make_record) -> None:
    algorithm = make_record("published", supplier='=HYPERLINK("http://evil")', keywords=["@risk", "fraude"])
    make_record("draft")
    body = b"".join(client.get("/exports/algorithms.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 1
    row = rows[0]
    assert row["algorithm_id"] == algorithm.public_id
    assert row["organisation_identifier"] == algorithm.organisation.identifier
    assert row["supplier"].startswith("'=") and row["keywords"].startswith("'@")
    assert row["name_fr"] == "Modèle de risque des allocations"


def test_csv_for_a_spreadsheet_in_a_benelux_locale_uses_semicolons(client: Client, make_record) -> None:
    """?separator=semicolon: what Excel set to Dutch, French or German for Belgium expects. Read back by pandas (an
    independent reader) the cells are those of the comma file, decimal commas and semicolons inside texts too."""
    import pandas as pd

    algorithm = make_record("published", supplier="Firma; 1,5 FTE", keywords=["fraude", "risico"])
    for url in (
        "/exports/algorithms.csv",
        "/exports/search.csv?q=risico",
        f"/exports/algorithms/{algorithm.public_id}-history.csv",
        "/exports/organisations.csv",
    ):
        comma = b"".join(client.get(url).streaming_content)
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}separator=semicolon")
        semicolon = b"".join(response.streaming_content)
        assert semicolon.startswith(b"\xef\xbb\xbf") and b"\r\n" in semicolon, url  # BOM, CRLF
        header = semicolon.decode("utf-8-sig").split("\r\n", 1)[0]
        assert header.count('";"') == len(header.split('";"')) - 1 > 3 and '","' not in header, url
        by_comma = pd.read_csv(io.BytesIO(comma), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        by_semicolon = pd.read_csv(
            io.BytesIO(semicolon), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False
        )
        assert by_semicolon.equals(by_comma) and len(by_comma) >= 1, url
    row = pd.read_csv(
        io.BytesIO(b"".join(client.get("/exports/algorithms.csv?separator=semicolon").streaming_content)),
        sep=";",
        encoding="utf-8-sig",
        dtype=str,
    ).iloc[0]
    assert row["supplier"] == "Firma; 1,5 FTE" and row["keywords"] == "fraude; risico"
    refused = client.get("/exports/algorithms.csv?separator=tab")
    assert refused.status_code == 400 and "separator must be one of comma, semicolon" in refused.content.decode()


def test_json_export_and_feed(client: Client, make_record) -> None:
    algorithm = make_record("published")
    data = b"".join(client.get("/exports/algorithms.json").streaming_content)
    assert algorithm.public_id.encode() in data
    feed = client.get("/feeds/publications.atom")
    assert feed.status_code == 200 and b"<feed" in feed.content and algorithm.public_id.encode() in feed.content


def login(client: Client, user) -> None:
    client.force_login(user)


def test_editor_journey_create_edit_submit(client: Client, org, make_user) -> None:
    editor = make_user(org, "editor")
    login(client, editor)
    assert org.resolved_name("en").text in client.get("/editor/").content.decode()  # the editor's organisation
    response = client.post(
        "/editor/algorithms/new/",
        {
            "organisation": org.slug,
            "f-original_language": "nl",
            "f-name": "Parkeerscan",
            "f-short_description": "Scanauto's lezen kentekens.",
            "f-lifecycle_status": "operational",
            "f-publication_category": "impactful",
        },
    )
    algorithm = Algorithm.objects.get()
    assert response.status_code == 302 and algorithm.content["name"] == {"nl": "Parkeerscan"}
    edit_url = f"/editor/algorithms/{algorithm.public_id}/edit/?lang=fr"
    response = client.post(
        edit_url,
        {
            "lock_version": algorithm.lock_version,
            "f-name": "Scan de stationnement",
            "f-short_description": "Des voitures lisent les plaques.",
            "f-lifecycle_status": "operational",
            "f-publication_category": "impactful",
            "f-original_language": "nl",
            "f-contact_email": "parkeren@example.be",
            "f-legal_bases-rows": "2",
            "f-legal_bases-0-title": "Wegverkeerswet",
            "f-legal_bases-0-link": "https://www.ejustice.just.fgov.be/",
            "f-policy_domains": ["traffic_transport"],
        },
    )
    assert response.status_code == 302
    algorithm.refresh_from_db()
    assert algorithm.content["name"] == {"nl": "Parkeerscan", "fr": "Scan de stationnement"}
    assert algorithm.content["legal_bases"] == [
        {"title": "Wegverkeerswet", "link": "https://www.ejustice.just.fgov.be/"}
    ]
    # submitting without purpose and oversight fails with a message, state unchanged
    client.post(f"/editor/algorithms/{algorithm.public_id}/submit/", {"lock_version": algorithm.lock_version})
    algorithm.refresh_from_db()
    assert algorithm.state == "draft"


def test_editor_form_shows_errors_and_saves_nothing(client: Client, make_record, org, make_user) -> None:
    algorithm = make_record("draft")
    login(client, make_user(org, "editor"))
    response = client.post(
        f"/editor/algorithms/{algorithm.public_id}/edit/?lang=nl",
        {
            "lock_version": algorithm.lock_version,
            "f-name": "x" * 300,
            "f-short_description": "ok",
            "f-lifecycle_status": "operational",
            "f-publication_category": "impactful",
            "f-original_language": "nl",
        },
    )
    assert response.status_code == 422 and "at most 150 characters" in response.content.decode()
    algorithm.refresh_from_db()
    assert algorithm.content["name"]["nl"] == "Risicomodel uitkeringen"


def test_stale_editor_form_is_a_conflict(client: Client, make_record, org, make_user) -> None:
    algorithm = make_record("draft")
    login(client, make_user(org, "editor"))
    form = {
        "lock_version": algorithm.lock_version - 1,
        "f-name": "Ander",
        "f-short_description": "ok",
        "f-lifecycle_status": "operational",
        "f-publication_category": "impactful",
        "f-original_language": "nl",
    }
    response = client.post(f"/editor/algorithms/{algorithm.public_id}/edit/?lang=nl", form)
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        'class="utrecht-alert utrecht-alert--error" role="alert"' in page and 'value="Ander"' in page
    )  # the edit is not lost
    algorithm.refresh_from_db()
    assert algorithm.content["name"]["nl"] != "Ander"


def test_reviewer_publishes_from_the_editor(client: Client, make_record, org, make_user) -> None:
    algorithm = make_record("in_review")
    login(client, make_user(org, "reviewer"))
    client.post(
        f"/editor/algorithms/{algorithm.public_id}/publish/",
        {"lock_version": algorithm.lock_version, "change_summary": "ok"},
    )
    algorithm.refresh_from_db()
    assert algorithm.state == "published" and algorithm.published_version.change_summary == "ok"


def test_other_organisation_cannot_open_drafts_in_the_editor(client: Client, make_record, other_org, make_user) -> None:
    algorithm = make_record("draft")
    login(client, make_user(other_org, "editor", "reviewer"))
    assert client.get(f"/editor/algorithms/{algorithm.public_id}/").status_code == 404
    assert client.post(f"/editor/algorithms/{algorithm.public_id}/submit/").status_code == 404


def test_fallback_note_names_the_language_actually_shown(client: Client, make_record) -> None:
    algorithm = make_record("published", short_description={"nl": "Alleen in het Nederlands.", "fr": None})
    page = client.get(f"/fr/algorithms/{algorithm.public_id}/").content.decode()
    assert "Modèle de risque des allocations" in page
    assert '<p class="lead" lang="nl">Alleen in het Nederlands.</p>' in page
    assert "(néerlandais)" in page and "(français)" not in page and "(nl)" not in page  # by its name
    home = client.get("/fr/").content.decode()
    assert "(néerlandais)" in home
    # a field shown in the original language says which by its name, in the page's language (marked as such)
    fallback = make_record("published", purpose_and_impact={"nl": "Alleen Nederlands doel."})
    page = client.get(f"/fr/algorithms/{fallback.public_id}/").content.decode()
    assert '<span class="fallback-note" lang="fr">(affiché dans la langue d\'origine : néerlandais)</span>' in page


def test_editor_preview_marks_every_empty_field(client: Client, make_record, org, make_user) -> None:
    algorithm = make_record("draft")
    login(client, make_user(org, "editor"))
    page = client.get(f"/editor/algorithms/{algorithm.public_id}/").content.decode()
    after_url_label = page.split("Public page with more information</dt>")[1][:120]
    assert "Not filled in" in after_url_label


def test_pages_link_their_other_languages(client: Client, make_record) -> None:
    algorithm = make_record("published")
    page = client.get(f"/fr/algorithms/{algorithm.public_id}/").content.decode()
    for code in ("nl", "fr", "de", "en"):
        assert f'hreflang="{code}" href="http://testserver/{code}/algorithms/{algorithm.public_id}/"' in page


def test_record_downloads_carry_every_version(client: Client, make_record, editor: Actor, reviewer: Actor) -> None:
    algorithm = make_record("published")
    algorithm = services.algorithm_update(actor=editor, algorithm=algorithm, content=content(supplier="Intern"))
    services.algorithm_publish(actor=reviewer, algorithm=services.algorithm_submit(actor=editor, algorithm=algorithm))
    page = client.get(f"/en/algorithms/{algorithm.public_id}/").content.decode()
    assert (
        f"/exports/algorithms/{algorithm.public_id}.json" in page
        and f"/api/v1/algorithms/{algorithm.public_id}" in page
    )
    data = client.get(f"/exports/algorithms/{algorithm.public_id}.json").json()
    assert [v["number"] for v in data["versions"]] == [1, 2] and data["version"] == 2
    body = b"".join(client.get(f"/exports/algorithms/{algorithm.public_id}-history.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(r["version"], r["supplier"]) for r in rows] == [("1", ""), ("2", "Intern")]
    assert client.get(f"/exports/algorithms/{make_record('draft').public_id}.json").status_code == 404


def test_a_refusal_is_told_in_the_page_s_language(client: Client, make_record, org, make_user) -> None:
    """An editor may not publish: the page says so in Dutch, with who and which action (it said it in English)."""
    algorithm = make_record("in_review")
    client.force_login(make_user(org, "editor"))
    page = client.post(
        f"/editor/algorithms/{algorithm.public_id}/publish/",
        {"lock_version": algorithm.lock_version, "change_summary": "x"},
        HTTP_ACCEPT_LANGUAGE="nl",
        follow=True,
    ).content.decode()
    assert "mag dit hier niet doen (algorithm.publish)" in page
    algorithm.refresh_from_db()
    assert algorithm.state == "in_review"


def test_a_new_record_only_in_the_editors_own_organisation(client: Client, org, other_org, make_user) -> None:
    login(client, make_user(org, "editor"))
    form = {
        "f-name": "Nieuw",
        "f-original_language": "nl",
        "f-short_description": "Kort.",
        "f-lifecycle_status": "operational",
        "f-publication_category": "impactful",
    }
    for slug in (other_org.slug, "", "no-such-org"):
        response = client.post("/editor/algorithms/new/", {**form, "organisation": slug})
        assert response.status_code == 422
        assert "Choose the organisation this algorithm belongs to." in response.content.decode()
    assert not Algorithm.objects.exists()
    created = client.post("/editor/algorithms/new/", {**form, "organisation": org.slug})
    assert created.status_code == 302 and Algorithm.objects.get().organisation == org


def test_dates_and_language_names_read_as_each_language_writes_them(client: Client, make_record) -> None:  # type: ignore[no-untyped-def]
    """French dates in words ("7 décembre 2026", not "7 Déc 2026"); every language named in its own words."""
    import re

    from django.utils import formats, timezone, translation

    make_record("published")
    with translation.override("fr"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    page = client.get("/fr/").content.decode()
    assert today in page and not re.search(r"\b\d{1,2} [A-Z][a-zé]{2}\.? \d{4}\b", page)
    assert all(f">{name}</a>" in page for name in ("Nederlands", "français", "Deutsch", "English"))
    editor_pages_form = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert ">English</option>" in editor_pages_form and "anglais" not in editor_pages_form


def test_signing_in_from_a_french_page_keeps_french(client: Client, make_user, org) -> None:  # type: ignore[no-untyped-def]
    """The sign-in and editor pages have no language in their address: the link from a French page carries it,
    and the choice is kept after signing in, whatever the browser's own language."""
    public = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/accounts/login/?language=fr"' in public
    login = client.get("/accounts/login/?language=fr", HTTP_ACCEPT_LANGUAGE="en")
    assert login["Content-Language"] == "fr" and login.cookies["django_language"].value == "fr"
    person = make_user(org, "editor")
    client.post("/accounts/login/", {"username": person.username, "password": "pw-for-tests-123"})
    editor = client.get("/editor/", HTTP_ACCEPT_LANGUAGE="en")
    assert editor["Content-Language"] == "fr"
    assert client.get("/editor/?language=xx", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "fr"  # unknown: kept


def test_an_empty_result_says_what_to_try(client: Client, make_record) -> None:  # type: ignore[no-untyped-def]
    assert "No algorithm has been published yet." in client.get("/en/").content.decode()
    make_record("published")
    page = client.get("/en/?q=zzzyxw&country=LU").content.decode()
    assert "No published algorithm matches." in page and "Try other or fewer words" in page
    assert "Remove the filter “Luxembourg”" in page
    assert "Show all 1 published algorithm" in page
    unfiltered = client.get("/en/?q=zzzyxw").content.decode()
    assert "Remove the filter" not in unfiltered and "Try other or fewer words" in unfiltered


def test_the_record_log_says_what_happened_in_the_reader_s_language(  # type: ignore[no-untyped-def]
    client: Client, make_record, editor, reviewer, make_user, org
) -> None:
    """Events by what happened, fields by their label, old → new; not ``register.algorithm.update`` and keys."""
    from algoscope.register import services
    from tests.conftest import content

    record = make_record("published", name={"nl": "Parkeerscan"})
    services.algorithm_update(actor=editor, algorithm=record, content=content(name={"nl": "Parkeerscanauto"}))
    record.refresh_from_db()
    services.algorithm_retire(actor=reviewer, algorithm=record, reason="Niet meer gebruikt")
    client.force_login(make_user(org, "editor"))
    page = client.get(f"/editor/algorithms/{record.public_id}/?language=nl").content.decode()
    log = page.split("<h2>Logboek</h2>")[1]
    assert "register.algorithm" not in log and "Versie 1 gepubliceerd" in log
    assert "Bewerkt" in log and "Parkeerscan" in log and "<ins>" in log
    assert "Buiten gebruik gesteld" in log and "Reden: Niet meer gebruikt" in log


def test_the_editor_reads_its_records_and_the_language_form_in_its_language(  # type: ignore[no-untyped-def]
    client: Client, make_record, make_user, org
) -> None:
    """Found by a resident's walk-through: the editor's list named Dutch records by their English titles, and the
    language form on a page opened with ?language= sent the reader back to that language."""
    make_record("draft", name={"nl": "Parkeerscan", "en": "Parking scan"})
    client.force_login(make_user(org, "editor"))
    dashboard = client.get("/editor/?language=nl").content.decode()
    assert ">Parkeerscan</a>" in dashboard and "Parking scan" not in dashboard
    login = Client().get("/accounts/login/?language=fr&next=/editor/").content.decode()
    assert 'name="next" type="hidden" value="/accounts/login/?next=%2Feditor%2F"' in login


def test_a_reviewer_s_queue_shows_what_waits_longest_first(  # type: ignore[no-untyped-def]
    client: Client, make_record, org, other_org, make_user, reviewer: Actor
) -> None:
    import re

    older = make_record("in_review", name={"nl": "Eerst ingediend", "fr": None})
    newer = make_record("in_review", name={"nl": "Later ingediend", "fr": None})
    make_record("draft", name={"nl": "Nog een concept", "fr": None})
    make_record("in_review", organisation=other_org, name={"nl": "Van een ander", "fr": None})
    # the reviewer changed the newer one: another reviewer must approve it (the four-eyes rule)
    services.algorithm_reject(actor=reviewer, algorithm=newer, reason="Vul het doel aan")
    newer.refresh_from_db()
    newer = services.algorithm_update(actor=reviewer, algorithm=newer, content=content(name={"nl": "Later ingediend"}))
    newer = services.algorithm_submit(actor=reviewer, algorithm=newer)
    login(client, reviewer.user)
    page = client.get("/editor/?language=en").content.decode()
    queue = page.split('id="queue-title"', 1)[1].split("</table>", 1)[0]
    assert "Waiting for review: 2 records" in queue
    rows = re.findall(r"<tr><td><a href=\"/editor/algorithms/([A-Z0-9-]+)/\">", queue)
    assert rows == [older.public_id, newer.public_id]  # the longest waiting first; other organisations' not at all
    assert f'href="/editor/algorithms/{older.public_id}/#review">Review it</a>' in queue
    assert "Another reviewer approves it" in queue.split(newer.public_id, 1)[1]
    editor_only = make_user(org, "editor")
    login(client, editor_only)
    assert 'id="queue-title"' not in client.get("/editor/").content.decode()  # an editor publishes nothing


def test_the_record_s_editor_page_names_one_next_step(  # type: ignore[no-untyped-def]
    client: Client, make_record, org, make_user, editor: Actor, reviewer: Actor
) -> None:
    def step(algorithm: Algorithm) -> tuple[str, str]:
        page = client.get(f"/editor/algorithms/{algorithm.public_id}/?language=en").content.decode()
        panel = page.split('<section class="next-step"', 1)[1].split("</section>", 1)[0]
        heading = panel.split('id="next-step-title">', 1)[1].split("<", 1)[0]
        return heading, panel

    draft = make_record("draft")
    login(client, editor.user)
    heading, panel = step(draft)
    assert heading == "Next step: submit it for review" and "Submit for review" in panel
    assert "utrecht-button-link--secondary-action" in panel.split(">Edit<", 1)[0].rsplit("<a ", 1)[1]
    in_review = make_record("in_review")
    login(client, make_user(org, "reviewer"))
    heading, panel = step(in_review)
    assert heading == "Next step: review this version" and "Approve and publish" in panel
    assert "<details" in panel and "Send it back instead" in panel  # the other way, not an equal button
    published = make_record("published")
    heading, panel = step(published)
    assert heading == "Next step: keep it up to date" and "Retire this record" in panel
    assert "utrecht-button-link--primary-action" in panel.split(">Edit<", 1)[0].rsplit("<a ", 1)[1]
    # the reviewer who changed a version in review is told that another reviewer approves it
    services.algorithm_reject(actor=reviewer, algorithm=in_review, reason="Doel ontbreekt")
    in_review.refresh_from_db()
    in_review = services.algorithm_update(actor=reviewer, algorithm=in_review, content=content())
    in_review = services.algorithm_submit(actor=reviewer, algorithm=in_review)
    login(client, reviewer.user)
    heading, panel = step(in_review)
    assert heading == "Next step: another reviewer approves it" and "Approve and publish" not in panel
    assert "lock version" not in client.get(f"/editor/algorithms/{draft.public_id}/?language=en").content.decode()


def test_the_edit_form_one_section_at_a_time(client: Client, make_record, editor: Actor) -> None:  # type: ignore[no-untyped-def]
    import re

    draft = make_record("draft", purpose_and_impact={"nl": "Oud doel."}, keywords=["parkeren"])
    login(client, editor.user)
    url = f"/editor/algorithms/{draft.public_id}/edit/"
    page = client.get(f"{url}?lang=nl&section=responsible_use").content.decode()
    assert re.findall(r'<section class="section" id="section-([a-z_]+)"', page) == ["responsible_use"]
    assert 'name="f-name"' not in page and 'name="f-purpose_and_impact"' in page
    assert "Save this section" in page and 'aria-current="page">' in page
    # only this section's fields are sent: the others (the name, the keywords) are kept, not emptied
    response = client.post(
        f"{url}?lang=nl&section=responsible_use",
        {"lock_version": draft.lock_version, "f-purpose_and_impact": "Nieuw doel."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?lang=nl&section=responsible_use#section-responsible_use"
    draft.refresh_from_db()
    assert draft.content["purpose_and_impact"]["nl"] == "Nieuw doel."
    assert draft.content["name"]["nl"] == "Risicomodel uitkeringen" and draft.content["keywords"] == ["parkeren"]
    # the whole form: each section has its own save, which comes back to that section
    page = client.get(f"{url}?lang=nl").content.decode()
    assert len(re.findall(r'name="saved_section" value="([a-z_]+)"', page)) == 4
    form = {"lock_version": draft.lock_version, "saved_section": "operation"}
    for name, value in re.findall(r'<input id="[^"]*" name="(f-[a-z_]+)" value="([^"]*)"', page):
        form[name] = value
    for name, value in re.findall(r'<textarea[^>]* name="(f-[a-z_]+)"[^>]*>([^<]*)</textarea>', page):
        form[name] = value
    response = client.post(f"{url}?lang=nl", form)
    assert response.status_code == 302 and response["Location"].endswith("#section-operation")
