"""Messages with parameters: English by default, translated where shown, never broken by a translation."""

from __future__ import annotations

import pytest
from django.utils import translation

from algoscope.common.errors import InvalidInput, Problem, required_text
from algoscope.common.messages import Text, render
from algoscope.common.translation import error_text, localize, localized
from algoscope.register.validation import validate_content


def test_render_fills_in_and_keeps_braces_without_parameters() -> None:
    assert render("unknown value {value!r}", {"value": "x"}) == "unknown value 'x'"
    assert render("an object: {standard: {field: text}}", {}) == "an object: {standard: {field: text}}"
    assert str(Text("at most {limit}", limit=3)) == "at most 3"


def test_a_translation_naming_another_value_falls_back_to_english() -> None:
    assert render("at most {limit}", {"limit": 3}, lambda _: "hoogstens {grens}") == "at most 3"


def test_problems_are_english_for_the_api_and_translated_for_pages() -> None:
    problem = Problem(("name",), "too-long", "at most {limit} characters (got {length})", {"limit": 5, "length": 9})
    assert problem.message == "at most 5 characters (got 9)"
    with translation.override("nl"):
        assert localized(problem) == "hoogstens 5 tekens (nu 9)"
        assert localize("is required") == "is verplicht"
    with translation.override("fr"):
        assert error_text(InvalidInput([problem])) == "au plus 5 caractères (reçu 9)"


def test_content_validation_messages_are_translated() -> None:
    try:
        validate_content({"name": {"xx": "Naam"}})
    except InvalidInput as exc:
        problems = {p.path: p for p in exc.problems}
    else:
        raise AssertionError("invalid content was accepted")
    assert problems["name.xx"].message == "unknown language 'xx'; use nl, fr, de or en"
    with translation.override("de"):
        assert localized(problems["name.xx"]) == "unbekannte Sprache 'xx'; verwenden Sie nl, fr, de oder en"


def test_required_text_is_stripped_and_its_problems_name_the_field() -> None:
    assert required_text("  the seed  ", "seed", limit=10, missing="give it") == "the seed"
    for value in (None, "  "):
        with pytest.raises(InvalidInput) as empty:
            required_text(value, "seed", limit=10, missing="give it")
        assert [(p.loc, p.code, p.message) for p in empty.value.problems] == [(("seed",), "required", "give it")]
    with pytest.raises(InvalidInput) as long:
        required_text("x" * 11, "seed", limit=10, missing="give it")
    (problem,) = long.value.problems
    assert (problem.loc, problem.code, problem.message) == (("seed",), "too-long", "at most 10 characters (got 11)")
    with translation.override("nl"):
        assert localized(problem) == "hoogstens 10 tekens (nu 11)"
