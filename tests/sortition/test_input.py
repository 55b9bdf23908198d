"""Reading pools and quotas: both layouts as published, and every bad input reported at once with file, row
and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from algoscope.sortition.engine.csvinput import read_pool, read_quotas
from algoscope.sortition.engine.errors import PanelInputError, where

DATA = Path(__file__).resolve().parents[3] / "shared/data/sortition"


def problems(categories: str, respondents: str, k: int, **kwargs: object) -> list[str]:
    with pytest.raises(PanelInputError) as caught:
        read_pool(categories.encode(), respondents.encode(), k=k, **kwargs)  # type: ignore[arg-type]
    return [where(p) + p.message for p in caught.value.problems]


def test_both_layouts_are_read_without_conversion() -> None:
    features, quotas = read_quotas((DATA / "example_small_20/categories.csv").read_bytes(), "categories.csv")
    assert features == ("gender", "leaning") and (quotas[0].feature, quotas[0].value, quotas[0].min) == (
        "gender",
        "female",
        9,
    )
    # the Sortition Foundation's layout, with min_flex/max_flex
    features, quotas = read_quotas((DATA / "sf_fixture_22/features.csv").read_bytes(), "features.csv")
    assert features[0] == "Gender" and quotas[0].min_flex == 0 and quotas[0].max_flex == 12
    # opendlp's export, with the columns organisers leave in (suggest min, Current #)
    features, quotas = read_quotas((DATA / "opendlp_monitor_30/categories.csv").read_bytes(), "categories.csv")
    assert "gender" in features and {q.value for q in quotas if q.feature == "gender"} >= {"Female", "Male"}
    pool = read_pool(
        (DATA / "opendlp_monitor_30/categories.csv").read_bytes(),
        (DATA / "opendlp_monitor_30/respondents.csv").read_bytes(),
        k=30,
    )
    first = pool.people[0]
    assert first.id == "1" and pool.extra["1"]["first_name"] == "Amina"  # other columns kept for the organisers
    sf = read_pool(
        (DATA / "sf_fixture_22/features.csv").read_bytes(), (DATA / "sf_fixture_22/candidates.csv").read_bytes(), k=22
    )
    assert sf.people[0].id == "p0"  # nationbuilder_id detected as the id column


def test_case_and_whitespace_differences_are_matched() -> None:
    pool = read_pool(
        b"feature,value,min,max\nGender,Female,1,2\nGender,Male,0,2\n",
        b"id,gender\n1, female \n2,MALE\n3,Female\n",
        k=2,
    )
    assert [p.values for p in pool.people] == [("Female",), ("Male",), ("Female",)]


def test_address_columns_make_households() -> None:
    pool = read_pool(
        b"feature,value,min,max\ngender,f,0,2\ngender,m,0,2\n",
        b"id,gender,street,zip\n1,f,Rue Haute  1,1000\n2,m,rue haute 1,1000\n3,f,Rue Basse 2,1000\n",
        k=2,
        address_columns=["street", "zip"],
    )
    homes = [p.household for p in pool.people]
    assert homes[0] == homes[1] != homes[2]


def test_every_problem_in_the_respondents_is_reported_at_once() -> None:
    categories = "feature,value,min,max\ngender,female,1,3\ngender,male,1,3\nage,young,0,3\nage,old,0,3\n"
    respondents = "id,gender,age\n1,female,young\n2,femal,old\n1,male,young\n4,,old\n5,male,middle\n"
    found = problems(categories, respondents, 3)
    assert found == [
        "respondents.csv, row 3, column 'gender': 'femal' is not a value of gender in categories.csv "
        "(values: female, male)",
        "respondents.csv, row 4, column 'id': the id '1' is also on row 2",
        "respondents.csv, row 5, column 'gender': empty cell",
        "respondents.csv, row 6, column 'age': 'middle' is not a value of age in categories.csv (values: young, old)",
    ]


def test_quotas_that_cannot_add_up_are_reported_per_feature() -> None:
    categories = "feature,value,min,max\ngender,female,3,4\ngender,male,3,4\nage,young,0,1\nage,old,0,1\n"
    respondents = "id,gender,age\n" + "".join(f"{i},{'female' if i % 2 else 'male'},young\n" for i in range(10))
    found = problems(categories, respondents, 5)
    assert found == [
        "categories.csv, column 'min': gender: the minimums add up to 6, more than the panel size 5 (rows 2, 3)",
        "categories.csv, column 'max': age: the maximums add up to 2, less than the panel size 5 (rows 4, 5)",
    ]


def test_bad_quota_rows_are_all_reported() -> None:
    categories = "feature,value,min,max\ngender,female,x,2\ngender,male,3,1\ngender,,0,1\ngender,Female,0,1\n"
    found = problems(categories, "id,gender\n1,female\n", 1)
    assert found == [
        "categories.csv, row 2, column 'min': 'x' is not a whole number ≥ 0",
        "categories.csv, row 3, column 'min': the minimum 3 is above the maximum 1",
        "categories.csv, row 4, column 'value': empty cell",
        "categories.csv, row 5, column 'value': gender: Female is also on row 2",
    ]


def test_a_panel_larger_than_the_pool_a_missing_column_and_unheld_values() -> None:
    categories = "feature,value,min,max\ngender,female,0,5\ngender,male,0,5\ngender,other,1,5\n"
    assert "respondents.csv: the panel size 5 is larger than the pool (2 people)" in problems(
        categories, "id,gender\n1,female\n2,male\n", 5
    )
    assert problems(categories, "id,sex\n1,female\n", 1) == [
        "respondents.csv, row 1: no column 'gender', a feature of categories.csv"
    ]
    assert "categories.csv, row 4, column 'min': gender: other has a minimum of 1 but no respondent has it" in (
        problems(categories, "id,gender\n1,female\n2,male\n", 2)
    )


def test_the_header_must_name_the_quota_columns() -> None:
    with pytest.raises(PanelInputError) as caught:
        read_quotas(b"a,b,c\n1,2,3\n", "quotas.csv")
    assert "needs columns for feature, value, min, max" in caught.value.message


def test_windows_1252_and_utf16_files_are_read() -> None:
    categories = "feature,value,min,max\nregion,Liège,0,2\nregion,Brussel,0,2\n"
    respondents = "id,region\n1,Liège\n2,Brussel\n"
    for encoding in ("cp1252", "utf-16"):
        pool = read_pool(categories.encode(encoding), respondents.encode(encoding), k=2)
        assert [p.values for p in pool.people] == [("Liège",), ("Brussel",)]
