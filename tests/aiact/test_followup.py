"""After classification: the obligations checklist, the FRIA (form, pages, PDF) and the Annex VIII export."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.test import Client
from pypdf import PdfReader

from algoscope.accounts.permissions import Actor
from algoscope.aiact import services
from algoscope.aiact.annex_viii import annex_viii
from algoscope.aiact.checklist import obligation_checklist
from algoscope.aiact.engine.errors import FriaError
from algoscope.aiact.engine.fria import fria_clean, fria_form, fria_required
from algoscope.aiact.models import Fria, ObligationProgress
from algoscope.common.errors import InvalidInput, NotFound, PermissionDenied
from algoscope.common.models import AuditLogEntry
from tests.register.test_api import call, token_for

from .cases import CASES
from .scenarios import S

pytestmark = pytest.mark.django_db
SHARED_IAMA = Path(__file__).resolve().parents[3] / "shared/data/standards/eurocities-ats/iama-fraia.yaml"
ANSWERS = {key: f"Answer about {key}." for key in fria_form().keys}


@pytest.fixture
def benefits(make_record: Any, editor: Actor, republish: Any) -> Any:
    """A published benefits-fraud model, provider and deployer, assessed as high-risk (Annex III 5(a)) under the
    text as first published (where AI literacy, Art. 4, is a duty of both roles); the assessment is published."""
    record = make_record()
    services.assessment_complete(
        actor=editor, algorithm=record, facts=CASES["AIA-01"], as_of=dt.date(2026, 11, 22), legal_text="2024/1689"
    )
    return republish(record)


# Checklist ------------------------------------------------------------------------------------------------------


def test_checklist_lists_every_obligation_per_role_with_dates_and_overdue(benefits: Any) -> None:
    before = obligation_checklist(benefits, today=dt.date(2026, 8, 1))
    roles = {item.role for item in before.items}
    assert roles == {"provider", "deployer"}
    literacy = before.item("ai_literacy", "deployer")
    risk = before.item("risk_management", "provider")
    assert literacy is not None and risk is not None
    assert literacy.applies_from == dt.date(2025, 2, 2) and literacy.overdue
    assert risk.applies_from == dt.date(2026, 8, 2) and not risk.overdue
    after = obligation_checklist(benefits, today=dt.date(2026, 8, 2))
    risk_after = after.item("risk_management", "provider")
    assert risk_after is not None and risk_after.overdue
    assert after.overdue == len([i for i in after.items if i.kind == "mandatory"])
    assert after.summary()["todo"] == len({i.obligation for i in after.items})  # each obligation counted once


def test_an_obligation_of_several_roles_counts_once_in_the_progress(benefits: Any, editor: Actor) -> None:
    checklist = obligation_checklist(benefits, today=dt.date(2028, 1, 1))
    shared = {i.obligation for i in checklist.items if i.role == "provider"} & {
        i.obligation for i in checklist.items if i.role == "deployer"
    }
    assert "ai_literacy" in shared
    before = checklist.summary()
    assert before["total"] == len({i.obligation for i in checklist.items}) < len(checklist.items)
    services.obligation_progress_set(
        actor=editor, algorithm=benefits, obligation="ai_literacy", role="deployer", status="done", evidence=[]
    )
    half = obligation_checklist(benefits, today=dt.date(2028, 1, 1)).summary()
    assert half["done"] == before["done"] and half["overdue"] == before["overdue"]  # still open as provider
    services.obligation_progress_set(
        actor=editor, algorithm=benefits, obligation="ai_literacy", role="provider", status="done", evidence=[]
    )
    both = obligation_checklist(benefits, today=dt.date(2028, 1, 1)).summary()
    assert both["done"] == before["done"] + 1 and both["overdue"] == before["overdue"] - 1


def test_progress_is_stored_validated_and_logged(benefits: Any, editor: Actor) -> None:
    services.obligation_progress_set(
        actor=editor,
        algorithm=benefits,
        obligation="ai_literacy",
        role="deployer",
        status="done",
        evidence=[{"title": "Training plan", "url": "https://example.org/plan.pdf"}],
    )
    checklist = obligation_checklist(benefits, today=dt.date(2028, 1, 1))
    item = checklist.item("ai_literacy", "deployer")
    assert item is not None and item.status == "done" and not item.overdue
    assert item.evidence == ({"title": "Training plan", "url": "https://example.org/plan.pdf"},)
    assert AuditLogEntry.objects.filter(action="aiact.obligation.update").count() == 1
    with pytest.raises(InvalidInput) as no_reason:
        services.obligation_progress_set(
            actor=editor, algorithm=benefits, obligation="risk_management", role="provider", status="not_applicable"
        )
    assert [p.loc for p in no_reason.value.problems] == [("reason",)]
    with pytest.raises(InvalidInput) as bad_link:
        services.obligation_progress_set(
            actor=editor,
            algorithm=benefits,
            obligation="risk_management",
            role="provider",
            status="in_progress",
            evidence=[{"url": "https://example.org/ok"}, {"url": "javascript:alert(1)"}],
        )
    assert [p.loc for p in bad_link.value.problems] == [("evidence", 1, "url")]
    with pytest.raises(NotFound):
        services.obligation_progress_set(
            actor=editor, algorithm=benefits, obligation="importer_checks", role="importer", status="done"
        )
    assert ObligationProgress.objects.count() == 1  # refused changes stored nothing


def test_progress_survives_a_new_assessment_that_keeps_the_obligation(benefits: Any, editor: Actor) -> None:
    services.obligation_progress_set(
        actor=editor, algorithm=benefits, obligation="ai_literacy", role="provider", status="in_progress"
    )
    services.assessment_complete(actor=editor, algorithm=benefits, facts=CASES["AIA-01"], legal_text="2024/1689")
    item = obligation_checklist(benefits).item("ai_literacy", "provider")
    assert item is not None and item.status == "in_progress"


def test_legacy_exception_starts_as_not_applicable_with_its_article(make_record: Any, editor: Actor) -> None:
    record = make_record()
    facts = {**CASES["AIA-01"], "operator_nature": "other", "placed_on_market_on": "2020-01-01"}
    services.assessment_complete(actor=editor, algorithm=record, facts={**facts, "significant_change": False})
    item = obligation_checklist(record, today=dt.date(2030, 1, 1)).item("risk_management", "provider")
    assert item is not None
    assert (item.status, item.reason, item.overdue) == ("not_applicable", "Art. 111(2)", False)


def test_checklist_page_saves_a_row_and_shows_errors(client: Client, benefits: Any, editor: Actor) -> None:
    assert editor.user is not None
    client.force_login(editor.user)  # type: ignore[arg-type]
    url = f"/editor/algorithms/{benefits.public_id}/ai-act/obligations/"
    page = client.get(url).content.decode()
    assert "Overdue" in page and "Art. 26(2)" in page
    bad = client.post(url, {"obligation": "ai_literacy", "role": "deployer", "status": "not_applicable"})
    assert bad.status_code == 422 and "say why the obligation does not apply" in bad.content.decode()
    ok = client.post(
        url,
        {"obligation": "ai_literacy", "role": "deployer", "status": "done", "evidence": "Plan | https://example.org/p"},
    )
    assert ok.status_code == 302 and ok["Location"].endswith("#deployer-ai_literacy")
    assert ObligationProgress.objects.get().evidence == [{"title": "Plan", "url": "https://example.org/p"}]


def test_checklist_api_reads_publicly_and_writes_with_a_token(
    client: Client, benefits: Any, org: Any, make_user: Any, republish: Any
) -> None:
    base = f"/api/v1/aiact/records/{benefits.public_id}/obligations"
    listing = client.get(base + "?language=fr").json()
    assert listing["summary"]["total"] == len({i["obligation"] for i in listing["items"]}) > 20  # counted once
    assert listing["items"][0]["role_title"] != listing["items"][0]["role"]
    body = {"status": "done", "evidence": [{"url": "https://example.org/x"}]}
    assert call(client, "put", f"{base}/deployer/ai_literacy", body=body).status_code == 401
    token = token_for(org, make_user)
    updated = call(client, "put", f"{base}/deployer/ai_literacy", token, body).json()
    assert updated["status"] == "done" and updated["evidence"] == [
        {"title": "https://example.org/x", "url": "https://example.org/x"}
    ]
    bad = call(client, "put", f"{base}/deployer/ai_literacy", token, {"status": "not_applicable"}).json()
    assert bad["status"] == 422 and bad["errors"][0]["loc"] == ["body", "reason"]
    assert call(client, "put", f"{base}/importer/importer_checks", token, body).status_code == 404

    def public_status() -> str:
        items = client.get(base).json()["items"]
        return next(i["status"] for i in items if (i["role"], i["obligation"]) == ("deployer", "ai_literacy"))

    assert public_status() == "todo"  # the token's change waits for review
    republish(benefits)
    assert public_status() == "done"


def test_an_outsider_cannot_change_progress(benefits: Any, make_org: Any, make_user: Any) -> None:
    outsider = Actor(user=make_user(make_org("Other"), "editor"))
    with pytest.raises(PermissionDenied):
        services.obligation_progress_set(
            actor=outsider, algorithm=benefits, obligation="ai_literacy", role="deployer", status="done"
        )


# FRIA -----------------------------------------------------------------------------------------------------------


def test_fria_form_covers_art_27_1_a_to_f_and_cross_references_the_iama() -> None:
    form = fria_form()
    letters = {ref for e in form.elements for ref in e.refs if ref.startswith("Art. 27(1)")}
    assert letters == {f"Art. 27(1)({x})" for x in "abcdef"}
    assert all(set(e.title) == {"en", "nl", "fr", "de"} and set(e.prompt) == set(e.title) for e in form.elements)
    oversight = next(e for e in form.elements if e.key == "human_oversight")
    assert [q.id for q in oversight.iama] == ["3.2.1", "3.2.2"]
    assert oversight.iama[0].text("nl")[1].startswith("Welke rol")
    assert oversight.iama[0].text("fr") == oversight.iama[0].text("en")  # the IAMA exists in Dutch and English


@pytest.mark.skipif(not SHARED_IAMA.exists(), reason="needs ../shared beside the checkout")
def test_iama_questions_match_the_published_instrument() -> None:
    published: dict[str, Any] = {}

    def walk(node: dict[str, Any]) -> None:
        for child in node.get("content") or []:
            if child.get("type") == "Question":
                published[child["title"]["nl"]] = {k: " ".join(v.split()) for k, v in child["description"].items()}
            walk(child)

    walk(yaml.safe_load(SHARED_IAMA.read_text(encoding="utf-8")))
    for element in fria_form().elements:
        for question in element.iama:
            assert dict(question.question) == published[question.id], question.id


def test_fria_required_only_where_article_27_asks(benefits: Any) -> None:
    from algoscope.aiact.engine.classify import classify

    assert fria_required(benefits.ai_act_assessments.first().result)
    assert not fria_required(classify({**CASES["AIA-01"], "operator_nature": "other"}).as_dict())
    assert fria_required(classify(CASES["AIA-22"]).as_dict())  # creditworthiness: any deployer (Art. 27(1))


def test_fria_errors_name_each_element() -> None:
    with pytest.raises(FriaError) as exc:
        fria_clean({"processes": "x", "purpose": "y"}, notified_on="27-10-2026", complete=True)
    locs = {p.loc for p in exc.value.problems}
    assert ("answers", "purpose") in locs and ("answers", "period_and_frequency") in locs
    assert ("summary",) in locs and ("notified_on",) in locs
    assert ("answers", "processes") not in locs
    draft = fria_clean({"processes": "x"}, complete=False)
    assert draft.answers["processes"] == "x" and draft.answers["human_oversight"] == ""


def test_completing_a_fria_keeps_history_and_feeds_annex_viii_c4(benefits: Any, editor: Actor, republish: Any) -> None:
    services.fria_save(actor=editor, algorithm=benefits, answers={"processes": "Draft"})
    with pytest.raises(FriaError):
        services.fria_save(actor=editor, algorithm=benefits, answers={"processes": "Draft"}, complete=True)
    assert Fria.objects.get().status == "draft"  # the refused completion left the draft as it was
    fria = services.fria_save(
        actor=editor,
        algorithm=benefits,
        answers=ANSWERS,
        summary="Risks of unequal treatment; mitigated by human review.",
        notified_on="2026-11-30",
        complete=True,
        today=dt.date(2026, 11, 25),
    )
    assert Fria.objects.get() == fria and fria.assessment is not None and fria.version == benefits.published_version
    c4 = next(s for s in annex_viii(benefits)["sections"] if s["section"] == "C")["points"][3]
    assert c4["status"] == "missing"  # not reviewed yet
    data = annex_viii(republish(benefits))
    section_c = next(s for s in data["sections"] if s["section"] == "C")
    c4 = section_c["points"][3]
    assert (c4["status"], c4["value"]) == ("filled", "Risks of unequal treatment; mitigated by human review.")


@pytest.mark.slow
def test_public_fria_page_and_pdf_show_the_summary_or_everything(
    client: Client, benefits: Any, editor: Actor, republish: Any
) -> None:
    assert client.get(f"/en/algorithms/{benefits.public_id}/fria/").status_code == 404
    services.fria_save(actor=editor, algorithm=benefits, answers=ANSWERS, summary="Public summary.", complete=True)
    assert client.get(f"/en/algorithms/{benefits.public_id}/fria/").status_code == 404  # waits for review
    republish(benefits)
    record_page = client.get(f"/en/algorithms/{benefits.public_id}/").content.decode()
    assert "Public summary." in record_page
    page = client.get(f"/en/algorithms/{benefits.public_id}/fria/").content.decode()
    assert "Public summary." in page and "Answer about human_oversight." not in page
    pdf = client.get(f"/nl/algorithms/{benefits.public_id}/fria.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Public summary." in text and "Answer about human_oversight." not in text
    from unittest import mock

    with mock.patch("algoscope.aiact.views_record.pdf_bytes", side_effect=AssertionError("laid out again")):
        assert client.get(f"/nl/algorithms/{benefits.public_id}/fria.pdf").content == pdf.content  # from the cache
    services.fria_save(
        actor=editor, algorithm=benefits, answers=ANSWERS, summary="Second.", publish_full=True, complete=True
    )
    republish(benefits)
    pdf = client.get(f"/en/algorithms/{benefits.public_id}/fria.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Answer about human_oversight." in text and "3.2.1" in text
    api = client.get(f"/api/v1/aiact/records/{benefits.public_id}/fria").json()
    assert api["summary"] == "Second." and api["elements"][4]["answer"] == "Answer about human_oversight."


def test_fria_editor_form_saves_a_draft_and_names_missing_parts(client: Client, benefits: Any, editor: Actor) -> None:
    assert editor.user is not None
    client.force_login(editor.user)  # type: ignore[arg-type]
    url = f"/editor/algorithms/{benefits.public_id}/ai-act/fria/"
    page = client.get(url).content.decode()
    assert "you must carry out this assessment" in page and "IAMA 3.2.1" in page
    assert client.post(url, {"answer-processes": "We use it.", "save": "1"}).status_code == 302
    assert Fria.objects.get(status="draft").answers["processes"] == "We use it."
    refused = client.post(url, {"answer-processes": "We use it.", "complete": "1"})
    assert refused.status_code == 422
    assert "required before the FRIA is complete: Human oversight" in refused.content.decode()
    posted = {f"answer-{k}": v for k, v in ANSWERS.items()}
    assert client.post(url, {**posted, "summary": "Done.", "complete": "1"}).status_code == 302
    assert Fria.objects.get().status == "complete"
    own_pdf = client.get(f"/editor/algorithms/{benefits.public_id}/ai-act/fria.pdf")
    assert own_pdf.status_code == 200 and own_pdf.content.startswith(b"%PDF")


# Annex VIII -----------------------------------------------------------------------------------------------------


def test_annex_viii_has_the_sections_the_registration_duties_name(benefits: Any) -> None:
    data = annex_viii(benefits, language="nl")
    assert [s["section"] for s in data["sections"]] == ["A", "C"]
    section_a, section_c = data["sections"]
    assert len(section_a["points"]) == 13 and len(section_c["points"]) == 5
    assert section_a["points"][3]["value"].endswith(f"({benefits.public_id})")
    assert section_a["points"][9]["value"] == ["BE"]
    assert 11 in section_a["missing"]  # the EU declaration of conformity is not held in the register
    assert section_c["points"][3]["status"] == "missing"  # no FRIA yet
    assert section_a["title"].startswith("Registreer")


def test_annex_viii_section_b_carries_the_article_6_3_conditions(
    make_record: Any, editor: Actor, republish: Any
) -> None:
    record = make_record()
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-41"])
    republish(record)
    (section_b,) = annex_viii(record)["sections"]
    assert section_b["section"] == "B" and len(section_b["points"]) == 9
    assert section_b["points"][5]["value"] == ["Art. 6(3)(a)", "Art. 6(3)(d)"]
    assert "Art. 6(3)" in section_b["points"][6]["value"]


def test_annex_viii_api_and_cli(client: Client, benefits: Any, make_record: Any, capsys: Any) -> None:
    data = client.get(f"/api/v1/aiact/records/{benefits.public_id}/annex-viii?language=de").json()
    assert data["language"] == "de" and data["sections"][0]["points"][0]["label"] != "Provider's name"
    unassessed = make_record()
    assert client.get(f"/api/v1/aiact/records/{unassessed.public_id}/annex-viii").status_code == 404
    call_command("aiact", "annex-viii", benefits.public_id)
    assert json.loads(capsys.readouterr().out)["sections"][1]["section"] == "C"
    with pytest.raises(CommandError, match="no complete AI Act assessment"):
        call_command("aiact", "annex-viii", unassessed.public_id)
    err = io.StringIO()
    call_command("export", standard="ai-act-annex-viii", stdout=io.StringIO(), stderr=err)
    summary = err.getvalue().strip().splitlines()
    # records not registered are counted as records, with their reason, not as "fields the standard cannot hold"
    assert f"left out: {unassessed.public_id}: " in err.getvalue()
    assert summary[-1] == "1 record written, 1 record left out, 0 fields the standard cannot hold", summary


# Demo -----------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_loads_assessments_a_fria_and_progress() -> None:
    call_command("load_demo", not_in_development=True, stdout=io.StringIO())  # tests run with DEBUG off
    assert Fria.objects.filter(status="complete").count() == 1
    assert ObligationProgress.objects.filter(status="done").count() >= 2
    from algoscope.aiact.models import Assessment

    categories = {c for a in Assessment.objects.all() for c in a.categories}
    assert {"high_risk_annex_iii", "transparency", "minimal", "not_ai_system"} <= categories


def test_the_record_page_shows_no_empty_tables_and_the_annex_link_only_with_a_registration(
    client: Client, make_record: Any, editor: Actor, republish: Any
) -> None:
    outside = make_record()
    facts = {"infers_outputs": False}  # not an AI system: outside the Act
    services.assessment_complete(actor=editor, algorithm=outside, facts=facts, as_of=dt.date(2026, 11, 22))
    republish(outside)
    page = client.get(f"/en/algorithms/{outside.public_id}/").content.decode()
    assert "AI Act classification" in page and "Obligations as" not in page  # no empty obligation tables
    assert "Annex VIII, JSON" not in page
    high = make_record()
    services.assessment_complete(actor=editor, algorithm=high, facts=CASES["AIA-01"], as_of=dt.date(2026, 11, 22))
    republish(high)
    page = client.get(f"/en/algorithms/{high.public_id}/").content.decode()
    assert "Obligations as" in page and "Annex VIII, JSON" in page
    # the dates are under the amended text, compared with the text as first published, each column saying which
    assert "Dates under Regulation (EU) 2024/1689 as amended by the Digital Omnibus on AI" in page
    assert "As first published" in page
    row = re.search(r"<tr[^>]*>\s*<td>Establish and maintain a risk-management system.*?</tr>", page, flags=re.S)
    assert row is not None and "2027-12-02" in row[0] and "2026-08-02" in row[0], row
    assert "— 2027-12-02 (as first published: 2026-08-02)" in page  # the registration's date, both texts


def test_a_minimal_risk_system_has_no_overdue_duty_it_does_not_have(
    client: Client, make_record: Any, editor: Actor, republish: Any
) -> None:
    """Under the amended text AI literacy (Art. 4) is encouraged, not a duty of the deployer: the minimal-risk
    record lists it as voluntary, counts no obligation and nothing overdue; under the text as first published it is
    a duty in force since 2 February 2025, and open, so overdue."""
    record = make_record()
    services.assessment_complete(actor=editor, algorithm=record, facts=S, as_of=dt.date(2026, 7, 1))
    republish(record)
    checklist = obligation_checklist(record, today=dt.date(2026, 12, 6))
    assert checklist.summary()["total"] == 0 and checklist.summary()["overdue"] == 0
    assert checklist.summary()["voluntary"] == 2  # AI literacy encouraged, codes of conduct
    page = client.get(f"/en/algorithms/{record.public_id}/").content.decode()
    assert "No obligations to track." in page and "overdue" not in page.lower()
    assert "(voluntary)" in page and "only in the text as first published" in page
    first = make_record()
    services.assessment_complete(
        actor=editor, algorithm=first, facts=S, as_of=dt.date(2026, 7, 1), legal_text="2024/1689"
    )
    summary = obligation_checklist(first, today=dt.date(2026, 12, 6)).summary()
    assert summary["total"] == 1 and summary["overdue"] == 1


def test_in_force_is_said_for_today_not_for_the_day_of_the_assessment(benefits: Any) -> None:
    """An assessment made on 22 November 2026 under the first text: on a later day, duties from 2 August 2026 are
    in force even if the stored result was evaluated earlier."""
    from algoscope.aiact.presentation import localised_result
    from algoscope.aiact.selectors import assessment_latest

    stored = assessment_latest(benefits).result
    early = localised_result(stored, "en", today=dt.date(2026, 8, 1))
    late = localised_result(stored, "en", today=dt.date(2026, 8, 2))
    risk = [d for d in early["obligations"]["provider"] if d["id"] == "risk_management"]
    assert risk and not risk[0]["in_force"]
    assert next(d for d in late["obligations"]["provider"] if d["id"] == "risk_management")["in_force"]
    assert late["as_of"] == "2026-08-02"


@pytest.mark.parametrize("model_name", ["Assessment", "Fria"])
def test_the_database_keeps_one_draft_per_record(model_name: str, make_record) -> None:  # type: ignore[no-untyped-def]
    """The rule every draft-then-complete document shares (``register.models.RecordDraftFields``)."""
    from django.db import IntegrityError, transaction

    from algoscope.aiact import models

    model = getattr(models, model_name)
    record = make_record("published")
    extra = {"legal_text": "2024/1689"} if model_name == "Assessment" else {"form_version": "1"}
    model.objects.create(algorithm=record, created_by_label="x", **extra)
    model.objects.create(algorithm=record, created_by_label="x", status="complete", **extra)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(algorithm=record, created_by_label="x", **extra)
    assert model.objects.filter(algorithm=record, status="draft").count() == 1


def test_a_fria_s_language_marks_its_texts_on_pages_in_other_languages(
    client: Client, benefits: Any, editor: Actor, republish: Any
) -> None:
    """The FRIA's answers had no language: a French page showed Dutch answers unmarked (screen readers read them
    with French pronunciation)."""
    with pytest.raises(InvalidInput):
        services.fria_save(actor=editor, algorithm=benefits, answers=ANSWERS, summary="x", texts_language="xx")
    services.fria_save(
        actor=editor,
        algorithm=benefits,
        answers=ANSWERS,
        summary="Samenvatting voor inwoners.",
        publish_full=True,
        texts_language="nl",
        complete=True,
    )
    republish(benefits)
    french = client.get(f"/fr/algorithms/{benefits.public_id}/fria/").content.decode()
    assert '<p class="prewrap" lang="nl">Samenvatting voor inwoners.</p>' in french
    dutch = client.get(f"/nl/algorithms/{benefits.public_id}/fria/").content.decode()
    assert '<p class="prewrap">Samenvatting voor inwoners.</p>' in dutch
    assert client.get(f"/api/v1/aiact/records/{benefits.public_id}/fria").json()["texts_language"] == "nl"
