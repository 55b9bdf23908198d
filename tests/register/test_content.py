from __future__ import annotations

import pytest

from algoscope.common.errors import InvalidInput
from algoscope.common.multilingual import resolve_text
from algoscope.register.content import FIELDS, content_languages, empty_content, merge_content
from algoscope.register.validation import validate_content
from tests.conftest import content


def problems(data: dict, **kwargs: object) -> dict[str, str]:
    with pytest.raises(InvalidInput) as info:
        validate_content(data, **kwargs)  # type: ignore[arg-type]
    return {p.path: p.code for p in info.value.problems}


def test_complete_record_is_valid_for_review() -> None:
    clean = validate_content(content(), for_review=True)
    assert clean["name"] == {"nl": "Risicomodel uitkeringen", "fr": "Modèle de risque des allocations"}
    assert set(clean) == {spec.key for spec in FIELDS}


def test_missing_required_fields_are_all_named() -> None:
    found = problems({})
    assert found == {
        "original_language": "required",
        "name": "required",
        "lifecycle_status": "required",
        "publication_category": "required",
    }
    # a draft may wait for its short description (an imported record often has none); review may not
    assert "short_description" in problems({}, for_review=True)


def test_name_is_required_in_the_original_language() -> None:
    found = problems(
        content(
            original_language="fr",
            name={"nl": "Alleen Nederlands", "fr": None},
            short_description={"fr": "x"},
        )
    )
    assert found == {"name.fr": "required"}


def test_review_needs_contact_purpose_and_oversight() -> None:
    data = content(contact_email="", purpose_and_impact={"nl": None}, human_oversight={"nl": None})
    validate_content(data)  # fine for a draft
    assert problems(data, for_review=True) == {
        "contact_email": "required",
        "purpose_and_impact.nl": "required",
        "human_oversight.nl": "required",
    }


def test_over_long_text_names_field_and_language() -> None:
    found = problems(content(name={"nl": "x" * 151}))
    assert found == {"name.nl": "too-long"}


def test_unknown_field_unknown_language_and_unknown_code_are_errors() -> None:
    data = content(policy_domains=["taxes", "astrology"])
    data["colour"] = "blue"
    data["name"] = {"nl": "Naam", "xx": "?"}
    found = problems(data)
    assert found == {
        "colour": "unknown-field",
        "name.xx": "unknown-language",
        "policy_domains.1": "unknown-code",
    }


def test_html_is_stored_as_text_not_interpreted() -> None:
    clean = validate_content(content(name={"nl": "<script>alert(1)</script> Model"}))
    assert clean["name"]["nl"] == "<script>alert(1)</script> Model"


def test_control_characters_and_line_breaks_in_one_line_fields_are_refused() -> None:
    found = problems(content(name={"nl": "a\x00b"}, supplier="line\nbreak"))
    assert found == {"name.nl": "control-character", "supplier": "single-line"}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("contact_email", "not an address", "invalid-contact"),
        ("more_info_url", "javascript:alert(1)", "invalid-url"),
        ("start_date", "2024-13", "invalid-month"),
        ("lifecycle_status", "active", "unknown-code"),
    ],
)
def test_formats_are_checked(field: str, value: str, code: str) -> None:
    assert problems(content(**{field: value})) == {field: code}


def test_end_before_start_is_refused() -> None:
    assert problems(content(start_date="2024-05", end_date="2023-01")) == {"end_date": "before-start"}


def test_list_items_are_located_by_index() -> None:
    data = content(
        legal_bases=[
            {"title": "Wet", "link": "https://wetten.overheid.nl/BWBR1"},
            {"title": "", "link": "ftp://x"},
        ],
        impact_assessments=[{"type": "dpia", "title": "DPIA"}, {"type": "horoscope", "title": "?"}],
        risks=[{"risk": {}, "mitigation": {"nl": "x"}}],
    )
    assert problems(data) == {
        "legal_bases.1.title": "required",
        "legal_bases.1.link": "invalid-url",
        "impact_assessments.1.type": "unknown-code",
        "risks.0.risk": "required",
    }


def test_codes_are_deduplicated_and_ordered_and_keywords_deduplicated_case_insensitively() -> None:
    clean = validate_content(content(policy_domains=["work", "taxes", "work"], keywords=["Fraude", "fraude", "AI"]))
    assert clean["policy_domains"] == ["taxes", "work"]
    assert clean["keywords"] == ["Fraude", "AI"]


def test_resolve_text_falls_back_to_the_original_language_and_says_so() -> None:
    texts = {"nl": "Naam", "fr": "Nom"}
    assert resolve_text(texts, "fr", "nl").fallback is False
    shown = resolve_text(texts, "de", "nl")
    assert (shown.text, shown.language, shown.fallback) == ("Naam", "nl", True)
    assert resolve_text({"en": "Name"}, "de", "nl").language == "en"


def test_merge_content_merges_languages_and_null_removes_one() -> None:
    base = content()
    merged = merge_content(base, {"name": {"de": "Name", "fr": None}, "supplier": "Intern"})
    assert merged["name"] == {"nl": "Risicomodel uitkeringen", "de": "Name"}
    assert merged["supplier"] == "Intern"
    assert base["name"]["fr"]  # the input is not changed


def test_content_languages_need_name_and_short_description() -> None:
    assert content_languages(content(name={"de": "Name"})) == ["nl", "fr"]
    assert content_languages(empty_content()) == []
