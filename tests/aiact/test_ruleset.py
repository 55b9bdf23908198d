"""The rule files are validated: schema errors and broken references name the file and the place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from algoscope.aiact.engine import citations
from algoscope.aiact.engine.ruleset import DATA, RulesetError, load_ruleset


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    for name in ("facts.yaml", "rules.yaml", "obligations.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_rule_set_loads_and_is_versioned() -> None:
    ruleset = load_ruleset()
    assert ruleset.version.count(".") == 2
    assert ruleset.default_legal_text == "2024/1689+omnibus-2026"


def test_a_rule_without_articles_fails_the_schema(rules_dir: Path) -> None:
    edit(rules_dir / "rules.yaml", 'refs: ["Art. 5(1)(e)"]', "refs: []")
    with pytest.raises(RulesetError, match=r"rules.yaml: rules\[p5.e\].refs"):
        load_ruleset.__wrapped__(rules_dir)


def test_a_reference_to_an_unknown_fact_is_named(rules_dir: Path) -> None:
    edit(rules_dir / "rules.yaml", "{fact: untargeted_face_scraping}", "{fact: face_scraping}")
    with pytest.raises(RulesetError, match=r"rules\[p5.e\].when: unknown fact 'face_scraping'"):
        load_ruleset.__wrapped__(rules_dir)


def test_an_unknown_choice_is_named(rules_dir: Path) -> None:
    edit(rules_dir / "rules.yaml", "{fact: education_uses, has: admission}", "{fact: education_uses, has: admissions}")
    with pytest.raises(RulesetError, match="has no choice 'admissions'"):
        load_ruleset.__wrapped__(rules_dir)


def test_a_dependency_cycle_is_refused(rules_dir: Path) -> None:
    edit(
        rules_dir / "rules.yaml",
        "when: {any: [{rule: p5.a}, {rule: p5.b},",
        "when: {any: [{rule: cat.prohibited}, {rule: p5.b},",
    )
    with pytest.raises(RulesetError, match="dependency cycle"):
        load_ruleset.__wrapped__(rules_dir)


def test_broken_yaml_names_the_file(rules_dir: Path) -> None:
    (rules_dir / "obligations.yaml").write_text("obligations: [\n")
    with pytest.raises(RulesetError, match=r"obligations\.yaml: not valid YAML"):
        load_ruleset.__wrapped__(rules_dir)


def test_every_reference_in_the_rule_set_parses_to_a_citation() -> None:
    ruleset = load_ruleset()
    refs = [r for rule in ruleset.rules for r in (*rule.refs, *rule.unless_refs)]
    refs += [r for duty in (*ruleset.obligations, *ruleset.registrations) for r in duty.refs]
    assert all(citations.parse(ref) for ref in refs)


@pytest.mark.parametrize(
    ("text", "atoms"),
    [
        ("Art. 6(3)(a),(d)", ["Art. 6(3)(a)", "Art. 6(3)(d)"]),
        ("Art. 9-11", ["Art. 9", "Art. 10", "Art. 11"]),
        ("Art. 5(2)-(4)", ["Art. 5(2)", "Art. 5(3)", "Art. 5(4)"]),
        ("Art. 26 (incl. 26(7), 26(11))", ["Art. 26", "Art. 26(7)", "Art. 26(11)"]),
        ("Art. 43 (Annex VI)", ["Art. 43", "Annex VI"]),
        ("Annex I Section A (Reg. (EU) 2017/745)", ["Annex I Section A", "Reg. (EU) 2017/745"]),
        ("Annex III 2 (not met); Art. 3(14)", ["Art. 3(14)", "Annex III 2"]),
        ("Art. 5(1)(h)(i)-(iii)", ["Art. 5(1)(h)(i)", "Art. 5(1)(h)(ii)", "Art. 5(1)(h)(iii)"]),
        ("Art. 51(1)(a),(2)", ["Art. 51(1)(a)", "Art. 51(2)"]),
        ("Art. 6(3) last subpara.", ["Art. 6(3)"]),
    ],
)
def test_citations_parse_lists_ranges_and_parentheticals(text: str, atoms: list[str]) -> None:
    assert [str(a) for a in citations.parse(text)] == atoms


def test_a_general_citation_is_covered_by_a_specific_one_but_not_the_reverse() -> None:
    general, specific = citations.parse("Art. 26")[0], citations.parse("Art. 26(8)")[0]
    assert citations.uncovered([general], [specific]) == []
    assert citations.uncovered([specific], [general]) == [specific]


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_every_rule_set_text_is_translated(lang: str) -> None:
    from algoscope.aiact.engine.texts import catalogue, english

    english_texts = english(load_ruleset())
    local = catalogue(lang)
    assert sorted(set(english_texts) - set(local)) == []
    assert sorted(set(local) - set(english_texts)) == [], "translations of texts that no longer exist"
