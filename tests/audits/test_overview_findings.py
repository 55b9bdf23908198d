"""The overview counts the published audits' findings: the same traffic lights the reports show, added up."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_overview_adds_up_the_lights_of_the_published_reports(client: Client, settings: Any) -> None:
    from algoscope.audits.models import Audit

    settings.DEBUG = True  # the demo loads only in development
    call_command("load_demo", verbosity=0)
    lights = {"red": 0, "amber": 0, "green": 0}
    published = Audit.objects.filter(status="published").select_related("algorithm")
    assert published
    for audit in published:
        report = client.get(f"/en/algorithms/{audit.algorithm.public_id}/audits/{audit.pk}/").content.decode()
        summary = report.split('id="s0"', 1)[1].split("</table>", 1)[0]  # the report's own traffic-light table
        for light in lights:
            lights[light] += summary.count(f'class="light light-{light}"')
    page = client.get("/en/overview/").content.decode()
    section = page.split('id="fig-audit_findings"', 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', section))
    assert rows == {
        "Significant disparity": str(lights["red"]),
        "Possible disparity": str(lights["amber"]),
        "No disparity shown by this test": str(lights["green"]),
    }
    assert sum(lights.values()) > 0
