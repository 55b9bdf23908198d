"""The register's pages. The site shell mounts ``public_patterns`` under the ``public`` namespace (with a language
prefix), ``editor_patterns`` under ``editor`` and ``root_patterns`` (downloads, feeds) at the root."""

from django.urls import path

from algoscope.accounts.access import ORGANISATION, PUBLIC, SIGNED_IN
from algoscope.register import exports, views_editor, views_public

public_patterns = [
    path("", views_public.home, name="home"),
    path("algorithms/<str:public_id>/", views_public.algorithm_detail, name="algorithm"),
    path(
        "algorithms/<str:public_id>/versions/<int:number>/",
        views_public.algorithm_version,
        name="algorithm_version",
    ),
    path("algorithms/<str:public_id>/compare/", views_public.algorithm_diff, name="algorithm_diff"),
    path("organisations/", views_public.organisation_list, name="organisations"),
    path("organisations/compare/", views_public.organisation_compare, name="organisations_compare"),
    path("changes/", views_public.changes, name="changes"),
    path("organisations/<slug:slug>/", views_public.organisation_detail, name="organisation"),
]

editor_patterns = [
    path("", views_editor.dashboard, name="dashboard"),
    path("algorithms/new/", views_editor.algorithm_new, name="algorithm_new"),
    path("algorithms/<str:public_id>/", views_editor.algorithm_detail, name="algorithm"),
    path("algorithms/<str:public_id>/edit/", views_editor.algorithm_edit, name="algorithm_edit"),
]
# Matches any "algorithms/<id>/<word>/": the shell mounts it after every app's own record pages.
editor_fallback_patterns = [
    path(
        "algorithms/<str:public_id>/<str:action>/",
        views_editor.algorithm_transition,
        name="algorithm_transition",
    ),
]

root_patterns = [
    path("exports/algorithms.csv", exports.algorithms_csv, name="export_algorithms_csv"),
    path("exports/algorithms.json", exports.algorithms_json, name="export_algorithms_json"),
    path("exports/organisations.csv", exports.organisations_csv, name="export_organisations_csv"),
    path("exports/search.csv", exports.search_csv, name="export_search_csv"),
    path("exports/algorithms/<str:public_id>.json", exports.record_json, name="export_record_json"),
    path("exports/algorithms/<str:public_id>-history.csv", exports.record_history_csv, name="export_record_csv"),
    path("exports/search.json", exports.search_json, name="export_search_json"),
    path("feeds/publications.atom", exports.PublicationsFeed(), name="feed_publications"),
    path("feeds/search.atom", exports.SearchFeed(), name="feed_search"),
    path("feeds/changes.atom", exports.ChangesFeed(), name="feed_changes"),
]

access = {
    **{f"public:{name}": PUBLIC for name in ("home", "algorithm", "algorithm_version", "algorithm_diff")},
    **{f"public:{name}": PUBLIC for name in ("organisations", "organisation", "organisations_compare", "changes")},
    "editor:dashboard": SIGNED_IN,
    "editor:algorithm_new": ORGANISATION,
    "editor:algorithm": ORGANISATION,
    "editor:algorithm_edit": ORGANISATION,
    "editor:algorithm_transition": ORGANISATION,
    **{pattern.name: PUBLIC for pattern in root_patterns if pattern.name},
}
