"""Stable, validated organisation identifiers for Belgium, the Netherlands and Luxembourg. Pure Python.

- BE: KBO/BCE enterprise number, 10 digits starting with 0 or 1; the last two digits are
  ``97 - (first eight digits mod 97)``. Written ``0123.456.749``.
- NL: OIN (Organisatie-identificatienummer, 20 digits) or a TOOI identifier URI
  (``https://identifier.overheid.nl/tooi/id/<type>/<code>``, e.g. ``.../gemeente/gm0363``).
- LU: RCS number, a section letter and up to six digits (``B123456``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from algoscope.common.errors import InvalidInput

SCHEMES_BY_COUNTRY: Final = {"BE": ("kbo",), "NL": ("oin", "tooi"), "LU": ("rcs",)}
SCHEME_LABELS: Final = {
    "kbo": "KBO/BCE enterprise number",
    "oin": "OIN",
    "tooi": "TOOI identifier",
    "rcs": "RCS number",
}

_TOOI = re.compile(r"^https://identifier\.overheid\.nl/tooi/id/([a-z_]+)/([a-z0-9_]+)$")
_RCS = re.compile(r"^([A-Z])\s?(\d{1,6})$")


@dataclass(frozen=True)
class Identifier:
    scheme: str
    value: str  # normalised, as displayed and exported

    @property
    def slug(self) -> str:
        """A URL-safe form that never changes: ``kbo-0316380940``, ``tooi-gemeente-gm0363``."""
        if self.scheme == "tooi":
            match = _TOOI.match(self.value)
            assert match is not None
            return f"tooi-{match.group(1)}-{match.group(2)}".replace("_", "-")
        return f"{self.scheme}-{re.sub(r'[^0-9A-Za-z]', '', self.value).lower()}"

    @property
    def iri(self) -> str:
        """The organisation as an IRI, for linked data (DCAT-AP publishers): the Flemish OSLO URI of a KBO/BCE
        number, the TOOI URI itself; OIN and RCS have no resolvable URI, so a URN names them."""
        digits = re.sub(r"[^0-9A-Za-z]", "", self.value)
        if self.scheme == "kbo":
            return f"https://data.vlaanderen.be/id/organisatie/{digits}"
        if self.scheme == "tooi":
            return self.value
        return f"urn:{self.scheme}:{digits}"


def kbo_check_digits(first_eight: str) -> str:
    return f"{97 - int(first_eight) % 97:02d}"


def _kbo(raw: str) -> str:
    digits = re.sub(r"[\s.\-]", "", raw.upper().removeprefix("BE"))
    if not digits.isdigit():
        raise ValueError("a KBO/BCE number has only digits (and optional dots)")
    if len(digits) == 9:  # old 9-digit numbers get a leading zero
        digits = "0" + digits
    if len(digits) != 10 or digits[0] not in "01":
        raise ValueError("a KBO/BCE number has 10 digits and starts with 0 or 1")
    if kbo_check_digits(digits[:8]) != digits[8:]:
        raise ValueError(f"check digits do not match: expected {kbo_check_digits(digits[:8])}, got {digits[8:]}")
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _oin(raw: str) -> str:
    digits = raw.strip()
    if not (digits.isdigit() and len(digits) == 20):
        raise ValueError("an OIN has exactly 20 digits")
    return digits


def _tooi(raw: str) -> str:
    value = raw.strip()
    if not _TOOI.match(value):
        raise ValueError("a TOOI identifier looks like https://identifier.overheid.nl/tooi/id/gemeente/gm0363")
    return value


def _rcs(raw: str) -> str:
    match = _RCS.match(raw.strip().upper())
    if not match:
        raise ValueError("an RCS number is a letter followed by up to six digits, e.g. B123456")
    return f"{match.group(1)}{match.group(2)}"


_NORMALISERS: Final = {"kbo": _kbo, "oin": _oin, "tooi": _tooi, "rcs": _rcs}


def parse_identifier(country: str, scheme: str, raw: str) -> Identifier:
    """Validate and normalise; raise ``InvalidInput`` naming ``identifier`` or ``identifier_scheme``."""
    allowed = SCHEMES_BY_COUNTRY.get(country)
    if allowed is None:
        raise InvalidInput.single(("country",), "unknown-code", f"unknown country {country!r}; use BE, NL or LU")
    if scheme not in allowed:
        raise InvalidInput.single(
            ("identifier_scheme",),
            "scheme-country",
            f"{scheme!r} is not used in {country}; use {' or '.join(allowed)}",
        )
    try:
        return Identifier(scheme, _NORMALISERS[scheme](raw or ""))
    except ValueError as exc:
        raise InvalidInput.single(("identifier",), "invalid-identifier", f"{raw!r}: {exc}") from exc
