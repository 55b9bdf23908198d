#!/usr/bin/env python3
"""Verify a citizens' panel lottery from its public files, with Python alone (3.10 or later, no packages).

Usage:  python3 verify_panel.py FOLDER --seed "7 19 23 31 38 44 12" --manifest SHA256 [--private FOLDER]

FOLDER holds the public files of one selection: manifest.json, categories.csv, respondents.csv, lottery.csv,
report.json and, once the lottery is drawn, draw.json. The script

1. checks every file against the SHA-256 digests in manifest.json, and the manifest's own digest against
   ``--manifest`` (the fingerprint the public page shows beside the seed: without it, the files are only checked
   against themselves, and the script says so);
2. recomputes from the files the figures of report.json that follow from them: pool and panel size, the people
   already selected, the probabilities' minimum, maximum, mean, Gini coefficient and sorted list, the number of
   tickets, the largest gap between a chance and its probability; and each person's tickets and chance;
3. checks every ticket: known, distinct people, the panel size, one person per household; that every published
   profile is shared by more than the report's k respondents (or shows nothing);
4. draws the ticket from the seed: ``SHA-256(seed + newline + manifest digest)`` read as a number, modulo the
   number of tickets, plus one; it compares it with draw.json and fails when they differ, or when the seed given
   is not the published one; the drawn panel's counts per quota value (in draw.json) must meet every quota and
   agree with its members' published profiles.

An independent auditor who has the organisers' private files (probabilities.csv and pseudonyms.csv) adds
``--private FOLDER``: every ticket is then checked against every quota with the full profiles, and the published
profiles against them. The public files do not hold each ticket's composition: together with the tickets, such
counts would give back the volunteers' full profiles.

The seed is normalised before use: the whole numbers it contains, in order, separated by one space ("7, 19, 23"
and "7 19 23" are the same seed); letters, decimal points and other signs are refused. Exit status 0 when
everything holds, 1 otherwise.

This file is part of Algoscope (EUPL-1.2); it uses the standard library only, so anyone can read all of it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILES = ("categories.csv", "respondents.csv", "lottery.csv", "report.json")
DRAW_KEYS = {"seed", "ticket", "manifest_sha256", "composition"}
DRAW_FACTS = {"seed_source", "published_at", "seed_known_at", "drawn_at"}  # what the site adds, as text
MAX_SEED = 500
DRAW = "draw.json"
MANIFEST = "manifest.json"
MASKED = "*"  # a feature value left out of a published profile (too few people share it)
TOLERANCE = 1e-9
SEED_SEPARATORS = re.compile(r"[\s,;:/|+()\[\]{}–—-]+")


class SeedError(ValueError):
    """A seed that is not a list of numbers."""


def normal_seed(text: str) -> str:
    """The seed's normal form: its whole numbers in order, separated by one space, without leading zeros.

    Separators between the numbers may be spaces, commas, semicolons, colons, dashes, plus signs, slashes or
    brackets (``"7-19-23 (12)"`` is ``"7 19 23 12"``); a comma always separates two numbers (lottery numbers have
    no thousands). Digits of other scripts count once Unicode normalises them to 0–9 (full-width ``７``); letters,
    decimal points and other signs are refused, so that two spellings of one announcement never give two draws.
    """
    if len(text) > MAX_SEED:
        raise SeedError(f"the seed is longer than {MAX_SEED} characters")
    cleaned = unicodedata.normalize("NFKC", text).strip()
    parts = [p for p in SEED_SEPARATORS.split(cleaned) if p]
    if not parts:
        raise SeedError("the seed is empty: give the announced numbers, e.g. 7 19 23 31 38 44 12")
    bad = [p for p in parts if not (p.isdecimal() and p.isascii())]
    if bad:
        raise SeedError(
            f"the seed may hold only numbers and separators; {bad[0]!r} is not a number "
            "(give the announced numbers, e.g. 7 19 23 31 38 44 12)"
        )
    return " ".join(str(int(p)) for p in parts)


def draw_ticket(seed: str, manifest_digest: str, tickets: int) -> int:
    """The drawn ticket (1-based): SHA-256 of the normal seed, a newline and the manifest digest, modulo."""
    outer = hashlib.sha256(f"{normal_seed(seed)}\n{manifest_digest}".encode()).hexdigest()
    return int(outer, 16) % tickets + 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fold(value: str) -> str:
    """Values compare without case and extra spaces (as the selection compares them)."""
    return " ".join(value.split()).casefold()


def gini(values: list[float]) -> float:
    """Mean absolute difference over twice the mean (0: all equal)."""
    v = sorted(values)
    n, total = len(v), sum(v)
    if n == 0 or total <= 0:
        return 0.0
    return max(0.0, sum((2 * i - n - 1) * x for i, x in enumerate(v, 1)) / (n * total))


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows by column name, with the spreadsheet guard (a quote before a formula sign) taken off every cell."""
    rows = [[unformula(cell) for cell in row] for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))]
    if not rows:
        return []
    header = rows[0]
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in rows[1:]]


def unformula(value: str | None) -> str:
    """Undo the quote that keeps a spreadsheet from running a cell as a formula."""
    value = value or ""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@") else value


def parse_lottery(data: bytes) -> list[list[str]]:
    rows = data.decode("utf-8").strip().splitlines()
    if not rows or rows[0].strip() != "ticket,members":
        raise ValueError("lottery.csv starts with the header 'ticket,members'")
    tickets = []
    for expected, row in enumerate(rows[1:], 1):
        number, _, members = row.partition(",")
        if number != str(expected):
            raise ValueError(f"lottery.csv, line {expected + 1}: ticket {number!r} where {expected} was expected")
        tickets.append(members.split())
    return tickets


@dataclass
class Result:
    manifest_digest: str = ""
    ticket: int | None = None  # the ticket the seed draws
    members: list[str] = field(default_factory=list)  # its members (pseudonyms, already selected included)
    seed: str | None = None  # the normal seed used
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # what was checked, for the printout

    @property
    def ok(self) -> bool:
        return not self.problems


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE


def verify(files: dict[str, bytes], seed: str | None = None, manifest_digest: str | None = None) -> Result:
    """Check the public files (name → bytes) and draw from ``seed`` (default: the published one)."""
    result = Result()
    problems = result.problems
    if MANIFEST not in files:
        problems.append("manifest.json is missing")
        return result
    result.manifest_digest = sha256(files[MANIFEST])
    if manifest_digest is not None and manifest_digest.strip().lower() != result.manifest_digest:
        problems.append(
            f"manifest.json has the SHA-256 {result.manifest_digest}, not {manifest_digest.strip().lower()} "
            "as published"
        )
    try:
        manifest = json.loads(files[MANIFEST])
        listed = manifest["files"]
    except (ValueError, KeyError, TypeError):
        problems.append("manifest.json is not a manifest (no 'files')")
        return result
    before = len(problems)
    for name in FILES:
        if name not in listed:
            problems.append(f"manifest.json does not list {name}")
        elif name not in files:
            problems.append(f"{name} is missing")
        elif sha256(files[name]) != listed[name]:
            hint = ""
            if sha256(_as_saved(files[name])) == listed[name]:
                hint = " (only its line endings or byte-order mark changed: was it opened and saved by a spreadsheet? "
                hint += "Download the files again)"
            problems.append(f"{name} is not the published file: its SHA-256 is {sha256(files[name])}, "
                            f"the manifest says {listed[name]}{hint}")  # fmt: skip
    if set(listed) - set(FILES):
        problems.append(f"manifest.json lists unknown files: {', '.join(sorted(set(listed) - set(FILES)))}")
    if any(name not in files for name in FILES):
        return result
    if len(problems) == before:
        result.checked.append("every file has the SHA-256 the manifest gives")
    try:
        _check_contents(files, result)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        problems.append(f"the files cannot be read as a selection's public files: {exc}")
        return result
    try:
        _check_draw(files, result, seed)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        problems.append(f"the files cannot be read as a selection's public files: {exc!r}")
    return result


def _as_saved(data: bytes) -> bytes:
    """The bytes before a spreadsheet saved them again: no byte-order mark, line feeds only."""
    return data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")


def _check_contents(files: dict[str, bytes], result: Result) -> None:
    problems = result.problems
    report: dict[str, Any] = json.loads(files["report.json"])
    quotas = read_csv(files["categories.csv"])
    people = {row["pseudonym"]: row for row in read_csv(files["respondents.csv"])}
    tickets = parse_lottery(files["lottery.csv"])
    k, m = int(report["panel_size"]), len(tickets)
    fixed = sorted(name for name, row in people.items() if row["already_selected"] == "1")
    free = {name: row for name, row in people.items() if row["already_selected"] != "1"}

    # report.json against the files
    figures = [
        ("pool_size", len(people), report["pool_size"]),
        ("already_selected", len(fixed), report["already_selected"]),
        ("lottery.size", m, report["lottery"]["size"]),
    ]
    for name, found, said in figures:
        if found != said:
            problems.append(f"report.json says {name} {said}, the files give {found}")
    probabilities = [float(row["probability"]) for row in free.values()]
    if probabilities:
        mean = sum(probabilities) / len(probabilities)
        summary = {
            "min": min(probabilities),
            "max": max(probabilities),
            "mean": mean,
            "gini": gini(probabilities),
            "share_below_mean_half": sum(p < mean / 2 for p in probabilities) / len(probabilities),
        }
        for name, value in summary.items():
            if not _close(value, float(report["probabilities"][name])):
                problems.append(f"report.json says probabilities.{name} {report['probabilities'][name]}, "
                                f"respondents.csv gives {value:.10f}")  # fmt: skip
        listed = [float(v) for v in report["sorted_probabilities"]]
        if len(listed) != len(probabilities) or any(
            not _close(a, b) for a, b in zip(sorted(probabilities), listed, strict=False)
        ):
            problems.append("report.json's sorted_probabilities are not the probabilities in respondents.csv")
    result.checked.append("report.json's figures are those of the files")

    # tickets and chances
    on_tickets: dict[str, int] = {}
    for number, members in enumerate(tickets, 1):
        unknown = [name for name in members if name not in people]
        if unknown:
            problems.append(f"ticket {number}: unknown pseudonyms {', '.join(unknown[:5])}")
            continue
        panel = members + fixed
        if len(set(panel)) != k or len(panel) != k:
            problems.append(f"ticket {number}: {len(set(panel))} distinct people, not {k}")
        if any(name in fixed for name in members):
            problems.append(f"ticket {number}: lists someone already selected")
        homes = [people[name]["household"] for name in panel if people[name]["household"]]
        if len(homes) != len(set(homes)):
            problems.append(f"ticket {number}: two people of one household")
        for name in members:
            on_tickets[name] = on_tickets.get(name, 0) + 1
    gap, relative = 0.0, 0.0
    for name, row in people.items():
        held = m if name in fixed else on_tickets.get(name, 0)
        if int(row["tickets"]) != held:
            problems.append(f"respondents.csv: {name} holds {held} tickets, not {row['tickets']}")
        if not _close(float(row["chance"]), held / m):
            problems.append(f"respondents.csv: {name}'s chance is {held}/{m}, not {row['chance']}")
        if name not in fixed:
            p = float(row["probability"])
            gap = max(gap, abs(held / m - p))
            if p > 0:
                relative = max(relative, abs(held / m - p) / p)
            elif held:
                problems.append(f"respondents.csv: {name} has probability 0 but holds {held} tickets")
    for key, value in (("loss", gap), ("max_relative_gap", relative)):
        if not _close(value, float(report["lottery"][key])):
            problems.append(f"report.json says lottery.{key} {report['lottery'][key]}, the files give {value:.10f}")
    result.checked.append("every person's tickets and chance are those of lottery.csv")

    # no published profile shared by k or fewer respondents (a profile of only "*" says nothing)
    k_anonymity = int(report.get("k_anonymity", 0))
    features = list(dict.fromkeys(q["feature"] for q in quotas))
    profiles = Counter(tuple(row[f] for f in features) for row in people.values())
    lonely = [p for p, n in profiles.items() if n <= k_anonymity and set(p) != {MASKED}]
    if lonely:
        problems.append(f"respondents.csv: {len(lonely)} published profile(s) shared by {k_anonymity} or fewer, "
                        f"e.g. {', '.join(lonely[0])}")  # fmt: skip
    result.checked.append("every ticket has the panel size and one person per household at most")


def check_private(files: dict[str, bytes], private: dict[str, bytes], result: Result) -> None:
    """The independent auditor's check, with the organisers' probabilities.csv and pseudonyms.csv: every ticket
    meets every quota with the full profiles, and each published profile agrees with the full one."""
    problems = result.problems
    quotas = read_csv(files["categories.csv"])
    people = {row["pseudonym"]: row for row in read_csv(files["respondents.csv"])}
    pseudonym = {row["id"]: row["pseudonym"] for row in read_csv(private["pseudonyms.csv"])}
    full = {pseudonym[row["id"]]: row for row in read_csv(private["probabilities.csv"]) if row["id"] in pseudonym}
    if set(full) != set(people):
        problems.append("the private files are not about the same respondents as respondents.csv")
        return
    features = list(dict.fromkeys(q["feature"] for q in quotas))
    for name, row in people.items():
        for feature in features:
            if row[feature] != MASKED and fold(row[feature]) != fold(full[name][feature]):
                problems.append(f"respondents.csv: {name}'s {feature} is published as {row[feature]!r}, "
                                f"the private file says {full[name][feature]!r}")  # fmt: skip
        if abs(float(row["probability"]) - float(full[name]["probability"])) > TOLERANCE:
            problems.append(f"respondents.csv: {name}'s probability differs from the private file")
    fixed = [name for name, row in people.items() if row["already_selected"] == "1"]
    for number, members in enumerate(parse_lottery(files["lottery.csv"]), 1):
        panel = [full[name] for name in members + fixed if name in full]
        for quota in quotas:
            have = sum(1 for person in panel if fold(person[quota["feature"]]) == fold(quota["value"]))
            if not int(quota["min"]) <= have <= int(quota["max"]):
                problems.append(f"ticket {number}: {have} with {quota['feature']}={quota['value']}, "
                                f"outside [{quota['min']}, {quota['max']}]")  # fmt: skip
    result.checked.append("with the private files: every ticket meets every quota, and the published profiles agree")


def _read_draw(data: bytes) -> dict[str, Any]:
    """draw.json, strictly: the keys and types it may have, or ``ValueError`` saying what is wrong."""
    published = json.loads(data.decode("utf-8"))
    if not isinstance(published, dict):
        raise ValueError("draw.json is not a JSON object")
    unknown = set(published) - DRAW_KEYS - DRAW_FACTS
    missing = {"seed", "ticket", "manifest_sha256"} - set(published)
    if unknown or missing:
        raise ValueError(f"draw.json has unknown keys {sorted(unknown)} or lacks {sorted(missing)}")
    if not isinstance(published["seed"], str) or type(published["ticket"]) is not int:
        raise ValueError("draw.json: the seed is text and the ticket a whole number")
    if not re.fullmatch(r"[0-9a-f]{64}", str(published["manifest_sha256"])):
        raise ValueError("draw.json: manifest_sha256 is not a SHA-256 digest")
    if published["seed"] != normal_seed(published["seed"]):
        raise ValueError("draw.json: the seed is not in its normal form")
    if any(not isinstance(published.get(key, ""), str) for key in DRAW_FACTS):
        raise ValueError("draw.json: the times and the seed's source are text")
    composition = published.get("composition", {})
    if not isinstance(composition, dict) or any(type(v) is not int for v in composition.values()):
        raise ValueError("draw.json: the composition gives a whole number per quota value")
    return published


def _check_draw(files: dict[str, bytes], result: Result, given: str | None) -> None:
    problems = result.problems
    tickets = parse_lottery(files["lottery.csv"])
    try:
        published = _read_draw(files[DRAW]) if DRAW in files else None
        seed = normal_seed(given) if given is not None else None
    except (ValueError, SeedError) as exc:
        problems.append(str(exc))
        return
    published_seed = published["seed"] if published else None
    if published and published["manifest_sha256"] != result.manifest_digest:
        problems.append(f"draw.json was drawn for the manifest {published['manifest_sha256']}, "
                        f"not for these files ({result.manifest_digest})")  # fmt: skip
    if seed is None and published_seed is None:
        problems.append("the lottery has not been drawn yet: give the announced seed with --seed")
        return
    if seed is not None and published_seed is not None and seed != published_seed:
        problems.append(f"the seed you gave ({seed}) is not the published seed ({published_seed})")
    result.seed = seed if seed is not None else published_seed
    assert result.seed is not None
    result.ticket = draw_ticket(result.seed, result.manifest_digest, len(tickets))
    people = {row["pseudonym"]: row for row in read_csv(files["respondents.csv"])}
    fixed = [name for name, row in people.items() if row["already_selected"] == "1"]
    result.members = sorted(tickets[result.ticket - 1] + fixed)
    if published is None:
        return
    if published["ticket"] != result.ticket:
        problems.append(f"the seed {result.seed} draws ticket {result.ticket}, the published draw says ticket "
                        f"{published['ticket']}")  # fmt: skip
        return
    result.checked.append(f"the seed {result.seed} draws the published ticket {published['ticket']}")
    quotas = read_csv(files["categories.csv"])
    composition = published.get("composition", {})
    members = [people[name] for name in result.members]
    for quota in quotas:
        column = f"{quota['feature']}={quota['value']}"
        have = composition.get(column)
        if have is None:
            problems.append(f"draw.json gives no count for {column}")
            continue
        if not int(quota["min"]) <= have <= int(quota["max"]):
            problems.append(f"the drawn panel has {have} with {column}, outside [{quota['min']}, {quota['max']}]")
        known = sum(1 for person in members if fold(person[quota["feature"]]) == fold(quota["value"]))
        hidden = sum(1 for person in members if person[quota["feature"]] == MASKED)
        if not known <= have <= known + hidden:
            problems.append(f"the drawn panel has {have} with {column}, but its members' published profiles "
                            f"give between {known} and {known + hidden}")  # fmt: skip
    result.checked.append("the drawn panel meets every quota, as its members' published profiles allow")


PRIVATE_FILES = ("probabilities.csv", "pseudonyms.csv")


def read_folder(folder: Path, names: tuple[str, ...] = (MANIFEST, *FILES, DRAW)) -> dict[str, bytes]:
    """The files of ``names`` that are in ``folder``."""
    return {name: (folder / name).read_bytes() for name in names if (folder / name).is_file()}


def report_lines(result: Result, seed_given: bool, manifest_given: bool) -> tuple[list[str], list[str]]:
    """What to print: the lines for standard output and the problems (with warnings) for standard error."""
    out = [f"manifest SHA-256: {result.manifest_digest}"]
    if result.ticket is not None:
        drawn = f"seed {result.seed!r} draws ticket {result.ticket}"
        out.append(f"{drawn}: {' '.join(result.members)}" if result.ok else f"{drawn} (the files did not verify)")
    out += [f"ok: {line}" for line in result.checked]
    errors = [f"FAILED: {line}" for line in result.problems]
    if result.ok and not manifest_given:
        out.append("WARNING: without --manifest the files were checked only against their own manifest: compare the "
                   "manifest SHA-256 above with the fingerprint on the public page")  # fmt: skip
    if result.ok and not seed_given:
        out.append(f"WARNING: without --seed the seed in draw.json was used: compare {result.seed!r} with the "
                   "announced numbers")  # fmt: skip
    out.append("verified" if result.ok else f"verification failed ({len(result.problems)} problem(s))")
    return out, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the folder with the public files")
    parser.add_argument("--seed", help="the announced seed (default: the one in draw.json)")
    parser.add_argument("--manifest", help="the fingerprint (manifest SHA-256) shown on the public page")
    parser.add_argument("--private", type=Path, help="an auditor's folder with probabilities.csv and pseudonyms.csv")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 1
    files = read_folder(args.folder)
    result = verify(files, args.seed, args.manifest)
    if args.private is not None and not result.problems:
        private = read_folder(args.private, PRIVATE_FILES)
        if len(private) != len(PRIVATE_FILES):
            result.problems.append(f"{args.private}: needs {' and '.join(PRIVATE_FILES)}")
        else:
            check_private(files, private, result)
    out, errors = report_lines(result, args.seed is not None, bool(args.manifest))
    for line in errors:
        print(line, file=sys.stderr)
    print("\n".join(out))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
