"""An app plugs into the register without the register knowing it: a record-page section, an editor action, a
facet and a publication part, registered the way the AI Act and audit apps register theirs."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from algoscope.register import extensions, services
from algoscope.register.extensions import PartChange, PublicationPart, RecordAction, RecordSection
from algoscope.register.facets import ChoicesFacet, all_facets
from algoscope.register.search.index import FACET_SOURCES, register_facet_source, search_index_update


def _templates() -> list[dict[str, Any]]:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", {"plans/_section.html": "<p>PLANS: {{ section.word }}</p>"}),
        "django.template.loaders.app_directories.Loader",
    ]
    return templates


@pytest.fixture
def plans_app() -> Iterator[None]:
    """What a new app's ``ready()`` would do."""
    extensions.register_record_section(RecordSection("plans", "plans/_section.html", lambda a, v, lang: {"word": lang}))
    extensions.register_record_action(
        RecordAction("plans", "Link to a plan", "editor:algorithm_edit", lambda actor, algorithm: True, order=99)
    )
    extensions.register_facet(ChoicesFacet("in_plan", "In a plan", {"yes": "Yes", "no": "No"}), order=97)
    register_facet_source(lambda algorithm: [("in_plan", "yes")])
    yield
    extensions._SECTIONS.pop("plans")
    extensions._ACTIONS.pop("plans")
    extensions._FACETS.pop("in_plan")
    FACET_SOURCES.pop()


def test_an_app_adds_a_section_an_action_and_a_facet(
    plans_app: None, client: Client, make_record: Any, make_user: Any, org: Any
) -> None:
    record = make_record()
    search_index_update(record)
    with override_settings(TEMPLATES=_templates()):
        page = client.get(f"/nl/algorithms/{record.public_id}/").content.decode()
        assert "<p>PLANS: nl</p>" in page
        client.force_login(make_user(org, "editor"))
        editor = client.get(f"/editor/algorithms/{record.public_id}/").content.decode()
    assert "Link to a plan" in editor
    keys = [facet.key for facet in all_facets()]
    assert keys.index("has_audit") < keys.index("in_plan") < keys.index("retired")
    found = client.get("/api/v1/search/?in_plan=yes").json()
    assert found["total"] == 1 and any(f["key"] == "in_plan" for f in found["facets"])
    assert client.get("/api/v1/search/?in_plan=maybe").status_code == 422


def test_an_app_publishes_its_part_with_the_records_versions(
    client: Client, make_record: Any, editor: Any, republish: Any
) -> None:
    """The app's state is taken into each version at publication; a change waits for review, is listed for the
    reviewer, and shows in the comparison of versions."""
    state = {"plan": "Plan 2026"}
    part = PublicationPart(
        "plans",
        lambda algorithm: dict(state),
        lambda before, after, language: [PartChange("Plan", (before or {}).get("plan", ""), after["plan"])],
    )
    extensions.register_publication_part(part)
    try:
        record = make_record()
        assert record.published_version.parts["plans"] == {"plan": "Plan 2026"}
        state["plan"] = "Plan 2027"
        services.algorithm_part_changed(actor=editor, algorithm=record)
        assert record.state == "draft" and record.published_version.parts["plans"] == {"plan": "Plan 2026"}
        client.force_login(editor.user)
        page = client.get(f"/editor/algorithms/{record.public_id}/").content.decode()
        assert "Waiting for the next publication" in page and "Plan 2027" in page
        republish(record)
        assert record.published_version.number == 2 and record.published_version.parts["plans"]["plan"] == "Plan 2027"
        diff = client.get(f"/en/algorithms/{record.public_id}/compare/?from=1&to=2").content.decode()
        assert "Plan 2026" in diff and "Plan 2027" in diff
    finally:
        extensions._PARTS.pop("plans")


def test_every_audit_log_action_follows_the_naming_rule() -> None:
    """``<app label>.<object>.<verb>`` in every app: the literal names in the code, and the writer refuses others."""
    import re
    from pathlib import Path

    import algoscope
    from algoscope.common.auditlog import check_action

    root = Path(algoscope.__file__).parent
    literal = re.compile(r'action=f?"([^"]+)"')
    found = {
        name.replace("{verb}", "verb")
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        for name in literal.findall(path.read_text())
        if name != "store_true" and name != "append"
    }
    assert {"audits.audit.compute", "sortition.panel.verb", "register.algorithm.publish"} <= found
    for name in found:
        check_action(name)
    for wrong in ("panel.computed", "Register.algorithm.update", "nope.algorithm.update"):
        with pytest.raises(ValueError):
            check_action(wrong)
