"""The apps' navigation links for the layout (``app_nav``, ``app_workspaces``): a context processor."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from algoscope.common.navigation import nav_links


def context(request: HttpRequest) -> dict[str, Any]:
    return {
        "app_nav": [(reverse(link.url_name), link.label) for link in nav_links(workspace=False)],
        "app_workspaces": [(reverse(link.url_name), link.label) for link in nav_links(workspace=True)],
    }
