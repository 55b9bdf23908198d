from __future__ import annotations

import pytest

from algoscope.accounts.identifiers import parse_identifier
from algoscope.common.errors import InvalidInput


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("0207.451.227", "0207.451.227"),  # Stad Gent
        ("BE 0207 451 227", "0207.451.227"),
        ("207451227", "0207.451.227"),  # old nine-digit form
        ("0671516647", "0671.516.647"),  # FPS BOSA
    ],
)
def test_kbo_numbers_are_normalised(raw: str, normalised: str) -> None:
    assert parse_identifier("BE", "kbo", raw).value == normalised


@pytest.mark.parametrize("raw", ["0207.451.228", "2207.451.227", "0207.451", "abc", ""])
def test_kbo_numbers_with_wrong_check_digits_or_shape_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_identifier("BE", "kbo", raw)
    assert info.value.problems[0].loc == ("identifier",)


def test_dutch_and_luxembourg_identifiers() -> None:
    assert parse_identifier("NL", "oin", "00000001003214345000").slug == "oin-00000001003214345000"
    tooi = parse_identifier("NL", "tooi", "https://identifier.overheid.nl/tooi/id/gemeente/gm0363")
    assert tooi.slug == "tooi-gemeente-gm0363"
    assert parse_identifier("LU", "rcs", "b 123456").value == "B123456"
    for country, scheme, raw in [("NL", "oin", "123"), ("NL", "tooi", "gm0363"), ("LU", "rcs", "123456")]:
        with pytest.raises(InvalidInput):
            parse_identifier(country, scheme, raw)


def test_scheme_must_fit_the_country() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_identifier("NL", "kbo", "0207.451.227")
    assert info.value.problems[0].loc == ("identifier_scheme",)
    with pytest.raises(InvalidInput) as info:
        parse_identifier("FR", "kbo", "0207.451.227")
    assert info.value.problems[0].loc == ("country",)
