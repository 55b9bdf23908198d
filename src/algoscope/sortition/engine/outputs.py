"""The files a selection produces, and checking the published ones. Pure Python.

Private (for the panel's organisers only): ``panel.csv`` (the drawn people with every column of the respondents
file), ``probabilities.csv`` (everyone's probability), ``pseudonyms.csv`` (id → public pseudonym).
Public (``public/``): ``categories.csv`` (the quotas), ``respondents.csv`` (pseudonym, feature values, household
group, probability: no names, no ids), ``lottery.csv`` (the tickets), ``report.json`` (figures, seed, hashes and
how to verify). ``verify`` re-does the draw from the public files alone and checks every ticket.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from algoscope.sortition.engine.lottery import draw_ticket, parse_lottery
from algoscope.sortition.engine.model import Pool, Quota, fold
from algoscope.sortition.engine.selection import Selection

VERIFY = (
    "Anyone can check this draw: with the files of this folder, run "
    "`algoscope panel verify public/ --seed SEED` (SEED as announced). It recomputes the drawn ticket as "
    "SHA-256(SEED + newline + SHA-256(lottery.csv)) modulo the number of tickets, plus one, prints its members, "
    "and checks that every ticket meets every quota and household rule."
)


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _households(pool: Pool) -> dict[str, str]:
    """Public labels (H0001, …) for the households with more than one respondent."""
    sizes = Counter(p.household for p in pool.people if p.household)
    households: dict[str, str] = {}
    for person in pool.people:
        if sizes[person.household] > 1:
            households.setdefault(person.household, f"H{len(households) + 1:04d}")
    return households


def categories_file(quotas: Sequence[Quota]) -> bytes:
    """The published quotas (``feature,value,min,max``)."""
    return _csv(["feature", "value", "min", "max"], [[q.feature, q.value, q.min, q.max] for q in quotas])


def report_file(report: Mapping[str, Any]) -> bytes:
    """The published report, with how to verify the draw."""
    return json.dumps({**report, "verify": VERIFY}, indent=2, ensure_ascii=False).encode()


def _tables(public: Mapping[str, bytes]) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    """The public quotas (rows) and respondents (by pseudonym)."""
    quotas = list(csv.DictReader(io.StringIO(public["categories.csv"].decode())))
    people = {row["pseudonym"]: row for row in csv.DictReader(io.StringIO(public["respondents.csv"].decode()))}
    return quotas, people


def public_files(pool: Pool, selection: Selection) -> dict[str, bytes]:
    """The files anyone may see: quotas, anonymised respondents, the lottery and the report (before or after the
    draw; before it, the report has no seed and no ticket)."""
    households = _households(pool)
    people = sorted(pool.people, key=lambda p: selection.pseudonyms[p.id])
    return {
        "categories.csv": categories_file(pool.quotas),
        "respondents.csv": _csv(
            ["pseudonym", *pool.features, "household", "already_selected", "probability"],
            [
                [
                    selection.pseudonyms[p.id],
                    *p.values,
                    households.get(p.household, ""),
                    int(p.id in pool.already_selected),
                    f"{selection.probabilities[p.id]:.10f}",
                ]
                for p in people
            ],
        ),
        "lottery.csv": selection.lottery_file,
        "report.json": report_file(selection.report),
    }


def private_files(pool: Pool, selection: Selection) -> dict[str, bytes]:
    """The organisers' files (drawn selections only): the panel with every column of the respondents file,
    everyone's probability, and the pseudonyms."""
    if not selection.drawn:
        raise ValueError("the lottery has not been drawn yet")
    chosen = set(selection.panel)
    extra_header = list(next(iter(pool.extra.values()), {}).keys())
    panel_rows = [
        [*(pool.extra[p.id].get(h, "") for h in extra_header), *p.values] for p in pool.people if p.id in chosen
    ]
    return {
        "panel.csv": _csv([*extra_header, *pool.features], panel_rows),
        "probabilities.csv": _csv(
            ["id", *pool.features, "probability", "selected"],
            [[p.id, *p.values, f"{selection.probabilities[p.id]:.10f}", int(p.id in chosen)] for p in pool.people],
        ),
        "pseudonyms.csv": _csv(["id", "pseudonym"], [[p.id, selection.pseudonyms[p.id]] for p in pool.people]),
    }


def files(pool: Pool, selection: Selection) -> dict[str, bytes]:
    """Every output file of a drawn selection by its path in the output folder."""
    public = public_files(pool, selection)
    return {
        **private_files(pool, selection),
        **{f"public/{name}": data for name, data in public.items()},
        "report.json": public["report.json"],
    }


def composition(public: Mapping[str, bytes], members: Sequence[str]) -> list[dict[str, Any]]:
    """How many of ``members`` (pseudonyms) have each quota's value, from the public files: the aggregate a public
    page shows (never who)."""
    quotas, people = _tables(public)
    out = []
    for quota in quotas:
        feature, value = quota["feature"], fold(quota["value"])
        out.append(
            {
                "feature": quota["feature"],
                "value": quota["value"],
                "min": int(quota["min"]),
                "max": int(quota["max"]),
                "selected": sum(1 for m in members if fold(people[m][feature]) == value),
                "respondents": sum(1 for row in people.values() if fold(row[feature]) == value),
            }
        )
    return out


@dataclass
class Verification:
    ticket: int
    members: list[str]  # pseudonyms, already selected included
    problems: list[str]  # empty when every check passed
    loss: float

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(public: Mapping[str, bytes], seed: str | None = None) -> Verification:
    """Re-draw and check from the public files (``categories.csv``, ``respondents.csv``, ``lottery.csv``,
    ``report.json``); ``seed`` defaults to the one in the report."""
    report = json.loads(public["report.json"])
    if seed is None:
        if report.get("seed") is None:
            raise ValueError("the lottery has not been drawn yet: give the announced seed")
        seed = str(report["seed"])
    problems = []
    lottery_bytes = public["lottery.csv"]
    if hashlib.sha256(lottery_bytes).hexdigest() != report.get("lottery_sha256"):
        problems.append("lottery.csv is not the file the report was made with (its SHA-256 differs)")
    tickets = parse_lottery(lottery_bytes.decode())
    quotas, people = _tables(public)
    fixed = [name for name, row in people.items() if row.get("already_selected") == "1"]
    k = int(report["panel_size"])
    if len(tickets) != int(report["lottery"]["size"]):
        problems.append(f"the lottery has {len(tickets)} tickets, the report says {report['lottery']['size']}")
    shares: dict[str, int] = {}
    for number, members in enumerate(tickets, 1):
        panel = members + fixed
        unknown = [m for m in members if m not in people]
        if unknown:
            problems.append(f"ticket {number}: unknown pseudonyms {', '.join(unknown)}")
            continue
        if len(set(panel)) != k:
            problems.append(f"ticket {number}: {len(set(panel))} people, not {k}")
        for quota in quotas:
            have = sum(1 for m in panel if fold(people[m][quota["feature"]]) == fold(quota["value"]))
            if not int(quota["min"]) <= have <= int(quota["max"]):
                problems.append(
                    f"ticket {number}: {have} with {quota['feature']} = {quota['value']}, "
                    f"outside [{quota['min']}, {quota['max']}]"
                )
        homes = [people[m]["household"] for m in panel if people[m]["household"]]
        if len(homes) != len(set(homes)):
            problems.append(f"ticket {number}: two people of one household")
        for m in members:
            shares[m] = shares.get(m, 0) + 1
    m_size = len(tickets)
    loss = max(
        (
            abs(shares.get(name, 0) / m_size - float(row["probability"]))
            for name, row in people.items()
            if row.get("already_selected") != "1"
        ),
        default=0.0,
    )
    if loss > float(report["lottery"]["loss"]) + 1e-9:
        problems.append(f"the lottery's shares differ from the probabilities by {loss:.6f}, above the reported loss")
    ticket = draw_ticket(seed, lottery_bytes, m_size)
    if seed == str(report["seed"]) and ticket != int(report["lottery"]["ticket"] or 0):
        problems.append(f"the seed draws ticket {ticket}, the report says {report['lottery']['ticket']}")
    return Verification(ticket, sorted(tickets[ticket - 1] + fixed), problems, loss)
