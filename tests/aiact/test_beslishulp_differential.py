"""Differential test: every path of the Dutch decision aid (MinBZK beslishulp) against Algoscope's classifier.

Each answer of the beslishulp is mapped to the facts it stands for (its coarse questions get one representative
case: "a prohibited practice" becomes social scoring, "an Annex III use" becomes public-benefit eligibility);
facts it never asks are given their non-triggering value. The categories the beslishulp settled on a path (its
labels and conclusion) must then equal ours, except for the documented divergences in ``DIVERGENCES`` (each
one explained in docs/aiact.md, "Differences from the Dutch decision aid"). A divergence that no longer occurs
fails the test too, so the list stays true.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path as FsPath
from typing import Any

import pytest
import yaml

from algoscope.aiact.engine.classify import evaluate
from algoscope.aiact.engine.ruleset import load_ruleset

from .beslishulp import Path, jexl, paths

TREE = FsPath(__file__).resolve().parents[3] / "shared/data/aiact/minbzk-beslishulp/decision-tree.yaml"
pytestmark = pytest.mark.skipif(not TREE.exists(), reason="needs ../shared beside the checkout")

AI_SYSTEM = {"infers_outputs": True, "influences_environment": True, "is_gpai_model": False}
RBI_WITH_EXCEPTION = {
    "biometric_recognition": "remote_identification",
    "rbi_real_time": True,
    "publicly_accessible_space": True,
    "law_enforcement_purpose": True,
    "rbi_objective": "victims_missing_persons",
    "rbi_national_law": True,
    "rbi_authorisation": True,
}
# (question id, start of the answer) → the facts that answer stands for.
ANSWER_FACTS: dict[tuple[str, str], dict[str, Any]] = {
    ("1.1", "Ja"): {},
    ("1.1", "Nee"): {"infers_outputs": False},
    ("1.2", "We ontwikkelen enkel"): {"roles": ["provider"]},
    ("1.2", "We ontwikkelen, maar"): {"roles": ["provider", "deployer"]},
    ("1.2", "We ontwikkelen en gebruiken"): {"roles": ["provider", "deployer"]},
    ("1.2", "We hebben opdracht"): {"roles": ["provider"]},
    ("1.2", "We gebruiken een extern ontwikkelde toepassing zonder"): {"roles": ["deployer"], "provider_by_art25": []},
    ("1.2", "We gebruiken een extern ontwikkelde toepassing met"): {
        "roles": ["deployer"],
        "provider_by_art25": ["substantial_modification"],
    },
    ("1.2", "We importeren"): {"roles": ["importer"]},
    ("1.2", "We kopen"): {"roles": ["distributor"]},
    ("1.3", "In gebruik"): {},
    ("1.3", "In ontwikkeling"): {},
    ("1.4.1", "Ja"): AI_SYSTEM,
    ("1.4.1", "Nee"): {},
    ("1.4.1", "Ik weet het niet"): {},
    ("1.4.2", "AI-systeem voor algemene doeleinden"): AI_SYSTEM,
    ("1.4.2", "AI-model voor algemene doeleinden"): {"infers_outputs": True, "is_gpai_model": True},
    ("1.4.2", "Geen van bovenstaande"): {"infers_outputs": False},
    ("1.5", "Ja"): {"art2_exclusion": "military_defence_national_security"},
    ("1.5", "Nee"): {"art2_exclusion": "none"},
    ("1.6.1", "Ja"): {"infers_outputs": False},
    ("1.6.1", "Nee"): {},
    ("1.6.2", "Ja"): {"infers_outputs": True, "is_gpai_model": False},
    ("1.6.2", "Nee"): {"infers_outputs": False},
    ("1.6.3", "Ja"): {"influences_environment": True},
    ("1.6.3", "Nee"): {"influences_environment": False},
    ("2.0", "Naar"): {},
    ("2.1", "Ja"): {},
    ("2.1", "Nee"): {},
    ("2.2", "Ja"): RBI_WITH_EXCEPTION,
    ("2.2", "Nee"): {"social_scoring": True, "social_score_detrimental": True},
    ("2.3", "Ja Sectie A"): {"annex_i_legislation": "medical_devices"},
    ("2.3", "Ja Sectie B"): {"annex_i_legislation": "motor_vehicles"},
    ("2.3", "Geen van beide"): {"annex_i_legislation": "none"},
    ("2.4", "Ja"): {"annex_iii_areas": ["essential_services"], "essential_services_uses": ["public_benefits"]},
    ("2.4", "Nee"): {"annex_iii_areas": []},
    ("2.5", "Ja"): {"profiling": True},
    ("2.5", "Nee"): {"profiling": False},
    ("2.6", "Ja"): {"art6_3_conditions": ["preparatory_task"], "no_significant_risk": True},
    ("2.6", "Nee"): {"art6_3_conditions": []},
    ("2.7.1", "Ja"): {"third_party_conformity": True},
    ("2.7.1", "Nee"): {"third_party_conformity": False},
    ("2.7.2", "Ja"): {},
    ("2.7.2", "Nee"): {},
    ("2.8", "Ja"): {"training_compute_flop": 1e26},
    ("2.8", "Nee"): {"training_compute_flop": 1e23, "commission_designated": False},
    ("2.9", "Ja"): {},
    ("2.9", "Nee"): {"interacts_with_persons": False, "synthetic_content": []},
    ("2.10", "Ja"): {
        "interacts_with_persons": True,
        "ai_interaction_obvious": False,
        "authorised_for_criminal_offences": True,
    },
    ("2.10", "Nee"): {
        "interacts_with_persons": True,
        "ai_interaction_obvious": False,
        "authorised_for_criminal_offences": False,
    },
    ("2.11", "Ja"): {"free_open_source": True},
    ("2.11", "Nee"): {"free_open_source": False},
}

# Known, documented divergences (docs/aiact.md): reason → how to recognise the path.
DIVERGENCES = {
    # Both Art. 5(1)(h) exceptions are remote biometric identification, an Annex III point 1(a) use: high-risk
    # whatever the beslishulp's later Annex III answer says.
    "permitted_rbi_is_annex_iii_1": lambda p: ("2.2", "Ja") in _answers(p),
    # Art. 6(1)(b): an Annex I Section A product is high-risk only when it needs a third-party conformity
    # assessment; the beslishulp labels it high-risk before it asks, and keeps the label when the answer is no.
    "annex_i_without_third_party_assessment": lambda p: ("2.7.1", "Nee") in _answers(p),
    # Annex I Section B products: Art. 6(1) makes them high-risk, but only Art. 102-109 (sectoral amendments) bind;
    # the beslishulp routes them on to the profiling question as if they were Annex III uses.
    "annex_i_section_b_then_profiling": lambda p: ("2.3", "Ja Sectie B") in _answers(p),
    # Art. 2(12): free and open-source systems are excluded unless high-risk, prohibited or under Art. 50; the
    # beslishulp asks about open source only after transparency, and for GPAI models it keeps the model obligations
    # (Art. 53(2) lightens them; the model stays a GPAI model for us).
    "open_source_order": lambda p: ("2.11", "Ja") in _answers(p),
    # Importers and distributors: the beslishulp stops before the transparency question.
    "importer_distributor_stop_early": lambda p: bool({"importeur", "distributeur"} & p.labels),
}


def _answers(path: Path) -> set[tuple[str, str]]:
    return {
        (qid, key[1]) for qid, text in path.answers for key in ANSWER_FACTS if key[0] == qid and text.startswith(key[1])
    }


@cache
def _tree() -> dict[str, Any]:
    return dict(yaml.safe_load(TREE.read_text(encoding="utf-8")))


def facts_for(path: Path) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for qid, text in path.answers:
        matches = [key for key in ANSWER_FACTS if key[0] == qid and text.startswith(key[1])]
        assert matches, f"no facts for answer {qid} {text!r}: extend ANSWER_FACTS"
        facts.update(ANSWER_FACTS[max(matches, key=lambda k: len(k[1]))])
    return facts


def _quiet_default(key: str) -> Any:
    """The value of a fact the beslishulp never asks that triggers nothing."""
    fact = load_ruleset().fact(key)
    if fact.type == "bool":
        return False
    if fact.type == "choices":
        return []
    if fact.type == "choice":
        values = [c.value for c in fact.choices]
        return "none" if "none" in values else ("other" if "other" in values else values[-1])
    if fact.type == "number":
        return 0
    return None


def ours(facts: dict[str, Any]) -> frozenset[str]:
    facts = dict(facts)
    for _ in range(60):
        state = evaluate(facts, as_of=None)
        if state.classification is not None:
            return frozenset(state.classification.categories)
        facts.update({key: _quiet_default(key) for key in state.needed})
    raise AssertionError(f"no classification for {facts}")


def theirs(path: Path) -> dict[str, frozenset[str]]:
    """What the beslishulp settled on this path, per dimension (a dimension it did not settle is left out)."""
    labels, asked = path.labels, {qid for qid, _ in path.answers}
    settled: dict[str, frozenset[str]] = {}
    if path.conclusion in ("11.0", "11.1"):
        return {"scope": frozenset({"not_ai_system"})}
    if path.conclusion == "11.2" and "uitzondering van toepassing" in labels:
        return {"scope": frozenset({"excluded"})}
    if path.conclusion == "11.2":  # open source, not high-risk, no transparency duty (Art. 2(12))
        return {"scope": frozenset({"excluded"})}
    if "AI-model voor algemene doeleinden" in labels:
        # Algoscope names the narrower class only: a model with systemic risk is gpai_model_systemic_risk.
        systemic = "systeemrisico" in labels
        settled["gpai"] = frozenset({"gpai_model_systemic_risk" if systemic else "gpai_model"})
        return settled
    if "verboden AI" in labels:
        settled["risk"] = frozenset({"prohibited"})
    elif "hoog-risico AI" in labels:
        annex_i = any(qid == "2.3" and text.startswith("Ja") for qid, text in path.answers)
        settled["risk"] = frozenset({"high_risk_annex_i" if annex_i else "high_risk_annex_iii"})
    elif "geen hoog-risico AI" in labels:
        settled["risk"] = frozenset({"not_high_risk_art6_3"} if "2.6" in asked else set())
    if "transparantieverplichting" in labels:
        settled["transparency"] = frozenset({"transparency"})
    elif "geen transparantieverplichting" in labels:
        settled["transparency"] = frozenset()
    return settled


DIMENSIONS = {
    "scope": {"not_ai_system", "excluded"},
    "risk": {"prohibited", "high_risk_annex_i", "high_risk_annex_iii", "not_high_risk_art6_3"},
    "transparency": {"transparency"},
    "gpai": {"gpai_model", "gpai_model_systemic_risk"},
}


def compare(path: Path) -> list[str]:
    """The dimensions on which the two disagree on this path, e.g. ``["risk: {...} vs {...}"]``."""
    mine = ours(facts_for(path))
    problems = []
    for dimension, expected in theirs(path).items():
        got = mine & DIMENSIONS[dimension]
        if got != expected:
            problems.append(f"{dimension}: beslishulp {sorted(expected)} vs algoscope {sorted(got)}")
    return problems


def test_jexl_subset() -> None:
    labels = frozenset({"aanbieder", "AI-systeem"})
    assert jexl('"aanbieder" in labels && "AI-systeem" in labels', labels)
    assert not jexl('!("aanbieder" in labels) || "x" in labels', labels)
    assert jexl('("x" in labels || "AI-systeem" in labels) && !("y" in labels)', labels)
    with pytest.raises(ValueError):
        jexl("labels.length > 2", labels)


@pytest.mark.slow
def test_every_beslishulp_path_agrees_except_documented_divergences() -> None:
    all_paths = list(paths(_tree()))
    assert len(all_paths) > 3000
    disagreements: Counter[str] = Counter()
    explained: Counter[str] = Counter()
    unexplained = []
    cache: dict[str, list[str]] = {}
    for path in all_paths:
        if path.conclusion == "11.3":
            continue  # "none of these roles": the AI Act binds no one; Algoscope always asks for a role
        key = json.dumps(facts_for(path), sort_keys=True) + json.dumps(
            sorted(theirs(path).items(), key=str), default=sorted
        )
        if key not in cache:
            cache[key] = compare(path)
        problems = cache[key]
        if not problems:
            continue
        reasons = [name for name, matches in DIVERGENCES.items() if matches(path)]
        if reasons:
            explained.update(reasons)
        else:
            unexplained.append((path.answers, path.conclusion, problems))
        disagreements.update(problems)
    assert not unexplained, f"{len(unexplained)} undocumented divergences, e.g. {unexplained[:3]}"
    assert set(explained) == set(DIVERGENCES), f"divergences no longer seen: {set(DIVERGENCES) - set(explained)}"
