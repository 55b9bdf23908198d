"""What a panel lottery publishes, checked as a sceptical resident would: every public file covered by the
manifest and every change refused, the seed's normal form, real chances within 1 % of LEXIMIN's, no profile that
singles anyone out, spreadsheet-safe cells, and inputs with bytes that are not text."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from algoscope.sortition.demo import demo_files
from algoscope.sortition.engine import verifier
from algoscope.sortition.engine.csvinput import read_pool
from algoscope.sortition.engine.errors import PanelInputError, where
from algoscope.sortition.engine.model import Pool
from algoscope.sortition.engine.outputs import coarsen, draw_file, files
from algoscope.sortition.engine.selection import Selection, select

DATA = Path(__file__).resolve().parents[3] / "shared/data/sortition"


SF22 = DATA / "sf_fixture_22"


def sf22() -> Pool:
    return read_pool((SF22 / "features.csv").read_bytes(), (SF22 / "candidates.csv").read_bytes(), k=22)


@pytest.fixture(scope="module")
def drawn() -> Selection:
    return select(sf22(), 22, seed="7 19 23 31 38 44 12", lottery_size=40, inputs="sf22")


def published(selection: Selection, pool: Pool | None = None) -> dict[str, bytes]:
    """The public folder of a drawn selection, draw.json included."""
    return {
        name.removeprefix("public/"): data
        for name, data in files(pool or sf22(), selection).items()
        if name.startswith("public/")
    }


def test_the_published_files_verify(drawn: Selection) -> None:
    result = verifier.verify(published(drawn), None, drawn.manifest_digest)
    assert result.ok, result.problems
    assert result.ticket == drawn.ticket and result.seed == "7 19 23 31 38 44 12"
    assert len(result.checked) == 6


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("7 19 23 31 38 44 (12)", "7 19 23 31 38 44 12"),
        ("07, 19, 23, 31, 38, 44 + 12", "7 19 23 31 38 44 12"),
        ("7-19-23 | 31/38 ; 44 [12]", "7 19 23 31 38 44 12"),
    ],
)
def test_seeds_have_one_normal_form(given: str, normal: str) -> None:
    assert verifier.normal_seed(given) == normal


@pytest.mark.parametrize("bad", ["", "  ", "2026-12-06 Lotto", "2026-12-06 lotto", "7 19 x", "0x1F", "1.5e3*2"])
def test_seeds_with_words_or_signs_are_refused(bad: str) -> None:
    with pytest.raises(verifier.SeedError):
        verifier.normal_seed(bad)


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def _write(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _changed_value(value: str) -> str:
    """Another value of the same kind: a number moves by a little, a text changes."""
    try:
        number = float(value)
    except ValueError:
        return value + "x" if value else "1"
    if number.is_integer() and "." not in value:
        return str(int(number) + 1)
    return f"{number + 0.001:.10f}"


def every_change(files: dict[str, bytes]) -> list[tuple[str, str, dict[str, bytes]]]:
    """One changed copy of the files per field of each public file: each cell of each CSV (on respondents.csv,
    the cells of the header and of the first and last rows) and each number of report.json."""
    changes = []
    for name in ("categories.csv", "respondents.csv"):
        rows = _cells(files[name])
        for r, row in enumerate(rows):
            if name != "categories.csv" and r not in (0, 1, 2, len(rows) - 1):
                continue
            for c, value in enumerate(row):
                copy = [list(x) for x in rows]
                copy[r][c] = _changed_value(value)
                changes.append((name, f"row {r + 1}, column {c + 1}", {**files, name: _write(copy)}))
    lines = files["lottery.csv"].decode().splitlines()
    for i in (1, len(lines) - 1):
        number, members = lines[i].split(",")
        swapped = members.replace(members.split()[0], "R09999")
        for changed in (f"{number},{swapped}", f"{number},{' '.join(members.split()[:-1])}"):
            copy = [*lines[:i], changed, *lines[i + 1 :]]
            changes.append(
                ("lottery.csv", f"line {i + 1}", {**files, "lottery.csv": ("\n".join(copy) + "\n").encode()})
            )
    deleted = [*lines[:2], *lines[3:]]  # a whole ticket gone
    changes.append(("lottery.csv", "ticket 2 deleted", {**files, "lottery.csv": ("\n".join(deleted) + "\n").encode()}))
    rows = _cells(files["categories.csv"])
    changes.append(("categories.csv", "a quota row deleted", {**files, "categories.csv": _write(rows[:-1])}))
    report = json.loads(files["report.json"])

    def numbers(value: object, path: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in numbers(v, (*path, k))]
        if isinstance(value, list):
            return [p for i, v in enumerate(value) for p in numbers(v, (*path, i))]
        return [path] if isinstance(value, (int, float)) and not isinstance(value, bool) else []

    for path in numbers(report, ()):
        copy = json.loads(files["report.json"])
        target = copy
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = target[path[-1]] + (1 if isinstance(target[path[-1]], int) else 0.001)
        data = json.dumps(copy, indent=2, ensure_ascii=False).encode()
        changes.append(("report.json", ".".join(map(str, path)), {**files, "report.json": data}))
    return changes


def with_new_manifest(files: dict[str, bytes], redraw: bool) -> dict[str, bytes]:
    """What someone who changed a file would publish: a manifest that fits it (and a draw.json that fits that)."""
    out = dict(files)
    listed = {name: verifier.sha256(out[name]) for name in verifier.FILES}
    out["manifest.json"] = json.dumps({"algorithm": "sha256", "files": listed}, indent=2, sort_keys=True).encode()
    if redraw:
        drawn = json.loads(files["draw.json"])
        digest = verifier.sha256(out["manifest.json"])
        tickets = len(files["lottery.csv"].decode().strip().splitlines()) - 1
        ticket = verifier.draw_ticket(drawn["seed"], digest, max(tickets, 1))
        out["draw.json"] = draw_file(drawn["seed"], ticket, digest, drawn["composition"])
    return out


@pytest.mark.slow
def test_every_change_to_every_public_file_is_refused(drawn: Selection) -> None:
    files = published(drawn)
    changes = every_change(files)
    assert len(changes) > 200
    for name, field, changed in changes:
        # 1. as downloaded: the manifest gives it away
        assert not verifier.verify(changed, None, None).ok, (name, field)
        # 2. with a manifest that fits: the draw no longer fits the manifest
        refitted = with_new_manifest(changed, redraw=False)
        assert not verifier.verify(refitted, None, None).ok, (name, field)
        # 3. with a fitting manifest and draw: the fingerprint on the public page gives it away
        redrawn = with_new_manifest(changed, redraw=True)
        assert not verifier.verify(redrawn, None, drawn.manifest_digest).ok, (name, field)
        # and the figures the verifier recomputes catch a change to any of them, without any fingerprint
        if is_recomputed(name, field, files):
            assert not verifier.verify(redrawn, None, None).ok, (name, field)


def is_recomputed(name: str, field: str, files: dict[str, bytes]) -> bool:
    """The fields the verifier recomputes from the other files (the rest are covered by the manifest alone)."""
    if name == "lottery.csv":
        return True
    if name == "respondents.csv":
        header = _cells(files[name])[0]
        column = int(field.rsplit(" ", 1)[1]) - 1
        return not field.startswith("row 1,") and header[column] in ("probability", "tickets", "chance")
    recomputed = ("pool_size", "already_selected", "probabilities.", "sorted_probabilities.", "lottery.")
    return name == "report.json" and field.startswith(recomputed)


def test_a_changed_draw_or_seed_is_refused(drawn: Selection) -> None:
    files = published(drawn)
    for change in ({"ticket": drawn.ticket % 120 + 1}, {"seed": "7 19 23 31 38 44 13"}, {"manifest_sha256": "0" * 64}):
        data = json.loads(files["draw.json"]) | change
        result = verifier.verify({**files, "draw.json": json.dumps(data).encode()}, None, None)
        assert not result.ok, change
    result = verifier.verify(files, "2026 12 6", None)
    assert any("is not the published seed" in p for p in result.problems)


@pytest.mark.slow
def test_the_lottery_gives_everyone_their_leximin_chance_within_one_percent() -> None:
    """The outside check: with 1,000 tickets, 179 of the 492 people with the lowest probability (0.0488) had less;
    the lowest real chance was 6 % below. The default lottery now grows until every chance is within 1 %."""
    quotas, people = demo_files()
    pool = read_pool(quotas, people, k=60)
    selection = select(pool, 60, seed="1 2 3", inputs="demo")
    report = selection.report["lottery"]
    assert report["max_relative_gap"] <= 0.01 and report["size"] > 1000
    rows = verifier.read_csv(selection.public["respondents.csv"])
    for row in rows:
        p, chance = float(row["probability"]), float(row["chance"])
        assert abs(chance - p) <= 0.01 * p + 1e-12, row["pseudonym"]
        assert int(row["tickets"]) / report["size"] == pytest.approx(chance, abs=1e-10)
    fixed = select(pool, 60, seed="1 2 3", inputs="demo", lottery_size=1000).report["lottery"]
    assert fixed["size"] == 1000 and fixed["max_relative_gap"] > 0.01  # the figure the page used to lead with


def test_no_published_profile_singles_anyone_out() -> None:
    """On the 640 demo volunteers: every published profile is shared by more than k respondents (k = 5 and 2), or
    says nothing at all; the drawn panel's quotas stay checkable (draw.json)."""
    quotas, people = demo_files()
    pool = read_pool(quotas, people, k=60)
    features = list(pool.features)
    raw = Counter(p.values for p in pool.people)
    assert min(raw.values()) == 1  # the volunteers include unique profiles to protect
    for k in (5, 2):
        selection = select(pool, 60, seed="1 2 3", inputs="demo", lottery_size=200, k_anonymity=k)
        rows = verifier.read_csv(selection.public["respondents.csv"])
        profiles = Counter(tuple(row[f] for f in features) for row in rows)
        for profile, count in profiles.items():
            assert count > k or set(profile) == {verifier.MASKED}, (k, profile, count)
        assert json.loads(selection.public["report.json"])["k_anonymity"] == k
        assert verifier.verify(published(selection, pool)).ok


def test_coarsening_masks_the_rarest_values_first() -> None:
    profiles = [("a", "x")] * 6 + [("a", "y")] * 6 + [("b", "x")]
    assert coarsen(profiles, 5) == [("a", "x")] * 6 + [("a", "y")] * 6 + [("*", "*")]  # ("*", "x") is alone too
    shared = [("a", "x")] * 6 + [("b", "x")] * 3 + [("c", "x")] * 3
    assert coarsen(shared, 5) == [("a", "x")] * 6 + [("*", "x")] * 6  # the rare values, masked, hide each other
    assert coarsen([("a", "x")] * 3, 5) == [("*", "*")] * 3
    assert coarsen(profiles, 0) == profiles


def test_formula_like_cells_are_neutralised_in_every_panel_csv(tmp_path: Path) -> None:
    categories = "feature,value,min,max\nteam,=HYPERLINK(1),1,2\nteam,@sum,0,2\nteam,+plain,0,2\n"
    respondents = "id,team,note\n=1+1,=HYPERLINK(1),-x\n2,@sum,a\n3,+plain,b\n4,=HYPERLINK(1),c\n"
    pool = read_pool(categories.encode(), respondents.encode(), k=2)
    selection = select(pool, 2, seed="5 6", lottery_size=20, k_anonymity=0)
    public = published(selection, pool)
    for name, data in public.items():
        if name.endswith(".csv"):
            for row in _cells(data):
                assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (name, row)
    from algoscope.sortition.engine.outputs import private_files

    for name, data in private_files(pool, selection).items():
        for row in _cells(data):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (name, row)
    assert verifier.verify(public).ok  # the verifier reads the guarded cells back


def _problems(call: Callable[[], object]) -> list[str]:
    with pytest.raises(PanelInputError) as caught:
        call()
    return [where(p) + p.message for p in caught.value.problems]


def test_bytes_that_are_not_text_are_refused_with_row_and_column() -> None:
    categories = b"feature,value,min,max\ng,a,1,2\ng,b,0,2\n"
    nul = b"id,g\n1,a\n2\x00x,b\n3,a\n"
    assert _problems(lambda: read_pool(categories, nul, k=2)) == [
        "respondents.csv, row 3, column 'id': a control character (U+0000) in the cell: is this a text file?"
    ]
    undefined = b"id,g\n1,a\n2,b\x81\n"  # 0x81: no character in UTF-8 or Windows-1252
    assert _problems(lambda: read_pool(categories, undefined, k=2)) == [
        "respondents.csv, row 3, column 'g': bytes that are neither UTF-8 nor Windows-1252 text: save the file as "
        "UTF-8 (CSV UTF-8)"
    ]


def test_a_windows_1252_file_is_read_with_a_warning_naming_where() -> None:
    categories = "feature,value,min,max\nville,Liège,1,2\nville,Gent,0,2\n".encode("cp1252")
    respondents = "id,ville\n1,Liège\n2,Gent\n".encode()
    pool = read_pool(categories, respondents, k=2)
    assert [where(w) + w.message for w in pool.warnings] == [
        "categories.csv, row 2, column 'value': not UTF-8 from here on: read as Windows-1252; check that accents "
        "look right"
    ]
    assert pool.people[0].values == ("Liège",)


def test_problems_of_both_files_are_reported_at_once() -> None:
    categories = b"feature,value,min,max\ng,a,x,2\n"
    respondents = b"id,g\n1,a\n1,a\n2\x01,a\n"
    found = _problems(lambda: read_pool(categories, respondents, k=2))
    assert "categories.csv, row 2, column 'min': 'x' is not a whole number ≥ 0" in found
    assert any(line.startswith("respondents.csv, row 4, column 'id': a control character (U+0001)") for line in found)


def test_no_public_file_gives_each_tickets_composition(drawn: Selection) -> None:
    """The outside check solved the per-ticket quota counts with the tickets as a system of equations and got back
    118 of 150 full profiles. Those counts stay with the organisers; the public gets the drawn panel's only."""
    public = published(drawn)
    assert set(public) == {"manifest.json", "categories.csv", "respondents.csv", "lottery.csv", "report.json",
                           "draw.json"}  # fmt: skip
    assert set(json.loads(public["draw.json"])["composition"]) == {f"{q.feature}={q.value}" for q in sf22().quotas}


def test_the_auditor_checks_every_ticket_with_the_private_files(drawn: Selection) -> None:
    pool = sf22()
    out = files(pool, drawn)
    public = {name.removeprefix("public/"): data for name, data in out.items() if name.startswith("public/")}
    private = {name: out[name] for name in verifier.PRIVATE_FILES}
    result = verifier.verify(public, None, drawn.manifest_digest)
    verifier.check_private(public, private, result)
    assert result.ok and result.checked[-1].startswith("with the private files")
    # a ticket that breaks a quota is visible only with the full profiles
    rows = verifier.read_csv(private["probabilities.csv"])
    rows[0]["Gender"] = "Male" if rows[0]["Gender"] != "Male" else "Female"
    broken = io.StringIO()
    writer = csv.DictWriter(broken, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    again = verifier.verify(public, None, drawn.manifest_digest)
    verifier.check_private(public, {**private, "probabilities.csv": broken.getvalue().encode()}, again)
    assert not again.ok


@pytest.mark.parametrize(
    "change",
    [
        {"ticket": "1"},
        {"ticket": 1.5},
        {"seed": ["7", "19"]},
        {"seed": "7 19 23 31 38 44 12 "},
        {"extra": "x"},
        {"manifest_sha256": "abc"},
        {"composition": {"Gender=Female": "11"}},
    ],
)
def test_a_draw_file_of_the_wrong_shape_is_refused_not_a_crash(drawn: Selection, change: dict[str, object]) -> None:
    public = published(drawn)
    data = json.loads(public["draw.json"]) | change
    result = verifier.verify({**public, "draw.json": json.dumps(data).encode()}, None, drawn.manifest_digest)
    assert not result.ok and result.problems[0].startswith("draw.json")


def test_unusual_seeds_are_refused_not_a_crash() -> None:
    for bad in ("\u1369 19", "\u0667 19", "9" * 5000, "7.19.23", "1e3"):  # Ethiopic, Arabic-Indic digits
        with pytest.raises(verifier.SeedError):
            verifier.normal_seed(bad)
    assert verifier.normal_seed("\uff17 19") == "7 19"  # full-width digits normalise to 0-9


def test_a_file_saved_by_a_spreadsheet_is_named_as_such(drawn: Selection) -> None:
    public = published(drawn)
    crlf = {**public, "respondents.csv": public["respondents.csv"].replace(b"\n", b"\r\n")}
    result = verifier.verify(crlf, None, drawn.manifest_digest)
    assert not result.ok and "line endings or byte-order mark" in result.problems[0]
    assert not any("every file has the SHA-256" in line for line in result.checked)
    out, _ = verifier.report_lines(result, False, True)
    assert "(the files did not verify)" in out[1] and out[-1].startswith("verification failed")
