"""The reports' pure core: periods, scopes, texts in several languages, and figures, on edge cases too."""

from __future__ import annotations

import datetime as dt

import pytest

from algoscope.reports.engine.figures import compare_figures, compare_rows, flatten
from algoscope.reports.engine.periods import PeriodError, current_quarter, last_closed_quarter, parse_period
from algoscope.reports.engine.scope import country_scope, jurisdiction_country, plan_scope
from algoscope.reports.engine.texts import missing, name, pick, pick_name, text


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026", "2026-01-01", "2026-12-31"),
        ("2026-H1", "2026-01-01", "2026-06-30"),
        ("2026-h2", "2026-07-01", "2026-12-31"),
        ("2026-Q1", "2026-01-01", "2026-03-31"),
        ("2024-Q1", "2024-01-01", "2024-03-31"),
        ("2026-Q4", "2026-10-01", "2026-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),  # a leap year's February
        ("2025-02", "2025-02-01", "2025-02-28"),
        (" 2026-09 ", "2026-09-01", "2026-09-30"),
    ],
)
def test_every_form_of_period_has_its_first_and_last_day(label: str, start: str, end: str) -> None:
    period = parse_period(label)
    assert (period.starts_on.isoformat(), period.ends_on.isoformat()) == (start, end)
    assert period.label == label.strip().upper()


@pytest.mark.parametrize("label", ["", "2026-Q5", "2026-Q0", "2026-13", "2026-00", "26-Q1", "2026Q1", "2026-H3",
                                   "1899", "Q3-2026", "2026-Q3 ", "2026-W12", "2026-Q3\n2026"])  # fmt: skip
def test_anything_else_is_refused(label: str) -> None:
    if label.strip() == "2026-Q3":
        assert parse_period(label).label == "2026-Q3"  # spaces around are not a different period
        return
    with pytest.raises(PeriodError):
        parse_period(label)


def test_a_period_is_over_the_day_after_its_last_day() -> None:
    q3 = parse_period("2026-Q3")
    assert not q3.is_over(dt.date(2026, 9, 30)) and q3.is_over(dt.date(2026, 10, 1))
    assert current_quarter(dt.date(2026, 12, 7)).label == "2026-Q4"
    assert last_closed_quarter(dt.date(2026, 1, 5)).label == "2025-Q4"
    assert q3.covers(dt.date(2026, 7, 1), dt.date(2026, 9, 30)) and not q3.covers(
        dt.date(2026, 7, 1), dt.date(2026, 10, 1)
    )
    assert q3.overlaps(dt.date(2026, 9, 30), dt.date(2026, 12, 31)) and not q3.overlaps(
        dt.date(2026, 10, 1), dt.date(2026, 12, 31)
    )


def test_scopes_cover_their_countries_plans_and_pilots() -> None:
    benelux, belgium = country_scope("BENELUX"), country_scope("be")
    assert benelux is not None and belgium is not None and country_scope("FR") is None
    assert (
        jurisdiction_country("BE-VLG") == "BE"
        and jurisdiction_country("BENELUX") == ""
        and jurisdiction_country("") == ""
    )
    assert belgium.covers_plan("X", "BE-WAL") and not belgium.covers_plan("X", "NL")
    assert not belgium.covers_plan("X", "BENELUX") and benelux.covers_plan("X", "BENELUX")  # the Benelux's own
    assert belgium.covers_jurisdictions(["NL", "BE-FED"]) and not belgium.covers_jurisdictions(["LU"])
    assert benelux.covers_jurisdictions(["BENELUX"]) and not belgium.covers_jurisdictions(["BENELUX"])
    one = plan_scope("BE-FED-NCP-AI-2022", "BE-FED")
    assert one.covers_plan("BE-FED-NCP-AI-2022", "BE-FED") and not one.covers_plan("BE-VLG-X", "BE-VLG")
    assert plan_scope("BNL", "BENELUX").countries == frozenset({"BE", "NL", "LU"})


def test_a_text_missing_in_a_language_is_found_and_shown_marked_never_silently() -> None:
    data = {"rows": [{"id": "BE-O1", "title": text({"nl": "Doel", "fr": "Objectif"})},
                     {"id": "BE-O2", "title": text({"en": "Goal"})}, {"id": "BE-O3", "title": text({})},
                     {"id": "x", "title": text("  ", "nl")}],
            "org": name({"nl": "Stad Gent"}, "nl")}  # fmt: skip
    assert missing(data, "fr") == [{"where": "rows › BE-O2 › title", "languages": "en"}]
    assert missing(data, "nl") == [{"where": "rows › BE-O2 › title", "languages": "en"}]
    assert [row["where"] for row in missing(data, "de")] == ["rows › BE-O1 › title", "rows › BE-O2 › title"]
    assert pick(data["rows"][0]["title"], "fr") == ("Objectif", "")
    assert pick(data["rows"][0]["title"], "de") == ("Objectif", "fr")  # marked as French, not passed off as German
    assert pick(data["rows"][2]["title"], "nl") == ("", "")
    assert pick_name(data["org"], "fr") == ("Stad Gent", "nl")  # a proper name: its own language, not "missing"


def test_figures_are_flattened_by_stable_id_and_compared() -> None:
    sections = {"a": {"figures": {"x": 1, "y": 2.5}, "rows": []}, "b": {"figures": {"z": None}}, "c": {}}
    flat = flatten(sections)
    assert flat == {"a.x": 1, "a.y": 2.5, "b.z": None}
    moved = compare_figures(flat, {"a.x": 3, "a.y": 2.5, "d.w": 0})
    # b.z is undefined in both (absent counts as undefined); d.w appears; a.y did not move
    assert [(m.id, m.before, m.after, m.change) for m in moved] == [("a.x", 1, 3, 2.0), ("d.w", None, 0, None)]
    assert compare_figures({}, {}) == []


def test_actions_are_compared_by_id_field_by_field() -> None:
    before = [{"id": "P/A1", "status": "on_track", "rag": "green"}, {"id": "P/A2", "status": "delayed", "rag": "red"}]
    after = [
        {"id": "P/A1", "status": "completed", "rag": "green"},
        {"id": "P/A3", "status": "on_track", "rag": "amber"},
    ]
    changes = compare_rows(before, after, ("status", "rag"))
    assert [(c["id"], c["change"], c["fields"]) for c in changes] == [
        ("P/A1", "changed", ["status"]),
        ("P/A2", "removed", []),
        ("P/A3", "added", []),
    ]
    assert compare_rows(after, after, ("status", "rag")) == []
