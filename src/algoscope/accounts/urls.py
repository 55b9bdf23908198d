"""The accounts pages, mounted by the site shell (editor pages under ``/editor/``)."""

from django.urls import path

from algoscope.accounts import views
from algoscope.accounts.access import ORGANISATION

public_patterns: list = []  # type: ignore[type-arg]
editor_patterns = [
    path("organisations/<slug:slug>/tokens/", views.tokens, name="tokens"),
]

access = {"editor:tokens": ORGANISATION}
