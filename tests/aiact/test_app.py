"""The classifier through the API, the CLI, the browser form, and assessments stored on records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.aiact import services
from algoscope.aiact.engine.errors import FactsError
from algoscope.aiact.engine.ruleset import load_ruleset
from algoscope.aiact.forms import facts_from_token, facts_token
from algoscope.aiact.models import Assessment
from algoscope.common.errors import PermissionDenied
from algoscope.common.models import AuditLogEntry
from algoscope.register.models import AlgorithmFacet

from .cases import CASES

pytestmark = pytest.mark.django_db


def post_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_api_classifies_a_case_with_translated_titles(client: Client) -> None:
    response = post_json(
        client, "/api/v1/aiact/classify", {"facts": CASES["AIA-22"], "as_of": "2026-11-22", "language": "de"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["categories"] == ["high_risk_annex_iii"]
    assert data["category_titles"] == ["Hochrisiko (Verwendung nach Anhang III)"]
    fria = next(o for o in data["obligations"]["deployer"] if o["id"] == "fundamental_rights_impact_assessment")
    assert fria["applies_from"] == "2027-12-02"
    assert fria["in_force"] is False


def test_api_names_missing_and_unknown_facts(client: Client) -> None:
    missing = post_json(client, "/api/v1/aiact/classify", {"facts": {"infers_outputs": True}}).json()
    assert missing["status"] == 422
    assert {tuple(e["loc"]) for e in missing["errors"]} >= {("body", "facts", "is_gpai_model")}
    unknown = post_json(client, "/api/v1/aiact/classify", {"facts": {"is_ai": True}}).json()
    assert unknown["errors"][0]["loc"] == ["body", "facts", "is_ai"]
    assert unknown["errors"][0]["code"] == "unknown-fact"


def test_api_next_questions_asks_only_what_is_needed(client: Client) -> None:
    step = post_json(client, "/api/v1/aiact/questions/next", {"facts": {"infers_outputs": False}}).json()
    assert step["complete"] is True
    assert step["result"]["categories"] == ["not_ai_system"]
    first = post_json(client, "/api/v1/aiact/questions/next", {"facts": {}, "language": "fr"}).json()
    assert [q["key"] for q in first["questions"]] == ["infers_outputs"]
    assert first["questions"][0]["question"].startswith("Le système déduit-il")


def test_api_lists_every_question(client: Client) -> None:
    questions = client.get("/api/v1/aiact/questions?language=nl").json()
    assert len(questions) > 50
    roles = next(q for q in questions if q["key"] == "roles")
    assert [c["value"] for c in roles["choices"]][:2] == ["provider", "deployer"]


def test_cli_classifies_a_facts_file_as_json(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(CASES["AIA-03"]))
    call_command("aiact", "classify", str(path), "--json", "--as-of", "2026-11-22")
    data = json.loads(capsys.readouterr().out)
    assert data["categories"] == ["prohibited"]
    assert "Art. 5(1)(h)" in data["citations"]


def test_cli_reports_bad_json_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{\n  "infers_outputs": tru\n}')
    with pytest.raises(CommandError, match="line 2"):
        call_command("aiact", "classify", str(path))


def test_cli_lists_questions_as_json(capsys: Any) -> None:
    call_command("aiact", "questions", "--json", "--language", "de")
    questions = json.loads(capsys.readouterr().out)
    assert questions[0]["key"] == "infers_outputs"
    assert questions[0]["question"].startswith("Leitet das System")


def test_completing_an_assessment_stores_it_on_the_version_and_feeds_the_facet_once_published(
    make_record: Any, editor: Actor, republish: Any
) -> None:
    record = make_record()
    first_version = record.published_version
    assessment = services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-22"])
    assert assessment.version == first_version
    assert assessment.categories == ["high_risk_annex_iii"]
    assert assessment.ruleset_version == load_ruleset().version

    def facets() -> set[str]:
        values = AlgorithmFacet.objects.filter(algorithm=record, facet="ai_act_class").values_list("value", flat=True)
        return set(values)

    assert facets() == {"not_assessed"}  # waits for review, like an edit of the record's fields
    republish(record)
    assert facets() == {"high_risk_annex_iii"}
    assert AuditLogEntry.objects.filter(action="aiact.assessment.complete", object_id=record.public_id).exists()


def test_a_record_without_assessment_is_not_assessed_in_the_facet(make_record: Any) -> None:
    record = make_record()
    values = set(AlgorithmFacet.objects.filter(algorithm=record, facet="ai_act_class").values_list("value", flat=True))
    assert values == {"not_assessed"}


def test_search_api_filters_and_counts_the_ai_act_class(
    client: Client, make_record: Any, editor: Actor, republish: Any
) -> None:
    high, other = make_record(), make_record()
    services.assessment_complete(actor=editor, algorithm=high, facts=CASES["AIA-22"])
    republish(high)
    data = client.get("/api/v1/search/?ai_act_class=high_risk_annex_iii").json()
    assert [hit["id"] for hit in data["items"]] == [high.public_id]
    facet = next(f for f in data["facets"] if f["key"] == "ai_act_class")
    counts = {v["value"]: v["count"] for v in facet["values"]}
    assert counts["high_risk_annex_iii"] == 1
    assert other.public_id not in {hit["id"] for hit in data["items"]}


def test_another_organisation_cannot_assess(make_record: Any, other_org: Any, make_user: Any) -> None:
    record = make_record()
    outsider = Actor(user=make_user(other_org, "editor"))
    with pytest.raises(PermissionDenied):
        services.assessment_complete(actor=outsider, algorithm=record, facts=CASES["AIA-15"])
    assert not Assessment.objects.exists()


def test_a_draft_keeps_half_answered_facts_and_refuses_unknown_ones(make_record: Any, editor: Actor) -> None:
    record = make_record()
    services.assessment_save_draft(actor=editor, algorithm=record, facts={"infers_outputs": True})
    services.assessment_save_draft(
        actor=editor, algorithm=record, facts={"infers_outputs": True, "is_gpai_model": False}
    )
    assert Assessment.objects.get(status="draft").facts == {"infers_outputs": True, "is_gpai_model": False}
    with pytest.raises(FactsError, match="unknown fact"):
        services.assessment_save_draft(actor=editor, algorithm=record, facts={"bogus": 1})
    assert Assessment.objects.get(status="draft").facts == {"infers_outputs": True, "is_gpai_model": False}


def test_public_page_shows_the_assessment_with_articles(
    client: Client, make_record: Any, editor: Actor, republish: Any
) -> None:
    record = make_record()
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-41"])
    republish(record)
    html = client.get(f"/fr/algorithms/{record.public_id}/").content.decode()
    assert "Pas à haut risque au titre de l&#x27;article 6, paragraphe 3" in html
    assert "Art. 6(3)(a)" in html
    assert "Annexe VIII, section B" in html
    assert "Art. 49(2)" in html


def test_questionnaire_form_walks_to_a_result_without_javascript(client: Client) -> None:
    page = client.post("/en/ai-act/", {"state": facts_token({}), "fact-infers_outputs": "no"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Not an AI system" in html


def test_questionnaire_form_shows_the_next_section_and_keeps_answers(client: Client) -> None:
    facts = {"infers_outputs": True, "is_gpai_model": False, "influences_environment": True}
    page = client.post("/nl/ai-act/", {"state": facts_token(facts), "fact-roles": ["deployer"]})
    html = page.content.decode()
    assert "Beschrijft een van deze situaties het systeem precies?" in html
    token = re.search(r'name="state" value="([^"]+)"', html)
    assert token is not None
    assert facts_from_token(token.group(1)) == {**facts, "roles": ["deployer"]}
    assert f"?state={token.group(1)}" in html


def test_questionnaire_form_names_an_unanswered_question(client: Client) -> None:
    page = client.post("/en/ai-act/", {"state": facts_token({}), "next": "1"})
    assert "Please answer this question." in page.content.decode()
    dutch = client.post("/nl/ai-act/", {"state": facts_token({}), "next": "1"})
    assert "Beantwoord deze vraag." in dutch.content.decode()


def test_record_questionnaire_saves_and_stores(client: Client, make_record: Any, editor: Actor) -> None:
    record = make_record()
    assert editor.user is not None
    client.force_login(editor.user)  # type: ignore[arg-type]
    url = f"/editor/algorithms/{record.public_id}/ai-act/"
    client.post(url, {"fact-infers_outputs": "no", "later": "1"})
    assert Assessment.objects.get(status="draft").facts == {"infers_outputs": False}
    response = client.post(url, {"store": "1"})
    assert response.status_code == 302
    assert Assessment.objects.get(status="complete").categories == ["not_ai_system"]
    assert not Assessment.objects.filter(status="draft").exists()


def test_saving_for_later_keeps_the_answered_questions_and_skips_the_rest(
    client: Client, make_record: Any, editor: Actor
) -> None:
    record = make_record()
    assert editor.user is not None
    client.force_login(editor.user)  # type: ignore[arg-type]
    url = f"/editor/algorithms/{record.public_id}/ai-act/"
    facts = {"infers_outputs": True, "is_gpai_model": False, "influences_environment": True, "roles": ["deployer"]}
    services.assessment_save_draft(
        actor=editor, algorithm=record, facts={**facts, "art2_exclusion": "none", "free_open_source": False}
    )
    response = client.post(url, {"fact-manipulative_techniques": "no", "later": "1"})
    assert response.status_code == 302
    draft = Assessment.objects.get(status="draft").facts
    assert draft["manipulative_techniques"] is False
    assert "exploits_vulnerabilities" not in draft


def test_none_of_these_ends_the_justice_path_instead_of_a_dead_end(client: Client) -> None:
    """Choosing the justice area and then no use of it ended in the raw English "justice_democracy_uses needs at
    least 1 value(s)" on a Dutch page; "None of these" now classifies, and the form says what to do in Dutch."""
    from .cases import case

    facts = case(roles=["deployer"], annex_iii_areas=["justice_democracy"])
    done = post_json(client, "/api/v1/aiact/classify", {"facts": {**facts, "justice_democracy_uses": ["none"]}}).json()
    assert "high_risk_annex_iii" not in done["categories"], done
    both = post_json(
        client,
        "/api/v1/aiact/classify",
        {"facts": {**facts, "justice_democracy_uses": ["none", "judicial_assistance"]}},
    ).json()
    assert both["status"] == 422 and "cannot be combined" in json.dumps(both)
    dutch = client.post("/nl/ai-act/", {"state": facts_token(facts), "next": "1"}).content.decode()
    assert "Geen van deze (bijvoorbeeld louter ondersteunend administratief werk" in dutch
    empty = client.post("/nl/ai-act/", {"state": facts_token(facts), "fact-justice_democracy_uses": []})
    assert "needs at least" not in empty.content.decode()


def test_every_multiple_choice_offers_none_of_these(client: Client) -> None:
    from .cases import case

    facts = {k: v for k, v in case(roles=["deployer"]).items() if k != "annex_iii_areas"}
    page = client.get("/en/ai-act/", {"state": facts_token(facts)}).content.decode()
    assert 'name="fact-annex_iii_areas" value="__none__"' in page  # a question whose empty answer is "none"
    mixed = client.post(
        "/en/ai-act/",
        {"state": facts_token(facts), "fact-annex_iii_areas": ["__none__", "education"], "next": "1"},
    ).content.decode()
    assert "“None of these” cannot be chosen with another answer." in mixed


def test_the_result_shows_what_does_not_apply_and_why(client: Client) -> None:
    """A tax office answering "profiling in the detection of offences" is not made high-risk under Annex III 6(e):
    the result says why (recital 59) and asks for legal review; the justice area's "none" cites recital 61; a
    practice answered "no" shows as not applying, with its article."""
    from .cases import case

    tax = case(
        roles=["deployer"],
        annex_iii_areas=["law_enforcement"],
        law_enforcement_uses=["profiling_investigation"],
        law_enforcement_authority=False,
    )
    result = post_json(client, "/api/v1/aiact/classify", {"facts": tax}).json()
    assert "high_risk_annex_iii" not in result["categories"] and result["legal_review_recommended"]
    steps = {s["rule"]: s for s in result["trace"]}
    assert steps["hr.iii.6e"]["outcome"] == "not_applicable" and "recital 59" in steps["hr.iii.6e"]["exception_refs"]
    assert steps["hr.iii.6.other_user"]["outcome"] == "applies" and steps["hr.iii.6.other_user"]["legal_review"]
    assert steps["p5.c"]["outcome"] == "not_applicable" and steps["p5.c"]["refs"] == ["Art. 5(1)(c)"]
    justice = case(roles=["deployer"], annex_iii_areas=["justice_democracy"], justice_democracy_uses=["none"])
    steps = {s["rule"]: s for s in post_json(client, "/api/v1/aiact/classify", {"facts": justice}).json()["trace"]}
    assert steps["hr.iii.8a"]["outcome"] == "not_applicable" and "recital 61" in steps["hr.iii.8a"]["exception_refs"]
    assert "hr.iii.3a" not in steps  # an area never chosen is not listed
    page = client.post("/fr/ai-act/", {"state": facts_token(tax), "next": "1"}).content.decode()
    assert "considérant 59" in page or "recital 59" in page


def test_previous_section_keeps_the_answers_and_a_damaged_link_says_so(client: Client) -> None:
    facts = {"infers_outputs": True, "is_gpai_model": False, "influences_environment": True}
    forward = client.post("/en/ai-act/", {"state": facts_token(facts), "fact-roles": ["deployer", "importer"]})
    token = re.search(r'name="state" value="([^"]+)"', forward.content.decode())
    assert token is not None
    back = client.post("/nl/ai-act/", {"state": token.group(1), "back": "1"}).content.decode()
    assert 'value="deployer" checked' in back and 'value="importer" checked' in back  # offered again
    assert 'value="provider" checked' not in back
    damaged = client.get("/nl/ai-act/", {"state": token.group(1)[:-6] + "xxxxxx"}).content.decode()
    assert "beschadigd" in damaged  # said, in the page's language, instead of a silent restart


def test_references_and_the_legal_text_are_named_in_the_readers_language(client: Client) -> None:
    from .cases import CASES

    facts = CASES["AIA-01"]
    page = client.post("/nl/ai-act/", {"state": facts_token(facts), "next": "1"}).content.decode()
    assert "Bijlage III 5(a)" in page and "Annex III 5(a)" not in page
    assert "Verordening (EU) 2024/1689" in page
    french = client.post("/fr/ai-act/", {"state": facts_token(facts), "next": "1"}).content.decode()
    assert "Annexe III 5(a)" in french and "considérant" in french
