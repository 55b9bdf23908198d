"""The files a selection produces, and checking the published ones. Pure Python.

Private (for the panel's organisers only): ``panel.csv`` (the drawn people with every column of the respondents
file), ``probabilities.csv`` (everyone's probability), ``pseudonyms.csv`` (id → public pseudonym).

Public (``public/``), fixed when the lottery is computed and published before the seed is known:

- ``categories.csv``: the quotas, with how many respondents have each value;
- ``respondents.csv``: per pseudonym the profile, **coarsened** so that every published profile is shared by more
  than ``k_anonymity`` respondents (values left out are ``*``), the household group, whether already selected, the
  LEXIMIN probability, the tickets held and the chance they give (tickets ÷ lottery size);
- ``lottery.csv``: the tickets, one line each;
- ``report.json``: the figures (recomputed by the verifier from the files);
- ``manifest.json``: the SHA-256 of each of those files; its own SHA-256 is the digest the public page shows and
  the draw depends on.

After the draw, ``draw.json`` holds the seed (normal form), the ticket, the manifest digest it was drawn for and
the drawn panel's counts per quota value. No public file gives each ticket's composition: with the tickets, such
counts give back the volunteers' full profiles by a system of equations (an independent auditor checks every
ticket's quotas with the private files: ``verifier.py --private``).
``verifier.py`` checks all of them with the standard library alone; the site serves it as ``verify_panel.py``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from algoscope.common.textfiles import spreadsheet_safe
from algoscope.sortition.engine import verifier
from algoscope.sortition.engine.model import Pool

if TYPE_CHECKING:
    from algoscope.sortition.engine.selection import Selection

PUBLIC_FILES = (verifier.MANIFEST, *verifier.FILES)
DEFAULT_K_ANONYMITY = 5


def _cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula; numbers stay numbers."""
    return str(value) if isinstance(value, (int, float)) else spreadsheet_safe(str(value))


def _csv(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(cell) for cell in header])
    writer.writerows([_cell(cell) for cell in row] for row in rows)
    return out.getvalue().encode()


def _households(pool: Pool) -> dict[str, str]:
    """Public labels (H0001, …) for the households with more than one respondent."""
    sizes = Counter(p.household for p in pool.people if p.household)
    households: dict[str, str] = {}
    for person in pool.people:
        if sizes[person.household] > 1:
            households.setdefault(person.household, f"H{len(households) + 1:04d}")
    return households


def coarsen(profiles: Sequence[tuple[str, ...]], k: int) -> list[tuple[str, ...]]:
    """Profiles to publish: each shared by more than ``k`` respondents, else its rarest values replaced by ``*``
    one at a time (a profile with every value left out says nothing). Deterministic."""
    if not profiles:
        return []
    width = len(profiles[0])
    frequency = [Counter(p[f] for p in profiles) for f in range(width)]
    published = [list(p) for p in profiles]
    while True:
        classes = Counter(tuple(p) for p in published)
        lonely = [i for i, p in enumerate(published) if classes[tuple(p)] <= k and any(v != verifier.MASKED for v in p)]
        if not lonely:
            return [tuple(p) for p in published]
        for i in lonely:
            shown = [f for f in range(width) if published[i][f] != verifier.MASKED]
            rarest = min(shown, key=lambda f: (frequency[f][profiles[i][f]], f))
            published[i][rarest] = verifier.MASKED


def report_file(report: Mapping[str, Any]) -> bytes:
    """The published report, with how to verify the draw."""
    return json.dumps({**report, "verify": VERIFY}, indent=2, ensure_ascii=False).encode()


VERIFY = (
    "Anyone can check this lottery with Python alone: put the public files in one folder and run "
    "`python3 verify_panel.py FOLDER --seed SEED` (SEED as announced). It checks every file against "
    "manifest.json, recomputes every figure of this report, checks every ticket against the quotas, and draws "
    "ticket SHA-256(SEED + newline + SHA-256(manifest.json)) modulo the number of tickets, plus one."
)


def public_files(pool: Pool, selection: Selection, k_anonymity: int = DEFAULT_K_ANONYMITY) -> dict[str, bytes]:
    """The files anyone may see, fixed before the seed is known, with their manifest."""
    households = _households(pool)
    people = sorted(pool.people, key=lambda p: selection.pseudonyms[p.id])
    profiles = coarsen([p.values for p in people], k_anonymity)
    m = len(selection.lottery)
    fixed = set(pool.already_selected)
    held = Counter(person_id for ticket in selection.lottery for person_id in ticket)
    present = Counter((f, v) for p in pool.people for f, v in zip(pool.features, p.values, strict=True))
    files = {
        "categories.csv": _csv(
            ["feature", "value", "min", "max", "respondents"],
            [[q.feature, q.value, q.min, q.max, present[(q.feature, q.value)]] for q in pool.quotas],
        ),
        "respondents.csv": _csv(
            ["pseudonym", *pool.features, "household", "already_selected", "probability", "tickets", "chance"],
            [
                [
                    selection.pseudonyms[p.id],
                    *profile,
                    households.get(p.household, ""),
                    int(p.id in fixed),
                    f"{selection.probabilities[p.id]:.10f}",
                    m if p.id in fixed else held[p.id],
                    f"{(m if p.id in fixed else held[p.id]) / m:.10f}",
                ]
                for p, profile in zip(people, profiles, strict=True)
            ],
        ),
        "lottery.csv": selection.lottery_file,
        # without the run's timings: the same inputs give the same files, byte for byte
        "report.json": report_file({**without(selection.report, "seconds"), "k_anonymity": k_anonymity}),
    }
    manifest = {"algorithm": "sha256", "files": {name: verifier.sha256(data) for name, data in files.items()}}
    files[verifier.MANIFEST] = json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n"
    return files


def chances_by_value(pool: Pool, selection: Selection) -> list[dict[str, Any]]:
    """Per quota value: how many respondents have it and the lowest, mean and highest chance among them (their
    share of the lottery's tickets), so that a page can say why some are certain and others are not. Aggregates
    only: never who."""
    m = len(selection.lottery)
    held = Counter(person_id for ticket in selection.lottery for person_id in ticket)
    fixed = set(pool.already_selected)
    out = []
    for quota in pool.quotas:
        column = pool.features.index(quota.feature)
        chances = [1.0 if p.id in fixed else held[p.id] / m for p in pool.people if p.values[column] == quota.value]
        out.append(
            {
                "feature": quota.feature,
                "value": quota.value,
                "respondents": len(chances),
                "min": min(chances, default=0.0),
                "mean": sum(chances) / len(chances) if chances else 0.0,
                "max": max(chances, default=0.0),
            }
        )
    return out


def without(data: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


def ticket_counts(pool: Pool, selection: Selection) -> list[dict[str, int]]:
    """Every ticket's counts per quota value, people already selected included (for the organisers: never
    published, see the module's notes)."""
    fixed = list(pool.already_selected)
    return [drawn_counts(pool, [*members, *fixed]) for members in selection.lottery]


def drawn_counts(pool: Pool, members: Sequence[str]) -> dict[str, int]:
    """How many of the drawn ``members`` (person ids, already selected included) have each quota's value, by
    ``feature=value``."""
    by_id = pool.by_id()
    counts = {f"{q.feature}={q.value}": 0 for q in pool.quotas}
    for person_id in members:
        for feature, value in zip(pool.features, by_id[person_id].values, strict=True):
            counts[f"{feature}={value}"] += 1
    return counts


def draw_file(seed: str, ticket: int, manifest_digest: str, composition: Mapping[str, int], **facts: Any) -> bytes:
    """``draw.json``: the normal seed, the ticket, the manifest it was drawn for, the drawn panel's counts per quota
    value, and facts such as when the lottery was published and when the seed became known (ISO 8601 text)."""
    data = {
        "seed": verifier.normal_seed(seed),
        "ticket": ticket,
        "manifest_sha256": manifest_digest,
        "composition": dict(composition),
        **facts,
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True).encode() + b"\n"


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
    public = dict(selection.public)
    public[verifier.DRAW] = draw_file(
        selection.seed, selection.ticket, selection.manifest_digest, drawn_counts(pool, selection.panel)
    )
    return {
        **private_files(pool, selection),
        **{f"public/{name}": data for name, data in public.items()},
    }


def composition(public: Mapping[str, bytes]) -> list[dict[str, Any]]:
    """How many of the drawn panel's members have each quota's value (from ``draw.json``), with the quota and the
    number of respondents: the aggregate a public page shows (never who)."""
    counts = json.loads(public[verifier.DRAW])["composition"]
    return [
        {
            "feature": q["feature"],
            "value": q["value"],
            "min": int(q["min"]),
            "max": int(q["max"]),
            "selected": int(counts[f"{q['feature']}={q['value']}"]),
            "respondents": int(q["respondents"]),
        }
        for q in verifier.read_csv(public["categories.csv"])
    ]
