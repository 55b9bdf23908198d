"""The API schema and the field table must describe the same record."""

from __future__ import annotations

from algoscope.register.content import FIELDS
from algoscope.register.exports import csv_columns
from algoscope.register.schemas import AlgorithmContent


def test_api_content_schema_has_exactly_the_canonical_fields() -> None:
    assert list(AlgorithmContent.model_fields) == [spec.key for spec in FIELDS]


def test_csv_export_has_a_column_per_field_and_language() -> None:
    columns = csv_columns()
    assert len(columns) == len(set(columns))
    for spec in FIELDS:
        assert spec.key in columns or f"{spec.key}_nl" in columns


def test_search_query_offers_the_register_s_facets_and_the_apps_add_theirs() -> None:
    from algoscope.register.facets import OWN_FACETS, all_facets
    from algoscope.register.schemas import FACET_KEYS, SearchQuery

    assert list(FACET_KEYS) == [facet.key for _order, facet in OWN_FACETS]
    assert set(FACET_KEYS) <= set(SearchQuery.model_fields)
    keys = [facet.key for facet in all_facets()]
    assert {"ai_act_class", "has_audit"} <= set(keys) and keys[-1] == "retired"  # registered by their apps
