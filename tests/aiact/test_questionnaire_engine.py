"""The questionnaire asks only what the outcome still needs, explains it, and is strict about bad facts."""

from __future__ import annotations

import pytest

from algoscope.aiact.engine.classify import classify
from algoscope.aiact.engine.errors import FactsError, MissingFacts, UnknownLegalText
from algoscope.aiact.engine.questionnaire import all_questions, next_step

from .cases import CASES


def answer_all(answers: dict[str, object], lang: str = "en") -> tuple[dict[str, object], list[str]]:
    facts: dict[str, object] = {}
    asked: list[str] = []
    for _ in range(40):
        step = next_step(facts, lang=lang)
        if step.complete:
            return facts, asked
        for q in step.questions:
            asked.append(q.key)
            facts[q.key] = answers[q.key]
    raise AssertionError("questionnaire did not finish")


def test_a_non_ai_calculator_is_settled_by_one_question() -> None:
    facts, asked = answer_all({"infers_outputs": False})
    assert asked == ["infers_outputs"]
    assert classify(facts).categories == ("not_ai_system",)


def test_questionnaire_reaches_each_case_without_asking_more_than_the_case_knows() -> None:
    for case_id, case_facts in CASES.items():
        facts, asked = answer_all(case_facts)
        assert set(asked) <= set(case_facts), case_id
        assert classify(facts).categories == classify(case_facts).categories, case_id


def test_a_military_system_is_not_asked_about_prohibited_practices() -> None:
    _, asked = answer_all(CASES["AIA-27"])
    assert "manipulative_techniques" not in asked
    assert asked[-1] == "art2_exclusion"


def test_a_prohibited_practice_skips_the_high_risk_and_transparency_questions() -> None:
    _, asked = answer_all(CASES["AIA-10"])
    assert not {"annex_i_legislation", "annex_iii_areas", "interacts_with_persons", "profiling"} & set(asked)


def test_questions_are_asked_one_section_at_a_time_with_their_legal_references() -> None:
    step = next_step(
        {
            "infers_outputs": True,
            "is_gpai_model": False,
            "influences_environment": True,
            "roles": ["deployer"],
            "art2_exclusion": "none",
            "free_open_source": False,
        }
    )
    assert step.section == "prohibited"
    assert {q.section for q in step.questions} == {"prohibited"}
    manipulative = next(q for q in step.questions if q.key == "manipulative_techniques")
    assert manipulative.refs == ("Art. 5(1)(a)",)


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_questions_are_translated(lang: str) -> None:
    english = {q.key: q.question for q in all_questions("en")}
    local = {q.key: q.question for q in all_questions(lang)}
    assert all(local[k] != english[k] for k in english)


def test_an_unknown_fact_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(FactsError) as exc:
        classify({"infers_output": True})
    problem = exc.value.problems[0]
    assert problem.loc == ("facts", "infers_output")
    assert "did you mean 'infers_outputs'" in problem.message


def test_a_wrong_value_names_the_fact_and_the_allowed_values() -> None:
    with pytest.raises(FactsError) as exc:
        classify({**CASES["AIA-15"], "art2_exclusion": "army", "roles": ["mayor"]})
    messages = {p.loc[1]: p.message for p in exc.value.problems}
    assert "military_defence_national_security" in messages["art2_exclusion"]
    assert "'mayor'" in messages["roles"]


def test_an_answer_whose_question_does_not_arise_is_not_used_and_named() -> None:
    """A filled-in template answers every question: "real time" for a system that only verifies identity is not
    used (the rules see the default) and is named with its prerequisite, never refused as a contradiction."""
    base = classify(CASES["AIA-15"])
    result = classify({**CASES["AIA-15"], "biometric_recognition": "verification", "rbi_real_time": True})
    ((_key, reason),) = [item for item in result.ignored_facts if item[0] == "rbi_real_time"]
    assert "biometric_recognition is remote_identification (it is verification)" in reason
    assert "rbi_real_time" in result.unused_facts
    verification = classify({**CASES["AIA-15"], "biometric_recognition": "verification"})
    assert result.categories == verification.categories and base.categories


def test_missing_facts_are_listed_in_asking_order() -> None:
    facts = {k: v for k, v in CASES["AIA-01"].items() if k not in {"profiling", "roles"}}
    with pytest.raises(MissingFacts) as exc:
        classify(facts)
    assert exc.value.keys[0] == "roles"
    assert "profiling" in exc.value.keys


def test_unknown_legal_text_is_refused() -> None:
    with pytest.raises(UnknownLegalText):
        classify(CASES["AIA-15"], legal_text="2031/1")


def test_facts_that_do_not_apply_are_reported_as_unused() -> None:
    result = classify({**CASES["AIA-28"], "roles": ["deployer"]})
    assert result.unused_facts == ("roles",)


def test_answers_a_case_did_not_need_never_change_its_category() -> None:
    """Every worked case with the other cases' answers added (those it does not give itself): the same category,
    and no error: such answers are irrelevant or follow-ups of questions that do not arise."""
    for key, facts in CASES.items():
        expected = classify(facts).categories
        for other in CASES.values():
            assert classify({**other, **facts}).categories == expected, key
