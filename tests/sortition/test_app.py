"""Panels in the app: organisers upload, check, compute (background job), publish, draw; the public page shows
aggregates only; personal data stays with the organisers and is deleted on schedule."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from algoscope.accounts.models import Organisation, SiteRole
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import Conflict, InvalidInput, PermissionDenied
from algoscope.common.messages import stored_text
from algoscope.common.models import AuditLogEntry
from algoscope.sortition import jobs, selectors, services
from algoscope.sortition.engine.verifier import draw_ticket
from algoscope.sortition.models import Panel

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[3] / "shared/data/sortition"
OPENDLP = DATA / "opendlp_monitor_30"


@pytest.fixture(autouse=True)
def _sync_jobs(settings: Any) -> None:
    settings.JOBS = "sync"


@pytest.fixture
def organiser(make_user: Any) -> Actor:
    return Actor(user=make_user(site=SiteRole.Role.ORGANISER))


@pytest.fixture
def panel(organiser: Actor, org: Organisation) -> Panel:
    return services.panel_create(
        actor=organiser, organisation=org, title="Burgerpanel AI", purpose="Advice on the AI plan.", size=30
    )


def files(folder: Path = OPENDLP) -> dict[str, tuple[str, bytes]]:
    return {
        "categories": ("categories.csv", (folder / "categories.csv").read_bytes()),
        "respondents": ("respondents.csv", (folder / "respondents.csv").read_bytes()),
    }


def publish(panel: Panel, organiser: Actor, source: str = "dice", hours: int = 1) -> dt.datetime:
    """Publish with the seed known ``hours`` from now; returns a time after that, for the draw."""
    known = timezone.now() + dt.timedelta(hours=hours)
    services.panel_publish(actor=organiser, panel=panel, seed_source=source, seed_known_at=known)
    return known + dt.timedelta(minutes=5)


def computed(panel: Panel, organiser: Actor, capture: Any) -> Panel:
    services.panel_upload(actor=organiser, panel=panel, **files())
    with capture(execute=True):
        services.panel_start(actor=organiser, panel=panel)
    panel.refresh_from_db()
    return panel


def test_only_panel_organisers_create_and_see_a_panel(
    make_user: Any, org: Organisation, organiser: Actor, panel: Panel
) -> None:
    with pytest.raises(PermissionDenied):
        services.panel_create(actor=Actor(user=make_user()), organisation=org, title="x", purpose="y", size=3)
    other = Actor(user=make_user(site=SiteRole.Role.ORGANISER))
    with pytest.raises(PermissionDenied):
        services.panel_upload(actor=other, panel=panel, **files())
    client = Client()
    client.force_login(other.user)  # type: ignore[arg-type]
    assert client.get(reverse("editor:panel", args=[panel.pk])).status_code == 404
    services.panel_add_organiser(actor=organiser, panel=panel, username=other.user.get_username())  # type: ignore[union-attr]
    assert panel.title in client.get(reverse("editor:panel", args=[panel.pk])).content.decode()
    with pytest.raises(InvalidInput, match="no panel organiser"):
        services.panel_add_organiser(actor=organiser, panel=panel, username=make_user().get_username())
    with pytest.raises(InvalidInput, match="no panel organiser"):  # not a server error on PostgreSQL
        services.panel_add_organiser(actor=organiser, panel=panel, username="organiser\x00")


def test_settings_are_checked_all_at_once(organiser: Actor, org: Organisation) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.panel_create(
            actor=organiser, organisation=org, title="", purpose="p", size="0", algorithm="best", lottery_size="x"
        )
    assert {p.path for p in caught.value.problems} == {"title", "size", "algorithm", "lottery_size"}


def test_a_bad_upload_names_file_row_and_column_and_keeps_what_was_stored(organiser: Actor, panel: Panel) -> None:
    services.panel_upload(actor=organiser, panel=panel, **files())
    stored = bytes(panel.respondents or b"")
    bad = stored.replace(b"\n2,Li,Zemin,Youth,Middle,Non-binary", b"\n2,Li,Zemin,Youth,Middle,Robot", 1)
    with pytest.raises(InvalidInput) as caught:
        services.panel_upload(actor=organiser, panel=panel, respondents=("people.csv", bad))
    assert [(p.loc, p.params.get("value")) for p in caught.value.problems] == [(("people.csv", 3, "gender"), "Robot")]
    panel.refresh_from_db()
    assert bytes(panel.respondents or b"") == stored and panel.respondents_name == "respondents.csv"
    assert panel.check_result is not None and panel.check_result["ok"]


def test_infeasible_quotas_are_stored_with_the_smallest_relaxation_and_cannot_be_computed(
    organiser: Actor, panel: Panel
) -> None:
    categories = (  # 9 non-binary people wanted, 8 in the pool
        (OPENDLP / "categories.csv")
        .read_bytes()
        .replace(b"gender,Female,,,,14,16", b"gender,Female,,,,10,16")
        .replace(b"gender,Male,,,,12,14", b"gender,Male,,,,11,14")
        .replace(b"gender,Non-binary,,,,0,3", b"gender,Non-binary,,,,9,9")
    )
    services.panel_upload(actor=organiser, panel=panel, **{**files(), "categories": ("categories.csv", categories)})
    panel.refresh_from_db()
    assert panel.check_result is not None and not panel.check_result["ok"]
    changes = panel.check_result["diagnosis"]["changes"]
    assert {(c["feature"], c["value"], c["new_min"]) for c in changes} >= {("gender", "Non-binary", 8)}
    with pytest.raises(Conflict, match="some panel can meet"):
        services.panel_start(actor=organiser, panel=panel)


def test_compute_publish_draw_and_verify(
    organiser: Actor, panel: Panel, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    panel = computed(panel, organiser, django_capture_on_commit_callbacks)
    assert panel.status == Panel.Status.COMPUTED and panel.progress == 1.0
    expected = json.loads((OPENDLP / "expected.json").read_text())["leximin_min_prob"]
    assert panel.report is not None and abs(panel.report["probabilities"]["min"] - expected) < 1e-6
    assert AuditLogEntry.objects.filter(action="sortition.panel.compute", object_id=str(panel.pk)).exists()
    assert not jobs.run_job(panel.pk)  # a job runs once

    client = Client()
    assert client.get(reverse("public:panel", args=[panel.pk])).status_code == 404  # not published yet
    with pytest.raises(Conflict, match="publish the lottery"):
        services.panel_draw(actor=organiser, panel=panel, seed="1 2 3")
    with pytest.raises(InvalidInput, match="how the seed"):
        services.panel_publish(actor=organiser, panel=panel, seed_source=" ", seed_known_at=timezone.now())
    with pytest.raises(InvalidInput, match="must become known after"):  # a seed known already could be chosen
        services.panel_publish(actor=organiser, panel=panel, seed_source="Lotto", seed_known_at=timezone.now())
    after = publish(panel, organiser, "EuroMillions numbers of 4 December 2026")
    with pytest.raises(Conflict, match="published"):
        services.panel_update(actor=organiser, panel=panel, size=31)

    page = client.get(reverse("public:panel", args=[panel.pk])).content.decode()
    assert "EuroMillions numbers of 4 December 2026" in page and "<svg" in page and "not drawn yet" in page
    assert panel.manifest_sha256 in page and "(CET)" in page  # the fingerprint and the times with their zone

    with pytest.raises(InvalidInput, match="announced numbers"):
        services.panel_draw(actor=organiser, panel=panel, seed="04 17 23 38 45 * 02 11", now=after)
    seed = "04 17 23 38 45 02 11"
    with pytest.raises(Conflict, match="the seed becomes known at"):
        services.panel_draw(actor=organiser, panel=panel, seed=seed)  # too early
    services.panel_draw(actor=organiser, panel=panel, seed=seed, now=after)
    panel.refresh_from_db()
    tickets = panel.report["lottery"]["size"]
    ticket = draw_ticket(seed, panel.manifest_sha256, tickets)
    assert panel.status == Panel.Status.DRAWN and panel.ticket == ticket and panel.seed == "4 17 23 38 45 2 11"
    assert panel.composition is not None
    assert sum(r["selected"] for r in panel.composition if r["feature"] == "gender") == 30
    assert all(r["min"] <= r["selected"] <= r["max"] for r in panel.composition)

    # the public page: aggregates, seed, ticket, files; never a name, an address or an id
    page = client.get(reverse("public:panel", args=[panel.pk])).content.decode()
    assert panel.seed in page and f"{ticket:,} of {tickets:,}" in page
    for row in csv.DictReader(io.StringIO((OPENDLP / "respondents.csv").read_text())):
        assert f"{row['first_name']} {row['last_name']}" not in page and row["address_line_1"] not in page
        assert row["last_name"] not in page
    drawn_pseudonyms = follow_the_page(client, page, tmp_path)

    # the organisers' panel file: the same 30 people, with every column
    organiser_client = Client()
    organiser_client.force_login(organiser.user)  # type: ignore[arg-type]
    response = organiser_client.get(reverse("editor:panel_file", args=[panel.pk, "panel.csv"]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    chosen = list(csv.DictReader(io.StringIO(response.content.decode())))
    pseudonyms = dict(
        csv.reader(
            io.StringIO(
                organiser_client.get(reverse("editor:panel_file", args=[panel.pk, "pseudonyms.csv"])).content.decode()
            )
        )
    )
    assert len(chosen) == 30 and "first_name" in chosen[0]
    assert sorted(pseudonyms[r["unique_id"]] for r in chosen) == sorted(drawn_pseudonyms)
    assert client.get(reverse("editor:panel_file", args=[panel.pk, "panel.csv"])).status_code == 302  # sign in


def test_personal_data_is_deleted_on_schedule_and_public_files_stay(
    organiser: Actor, panel: Panel, django_capture_on_commit_callbacks: Any
) -> None:
    panel = computed(panel, organiser, django_capture_on_commit_callbacks)
    services.panel_draw(actor=organiser, panel=panel, seed="6 6 1", now=publish(panel, organiser))
    assert panel.delete_personal_data_on is not None
    assert services.purge_due(panel.delete_personal_data_on - dt.timedelta(days=1)) == 0
    out = io.StringIO()
    call_command("panel", "purge", "--today", panel.delete_personal_data_on.isoformat(), stdout=out)
    assert "1 panel" in out.getvalue()
    panel.refresh_from_db()
    assert panel.respondents is None and panel.state is None and panel.personal_data_deleted_at is not None
    with pytest.raises(Conflict, match="deleted"):
        services.private_file(actor=organiser, panel=panel, name="panel.csv")
    assert selectors.public_file(panel, "respondents.csv").startswith(b"pseudonym,")
    assert AuditLogEntry.objects.filter(action="sortition.panel.delete_personal_data", object_id=str(panel.pk)).exists()


def test_a_failed_job_stores_only_its_error(
    organiser: Actor, panel: Panel, django_capture_on_commit_callbacks: Any
) -> None:
    services.panel_upload(actor=organiser, panel=panel, **files())
    Panel.objects.filter(pk=panel.pk).update(respondents=b"unique_id,gender\n1,Female\n")  # damaged behind our back
    panel.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_start(actor=organiser, panel=panel)
    panel.refresh_from_db()
    assert panel.status == Panel.Status.FAILED and panel.errors and "no column" in stored_text(panel.errors[0])
    assert panel.report is None and panel.state is None and not panel.public_files


def test_the_worker_runs_queued_panels(
    settings: Any, organiser: Actor, panel: Panel, django_capture_on_commit_callbacks: Any
) -> None:
    settings.JOBS = "database"
    services.panel_upload(actor=organiser, panel=panel, **files())
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_start(actor=organiser, panel=panel)
    assert Panel.objects.get(pk=panel.pk).status == Panel.Status.QUEUED
    out = io.StringIO()
    call_command("work", "--once", stdout=out)
    assert "1 panels" in out.getvalue()
    assert Panel.objects.get(pk=panel.pk).status == Panel.Status.COMPUTED


def test_the_organiser_pages_walk_through_the_process(
    organiser: Actor, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(organiser.user)  # type: ignore[arg-type]
    response = client.post(
        reverse("editor:panels"),
        {"organisation": org.pk, "title": "Panel", "purpose": "Why", "size": "30", "algorithm": "leximin"},
    )
    panel = Panel.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("editor:panel", args=[panel.pk])
    with (OPENDLP / "categories.csv").open("rb") as c, (OPENDLP / "respondents.csv").open("rb") as r:
        client.post(reverse("editor:panel_action", args=[panel.pk, "upload"]), {"categories": c, "respondents": r})
    page = client.get(reverse("editor:panel", args=[panel.pk])).content.decode()
    assert "Feasible" in page and "100 respondents" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("editor:panel_action", args=[panel.pk, "start"]))
    page = client.get(reverse("editor:panel", args=[panel.pk])).content.decode()
    assert "<svg" in page and "Publish the lottery" in page
    soon = timezone.localtime() + dt.timedelta(hours=1)
    client.post(
        reverse("editor:panel_action", args=[panel.pk, "publish"]),
        {"seed_source": "the Belgian Lotto of Saturday", "seed_known_at": soon.strftime("%Y-%m-%dT%H:%M:%S")},
    )
    panel.refresh_from_db()
    assert panel.published_at is not None and panel.seed_known_at is not None
    assert abs((panel.seed_known_at - soon).total_seconds()) < 1  # read in the site's time zone
    early = client.post(reverse("editor:panel_action", args=[panel.pk, "draw"]), {"seed": "3 9 14"}, follow=True)
    assert "the seed becomes known at" in early.content.decode()
    Panel.objects.filter(pk=panel.pk).update(
        published_at=timezone.now() - dt.timedelta(hours=2), seed_known_at=timezone.now() - dt.timedelta(hours=1)
    )  # time passes
    client.post(reverse("editor:panel_action", args=[panel.pk, "draw"]), {"seed": "3 9 14 22 30 41"})
    page = client.get(reverse("editor:panel", args=[panel.pk])).content.decode()
    assert "The drawn panel" in page and "panel.csv" in page
    bad = client.post(reverse("editor:panel_action", args=[panel.pk, "settings"]), {"size": "31"}, follow=True)
    assert "published" in bad.content.decode()


@pytest.mark.slow
def test_the_demo_panel_is_drawn_and_its_public_files_verify(tmp_path: Path) -> None:
    from algoscope.register.demo import load_demo
    from algoscope.sortition.demo import SEED, load_panel_demo

    load_demo()
    assert load_panel_demo() == 1
    panel = Panel.objects.get()
    assert panel.status == Panel.Status.DRAWN and panel.organisation.slug == "kbo-0671516647"
    assert panel.seed == "7 19 23 31 38 44 12" and panel.report is not None and panel.report["pool_size"] == 640
    assert panel.published_at < panel.seed_known_at <= panel.drawn_at  # the demo keeps the rule it shows
    assert panel.report["lottery"]["max_relative_gap"] <= 0.01  # real chances within 1 % of LEXIMIN's
    for name, data in selectors.public_files(panel).items():
        (tmp_path / name).write_bytes(data)
    out = io.StringIO()
    call_command("panel", "verify", str(tmp_path), "--seed", SEED, "--manifest", panel.manifest_sha256, stdout=out)
    assert f"draws ticket {panel.ticket}:" in out.getvalue() and out.getvalue().splitlines()[-1] == "verified"
    text = Client().get(f"/fr/panels/{panel.pk}/").content.decode()
    assert "Bruxelles" in text and "femme" in text and "Wallonie" in text  # data values in the reader's language


def follow_the_page(client: Client, page: str, folder: Path) -> list[str]:
    """Do what the public page says, literally: download the two links under the names it gives, run its commands
    in that folder with the Python that runs the tests (standard library only); returns the drawn pseudonyms."""
    links = re.findall(r'<a href="([^"]+)" download="([^"]+)">', page)
    assert [name for _, name in links][-1] == "verify_panel.py" and links[0][1].endswith("-public.zip")
    for url, name in links:
        response = client.get(html.unescape(url))
        assert response.status_code == 200
        (folder / name).write_bytes(response.content)
    block = re.search(r'<pre class="commands"[^>]*><code>(.*?)</code></pre>', page, re.S)
    assert block is not None
    output = ""
    for line in html.unescape(block.group(1)).splitlines():
        words = shlex.split(line)
        assert words[0] == "python3"
        done = subprocess.run(
            [sys.executable, "-I", *words[1:]], cwd=folder, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        output = done.stdout
    assert output.splitlines()[-1] == "verified"
    drawn = next(line for line in output.splitlines() if " draws ticket " in line)
    return drawn.split(": ", 1)[1].split()


def test_a_job_whose_heartbeat_stopped_fails_when_it_is_started_again(
    organiser: Actor, panel: Panel, django_capture_on_commit_callbacks: Any
) -> None:
    """No worker needed: starting again finds the dead job, fails it, and queues a new one; a live one stays."""
    services.panel_upload(actor=organiser, panel=panel, **files())
    long_ago = timezone.now() - dt.timedelta(hours=2)
    Panel.objects.filter(pk=panel.pk).update(
        status=Panel.Status.RUNNING, progress_stage="leximin", progress=0.4, heartbeat_at=long_ago
    )
    panel.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.panel_start(actor=organiser, panel=panel)
    assert Panel.objects.get(pk=panel.pk).status == Panel.Status.QUEUED and len(callbacks) == 1
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.RUNNING, heartbeat_at=timezone.now())
    panel.refresh_from_db()
    with pytest.raises(Conflict, match="being computed"):  # a live job is not taken away
        services.panel_start(actor=organiser, panel=panel)


def test_the_settings_form_checks_and_types_what_is_posted(organiser: Actor, org: Organisation) -> None:
    """Django's form at the edge: a size that is no number, or out of range, is refused in the page's language,
    with the field's label; nothing is created; a good post creates the panel with typed settings."""
    client = Client()
    client.force_login(organiser.user)  # type: ignore[arg-type]
    posted = {"organisation": org.pk, "title": "Panel", "purpose": "Why", "algorithm": "leximin"}
    page = client.post(reverse("editor:panels"), {**posted, "size": "veel"}, HTTP_ACCEPT_LANGUAGE="nl")
    text = page.content.decode()
    assert "Grootte van het panel: Voer een geheel getal in" in text and Panel.objects.count() == 0
    page = client.post(reverse("editor:panels"), {**posted, "size": "0"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert "Zorg ervoor dat deze waarde minstens 1 is" in page.content.decode() and Panel.objects.count() == 0
    client.post(reverse("editor:panels"), {**posted, "size": " 30 "})
    panel = Panel.objects.get()
    assert panel.size == 30 and panel.title == "Panel"
    client.post(
        reverse("editor:panel_action", args=[panel.pk, "settings"]),
        {"lottery_size": "", "address_columns": "straat, postcode\nplaats"},
    )
    panel.refresh_from_db()
    assert panel.lottery_size is None and panel.address_columns == ["straat", "postcode", "plaats"]
    assert panel.size == 30  # a field not posted is left alone


def test_only_the_panel_s_organisers_holding_the_role_may_change_it(organiser: Actor, panel: Panel) -> None:
    """One table (``PERSON_RULES``): the panel's own organisers, while they are organisers of the site."""
    services.panel_update(actor=organiser, panel=panel, title="Renamed")
    SiteRole.objects.filter(user=organiser.user, role=SiteRole.Role.ORGANISER).delete()
    without_role = Actor(user=organiser.user)
    with pytest.raises(PermissionDenied, match="only the panel's organisers may do this"):
        services.panel_update(actor=without_role, panel=panel, title="Again")


def test_a_panels_title_and_purpose_are_marked_with_their_language(
    client: Client, organiser: Actor, org: Organisation
) -> None:
    """Pages in another language mark the organiser's title and purpose with the language they are written in
    (a screen reader then reads them right); an unknown language is refused."""
    client.force_login(organiser.db_user)
    response = client.post(
        "/editor/panels/",
        {"organisation": org.pk, "title": "Burgerpanel AI", "purpose": "Advies", "size": "10", "texts_language": "nl"},
    )
    panel = Panel.objects.get(title="Burgerpanel AI")
    assert response.status_code == 302 and panel.texts_language == "nl"
    french = client.get(f"/editor/panels/{panel.pk}/?language=fr").content.decode()
    assert '<h1 lang="nl">Burgerpanel AI</h1>' in french
    dutch = client.get(f"/editor/panels/{panel.pk}/?language=nl").content.decode()
    assert "<h1>Burgerpanel AI</h1>" in dutch
    with pytest.raises(InvalidInput):
        services.panel_update(actor=organiser, panel=panel, texts_language="xx")
