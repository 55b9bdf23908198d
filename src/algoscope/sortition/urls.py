"""The citizens' panel pages, mounted by the site shell: ``public_patterns`` under ``public``, ``editor_patterns``
under ``editor``."""

from django.urls import path

from algoscope.accounts.access import ORGANISATION, PANEL, PUBLIC, SIGNED_IN
from algoscope.sortition import views, work_views

public_patterns = [
    path("panels/", views.public_list, name="panels"),
    path("panels/<int:panel_id>/", views.public_detail, name="panel"),
    path("panels/<int:panel_id>/files/<str:name>", views.public_file, name="panel_file"),
]

editor_patterns = [
    path("panels/", views.panel_list, name="panels"),
    path("panels/<int:panel_id>/", views.panel_detail, name="panel"),
    path("panels/<int:panel_id>/work/", work_views.panel_work_edit, name="panel_work"),
    path("panels/<int:panel_id>/<slug:action>/", views.panel_action, name="panel_action"),
    path("panels/<int:panel_id>/files/<str:name>", views.panel_file, name="panel_file"),
    path("recommendations/", work_views.recommendations, name="recommendations"),
    path("recommendations/<int:recommendation_id>/", work_views.recommendation_respond, name="recommendation"),
]

access = {
    "public:panels": PUBLIC,
    "public:panel": PUBLIC,
    "public:panel_file": PUBLIC,
    "editor:panels": SIGNED_IN,  # the panels a person organises; organisers create one there
    **{f"editor:{pattern.name}": PANEL for pattern in editor_patterns if (pattern.name or "").startswith("panel_")},
    "editor:panel": PANEL,
    "editor:recommendations": SIGNED_IN,  # the recommendations a person's organisations (or the coordinators) answer
    "editor:recommendation": ORGANISATION,  # the responsible organisation's people; the coordinators for the government
}
