#!/usr/bin/env python3
"""Verify a citizens' panel lottery from its public files, with Python alone (3.10 or later, no packages).

Usage:  python3 verify_panel.py FOLDER [--seed "7 19 23 31 38 44 12"] [--manifest SHA256]

FOLDER holds the public files of one selection: manifest.json, categories.csv, respondents.csv, ticket_counts.csv,
lottery.csv, report.json and, once the lottery is drawn, draw.json. The script

1. checks every file against the SHA-256 digests in manifest.json, and prints the manifest's own digest (the
   public page shows it beside the seed; ``--manifest`` compares it for you);
2. recomputes every figure of report.json from the files: pool and panel size, the probabilities' minimum,
   maximum, mean, Gini coefficient and sorted list, the number of tickets, each person's tickets and chance, the
   largest gap between chance and probability;
3. checks every ticket: known, distinct people, the panel size, one person per household, each quota's count
   within its minimum and maximum, and those counts consistent with the published (coarsened) profiles;
4. draws the ticket from the seed: ``SHA-256(seed + newline + manifest digest)`` read as a number, modulo the
   number of tickets, plus one; it compares it with the published draw and fails when they differ.

The seed is normalised before use: the numbers it contains, in order, separated by one space ("7, 19, 23" and
"7 19 23" are the same seed); a seed with letters is refused. Exit status 0 when everything holds, 1 otherwise.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILES = ("categories.csv", "respondents.csv", "ticket_counts.csv", "lottery.csv", "report.json")
DRAW = "draw.json"
MANIFEST = "manifest.json"
MASKED = "*"  # a feature value left out of a published profile (too few people share it)
TOLERANCE = 1e-9
SEED_SEPARATORS = re.compile(r"[\s,;:/|+()\[\]{}.–—-]+")


class SeedError(ValueError):
    """A seed that is not a list of numbers."""


def normal_seed(text: str) -> str:
    """The seed's normal form: its whole numbers in order, separated by one space, without leading zeros.

    Separators between the numbers may be spaces, commas, semicolons, dashes, plus signs, slashes or brackets
    (``"7-19-23 (12)"`` is ``"7 19 23 12"``). Letters or other signs are refused, so that two spellings of one
    announcement can never give two different draws.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    parts = [p for p in SEED_SEPARATORS.split(cleaned) if p]
    if not parts:
        raise SeedError("the seed is empty: give the announced numbers, e.g. 7 19 23 31 38 44 12")
    bad = [p for p in parts if not p.isdigit()]
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
    if manifest_digest and manifest_digest.strip().lower() != result.manifest_digest:
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
    for name in FILES:
        if name not in listed:
            problems.append(f"manifest.json does not list {name}")
        elif name not in files:
            problems.append(f"{name} is missing")
        elif sha256(files[name]) != listed[name]:
            problems.append(f"{name} is not the published file: its SHA-256 is {sha256(files[name])}, "
                            f"the manifest says {listed[name]}")  # fmt: skip
    if set(listed) - set(FILES):
        problems.append(f"manifest.json lists unknown files: {', '.join(sorted(set(listed) - set(FILES)))}")
    if any(name not in files for name in FILES):
        return result
    result.checked.append("every file has the SHA-256 the manifest gives")
    try:
        _check_contents(files, result)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        problems.append(f"the files cannot be read as a selection's public files: {exc}")
        return result
    _check_draw(files, result, seed)
    return result


def _check_contents(files: dict[str, bytes], result: Result) -> None:
    problems = result.problems
    report: dict[str, Any] = json.loads(files["report.json"])
    quotas = read_csv(files["categories.csv"])
    people = {row["pseudonym"]: row for row in read_csv(files["respondents.csv"])}
    tickets = parse_lottery(files["lottery.csv"])
    counts = read_csv(files["ticket_counts.csv"])
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

    # quotas, per ticket
    header = [f"{q['feature']}={q['value']}" for q in quotas]
    if not counts or list(counts[0])[1:] != header:
        problems.append("ticket_counts.csv's columns are not the quotas of categories.csv, in order")
        return
    if len(counts) != m:
        problems.append(f"ticket_counts.csv has {len(counts)} tickets, lottery.csv {m}")
    features = list(dict.fromkeys(q["feature"] for q in quotas))
    for number, (members, row) in enumerate(zip(tickets, counts, strict=False), 1):
        if row["ticket"] != str(number):
            problems.append(f"ticket_counts.csv, ticket {number}: numbered {row['ticket']!r}")
            continue
        profiles = [people[name] for name in members + fixed if name in people]
        per_feature: dict[str, int] = {}
        for quota, column in zip(quotas, header, strict=False):
            have = int(row[column])
            per_feature[quota["feature"]] = per_feature.get(quota["feature"], 0) + have
            if not int(quota["min"]) <= have <= int(quota["max"]):
                problems.append(f"ticket {number}: {have} with {column}, outside [{quota['min']}, {quota['max']}]")
            known = sum(1 for person in profiles if fold(person[quota["feature"]]) == fold(quota["value"]))
            hidden = sum(1 for person in profiles if person[quota["feature"]] == MASKED)
            if not known <= have <= known + hidden:
                problems.append(f"ticket {number}: {have} with {column}, but its members' published profiles "
                                f"give between {known} and {known + hidden}")  # fmt: skip
        for feature in features:
            if per_feature.get(feature, 0) != k:
                problems.append(f"ticket {number}: the counts of {feature} add up to {per_feature.get(feature, 0)}, "
                                f"not {k}")  # fmt: skip
    result.checked.append("every ticket meets every quota and household rule")


def _check_draw(files: dict[str, bytes], result: Result, given: str | None) -> None:
    problems = result.problems
    tickets = parse_lottery(files["lottery.csv"])
    published: dict[str, Any] | None = json.loads(files[DRAW]) if DRAW in files else None
    try:
        seed = normal_seed(given) if given is not None else None
        published_seed = normal_seed(str(published["seed"])) if published else None
    except SeedError as exc:
        problems.append(str(exc))
        return
    if published and published.get("manifest_sha256") != result.manifest_digest:
        problems.append(f"draw.json was drawn for the manifest {published.get('manifest_sha256')}, "
                        f"not for these files ({result.manifest_digest})")  # fmt: skip
    if seed is None and published_seed is None:
        problems.append("the lottery has not been drawn yet: give the announced seed with --seed")
        return
    if seed is not None and published_seed is not None and seed != published_seed:
        problems.append(f"the seed you gave ({seed}) is not the published seed ({published_seed})")
    result.seed = seed if seed is not None else published_seed
    assert result.seed is not None
    result.ticket = draw_ticket(result.seed, result.manifest_digest, len(tickets))
    people = read_csv(files["respondents.csv"])
    fixed = [row["pseudonym"] for row in people if row["already_selected"] == "1"]
    result.members = sorted(tickets[result.ticket - 1] + fixed)
    if published is not None:
        said = int(published["ticket"])
        if said != result.ticket:
            problems.append(
                f"the seed {result.seed} draws ticket {result.ticket}, the published draw says ticket {said}"
            )
        else:
            result.checked.append(f"the seed {result.seed} draws the published ticket {said}")


def read_folder(folder: Path) -> dict[str, bytes]:
    """The public files in ``folder`` (the optional draw.json included when present)."""
    return {name: (folder / name).read_bytes() for name in (MANIFEST, *FILES, DRAW) if (folder / name).is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the folder with the public files")
    parser.add_argument("--seed", help="the announced seed (default: the one in draw.json)")
    parser.add_argument("--manifest", help="the manifest's SHA-256 shown on the public page, to compare")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 1
    result = verify(read_folder(args.folder), args.seed, args.manifest)
    print(f"manifest SHA-256: {result.manifest_digest}")
    if result.ticket is not None:
        print(f"seed {result.seed!r} draws ticket {result.ticket}: {' '.join(result.members)}")
    for line in result.checked:
        print(f"ok: {line}")
    for line in result.problems:
        print(f"FAILED: {line}", file=sys.stderr)
    print("verified" if result.ok else f"verification failed ({len(result.problems)} problem(s))")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
