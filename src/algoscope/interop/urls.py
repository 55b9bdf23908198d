"""The import page and its jobs' pages, mounted by the site shell under ``editor``."""

from django.urls import URLPattern, path

from algoscope.accounts.access import ORGANISATION
from algoscope.interop import views

public_patterns: list[URLPattern] = []
editor_patterns = [
    path("import/", views.import_page, name="import"),
    path("import/<int:job_id>/", views.import_job_page, name="import_job"),
]

access = {"editor:import": ORGANISATION, "editor:import_job": ORGANISATION}
