"""The import page, mounted by the site shell under ``editor``."""

from django.urls import URLPattern, path

from algoscope.accounts.access import ORGANISATION
from algoscope.interop import views

public_patterns: list[URLPattern] = []
editor_patterns = [
    path("import/", views.import_page, name="import"),
]

access = {"editor:import": ORGANISATION}
