"""Legal citations: parse references such as ``Art. 6(3)(a),(d)`` or ``Annex III 5(b)`` into atoms.

One parser serves the rule file, the worked cases and the pages, so that "cited articles ⊇ expected" compares like
with like. An atom is an instrument part (``Art.``, ``Annex``, ``recital``) with a number and a path of
subdivisions, or a normalised free-text reference (``Reg. (EU) 2017/745``). Qualifiers that are not references
("last subpara.", "(not met)", "(carve-out)") are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = re.compile(r"^(?=[ivx]+$)x{0,3}(ix|iv|v?i{0,3})$")
HEADS = {"art.": "Art.", "article": "Art.", "annex": "Annex", "recital": "recital"}
EUR_LEX = "https://eur-lex.europa.eu/legal-content/{lang}/TXT/?uri=CELEX:32024R1689#{anchor}"


@dataclass(frozen=True)
class Citation:
    """One atom: ``kind`` is ``Art.``, ``Annex``, ``recital`` or ``text``."""

    kind: str
    number: str
    path: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "text":
            return self.number
        parts = [f"{self.kind} {self.number}"]
        for element in self.path:
            if element.startswith("Section "):
                parts.append(f" {element}")
            elif self.kind == "Annex" and parts[-1] == f"{self.kind} {self.number}":
                parts.append(f" {element}" if element.isdigit() else f"({element})")
            else:
                parts.append(f"({element})")
        return "".join(parts)

    def covers(self, other: Citation) -> bool:
        """True when ``other`` is this provision or one of its subdivisions."""
        if self.kind != other.kind or self.number != other.number:
            return False
        return other.path[: len(self.path)] == self.path

    def url(self, lang: str = "en") -> str | None:
        """The provision in the Official Journal text, in ``lang``; ``None`` for non-AI Act references."""
        anchors = {"Art.": f"art_{self.number}", "Annex": f"anx_{self.number}", "recital": f"rct_{self.number}"}
        if self.kind not in anchors:
            return None
        return EUR_LEX.format(lang=lang.upper(), anchor=anchors[self.kind])


def parse(text: str) -> list[Citation]:
    """All atoms in ``text``: parts separated by ``;``, each with optional lists, ranges and parentheticals."""
    atoms: list[Citation] = []
    for part in _split_top(text, ";"):
        atoms.extend(_parse_part(part.strip()))
    return sorted(set(atoms), key=sort_key)


def parse_all(texts: list[str] | tuple[str, ...]) -> list[Citation]:
    return sorted({atom for text in texts for atom in parse(text)}, key=sort_key)


def uncovered(expected: list[Citation], cited: list[Citation]) -> list[Citation]:
    """The expected atoms that no cited atom covers (empty when ``cited`` ⊇ ``expected``)."""
    return [e for e in expected if not any(e.covers(c) for c in cited)]


def _split_top(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in (p.strip() for p in parts) if p]


def _parentheticals(part: str) -> tuple[str, list[str]]:
    """Split ``X (a) (b)`` into ``X`` and the groups written after a space (not ``6(3)`` subdivisions)."""
    main, groups, depth, start = [], [], 0, -1
    for index, char in enumerate(part):
        if depth == 0 and char == "(" and index > 0 and part[index - 1] == " ":
            depth, start = 1, index + 1
            continue
        if depth:
            depth += char == "("
            depth -= char == ")"
            if depth == 0:
                groups.append(part[start:index])
            continue
        main.append(char)
    return re.sub(r"\s+", " ", "".join(main)).strip(), groups


def _parse_part(part: str, inherit: str | None = None) -> list[Citation]:
    if HEADS.get(part.split(" ")[0].lower()) is None and not (inherit and re.match(r"^\d", part)):
        text = re.sub(r"\s*\([^()]*\)$", "", re.sub(r"\s+", " ", part)).strip()
        return [Citation("text", text)] if text else []
    main, groups = _parentheticals(part)
    atoms = _parse_main(main, inherit)
    head = atoms[0].kind if atoms and atoms[0].kind != "text" else None
    for group in groups:
        group = re.sub(r"^(incl\.|including|see)\s+", "", group.strip())
        for item in _split_top(group, ","):
            if _looks_like_reference(item, head):
                atoms.extend(_parse_part(item, head))
    return atoms


def _looks_like_reference(item: str, head: str | None) -> bool:
    lowered = item.lower()
    if lowered.split(" ")[0] in HEADS or lowered.startswith(("reg.", "regulation", "directive", "dir.")):
        return True
    return head is not None and re.match(r"^\d+(\(|$)", item) is not None


def _parse_main(main: str, inherit: str | None) -> list[Citation]:
    words = main.split(" ")
    head = HEADS.get(words[0].lower())
    if head is None and inherit and re.match(r"^\d", main):
        head, words = inherit, [inherit, *words]
    if head is None:
        return [Citation("text", re.sub(r"\s+", " ", main).strip())] if main else []
    body = words[1:]
    if not body:
        return []
    if head == "Annex":
        return _parse_annex(body)
    return _parse_numbered(head, " ".join(body).split(" ")[0])


def _parse_annex(body: list[str]) -> list[Citation]:
    number, rest = body[0], body[1:]
    if rest[:1] == ["Section"] and len(rest) > 1:
        return [Citation("Annex", number, (f"Section {rest[1]}",))]
    if rest and re.match(r"^\d", rest[0]):
        return [Citation("Annex", number, path) for path in _expand(rest[0])]
    return [Citation("Annex", number)]


def _parse_numbered(head: str, token: str) -> list[Citation]:
    match = re.match(r"^(\d+)(?:-(\d+))?(.*)$", token)
    if not match:
        return []
    first, last, tail = match.groups()
    if last:
        return [Citation(head, str(n)) for n in range(int(first), int(last) + 1)]
    return [Citation(head, first, path) for path in _expand_tail(tail)]


def _expand(token: str) -> list[tuple[str, ...]]:
    """``5(a)`` → [("5","a")]; ``1`` → [("1",)] (Annex point numbers)."""
    match = re.match(r"^(\d+)(.*)$", token)
    if not match:
        return [()]
    return _expand_tail(match.group(2), [match.group(1)])


def _expand_tail(tail: str, prefix: list[str] | None = None) -> list[tuple[str, ...]]:
    """``(3)(a),(d)`` → [(3,a),(3,d)]; ``(2)-(7)`` → [(2),…,(7)]; ``(1),(3)`` → [(1),(3)]."""
    paths: list[tuple[str, ...]] = []
    current: list[str] = list(prefix or [])
    for chunk in re.findall(r",|-|\([^)]*\)", tail):
        if chunk in {",", "-"}:
            paths.append(tuple(current))
            current = [*current]
            current.append(chunk)
            continue
        element = chunk[1:-1]
        if current and current[-1] in {",", "-"}:
            joiner = current.pop()
            level = _level_of(element, current)
            start = current[level] if level < len(current) else None
            current = [*current[:level], element]
            if joiner == "-" and start is not None:
                between = _between(start, element)
                if between:
                    paths.pop()
                    paths.extend(tuple([*current[:level], item]) for item in between)
        else:
            current.append(element)
    if current and current[-1] not in {",", "-"}:
        paths.append(tuple(current))
    return [p for p in dict.fromkeys(paths)] or [()]


ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


def _between(start: str, end: str) -> list[str]:
    """The items from ``start`` up to, not including, ``end``: numbers, letters or roman numerals."""
    if start.isdigit() and end.isdigit():
        return [str(n) for n in range(int(start), int(end))]
    if start in ROMANS and end in ROMANS:
        return ROMANS[ROMANS.index(start) : ROMANS.index(end)]
    if len(start) == len(end) == 1 and start.isalpha() and end.isalpha():
        return [chr(c) for c in range(ord(start), ord(end))]
    return []


def sort_key(citation: Citation) -> tuple[object, ...]:
    """Legal order: articles, then annexes, recitals and other texts; numbers numerically."""
    order = {"Art.": 0, "Annex": 1, "recital": 2, "text": 3}[citation.kind]
    roman = ROMANS.index(citation.number.lower()) if citation.number.lower() in ROMANS else None
    number: tuple[int, str] = (
        (int(citation.number), "")
        if citation.number.isdigit()
        else (roman if roman is not None else 99, citation.number)
    )
    path = tuple((int(p), "") if p.isdigit() else (0, p) for p in citation.path)
    return (order, number, path)


def _level_of(element: str, path: list[str]) -> int:
    if element.isdigit():
        return 0
    if ROMAN.match(element) and len(path) >= 2 and not ROMAN.match(path[1]):
        return 2
    return 1


# The words of a reference in each language of the Official Journal: Annex, recital, Section.
REF_WORDS = {
    "nl": {"Annex": "Bijlage", "recital": "overweging", "Section": "afdeling", "last subpara.": "laatste alinea"},
    "fr": {"Annex": "Annexe", "recital": "considérant", "Section": "section", "last subpara.": "dernier alinéa"},
    "de": {
        "Annex": "Anhang",
        "recital": "Erwägungsgrund",
        "Section": "Abschnitt",
        "last subpara.": "letzter Unterabsatz",
    },
}
_REF_WORD = re.compile(r"\b(Annex|recital|Section|last subpara\.)")


_ANNEX_SECTION = re.compile(r"\b(Annex [IVX]+) (Section)\b")


def localise_ref(ref: str, language: str) -> str:
    """``Annex III 6`` → ``Bijlage III 6`` (nl), ``recital 59`` → ``considérant 59`` (fr), ``Annex VIII Section B``
    → ``Annexe VIII, section B`` (fr); articles keep "Art."."""
    words = REF_WORDS.get(language)
    if language != "en":
        ref = _ANNEX_SECTION.sub(r"\1, \2", ref)
    return _REF_WORD.sub(lambda m: words[m.group(1)], ref) if words else ref
