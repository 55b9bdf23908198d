"""Moving organisations, memberships, tokens and site roles into the accounts app keeps every row of an existing
database: the tables stay, the content types and the audit-log names follow, and the move can be undone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("register", "0003_drop_copied_filter_columns"),
    ("common", "0003_audit_log_action_names"),
    ("sortition", "0003_panel_heartbeat_at"),
    ("aiact", "0002_checklist_and_fria"),
    ("audits", "0002_audit_heartbeat_at"),
    ("contenttypes", "0002_remove_content_type_name"),
]


def _migrate(targets: list[tuple[str, str]], *, without_accounts: bool = False):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", None), *targets] if without_accounts else targets)  # type: ignore[list-item]
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


# Every app: with ``available_apps`` the flush after the test truncates with CASCADE, which PostgreSQL needs for the
# search table (its foreign key to the records is in no model).
@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_an_existing_database_moves_into_accounts_and_back() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE, without_accounts=True)
    user = old.get_model("auth", "User").objects.create(username="admin.gent")
    organisation = old.get_model("register", "Organisation").objects.create(
        slug="be-kbo-0207451227",
        identifier_scheme="kbo",
        identifier="0207.451.227",
        name={"nl": "Stad Gent"},
        org_type="municipal",
        country="BE",
    )
    old.get_model("register", "Membership").objects.create(user=user, organisation=organisation, role="org_admin")
    old.get_model("register", "ApiToken").objects.create(
        organisation=organisation, name="sync", prefix="abcd1234", key_hash="0" * 64, created_by=user
    )
    old.get_model("common", "SiteRole").objects.create(user=user, role="auditor")
    old.get_model("register", "Algorithm").objects.create(public_id="ALG-TEST0001", organisation=organisation)
    log = old.get_model("common", "AuditLogEntry")
    log.objects.create(actor_label="x", action="register.api_token.create", object_type="api_token", object_id="a")
    log.objects.create(actor_label="x", action="register.algorithm.create", object_type="algorithm", object_id="b")
    content_type = old.get_model("contenttypes", "ContentType")
    content_type.objects.get_or_create(app_label="register", model="organisation")

    new = _migrate(latest)
    moved = new.get_model("accounts", "Organisation").objects.get()
    assert moved.name == {"nl": "Stad Gent"}
    assert new.get_model("accounts", "Membership").objects.get().organisation_id == moved.pk
    assert new.get_model("accounts", "ApiToken").objects.get().prefix == "abcd1234"
    assert new.get_model("accounts", "SiteRole").objects.get().role == "auditor"
    assert new.get_model("register", "Algorithm").objects.get().organisation_id == moved.pk
    actions = set(new.get_model("common", "AuditLogEntry").objects.values_list("action", flat=True))
    assert actions == {"accounts.api_token.create", "register.algorithm.create"}
    types = new.get_model("contenttypes", "ContentType").objects
    assert types.filter(app_label="accounts", model="organisation").exists()
    assert not types.filter(app_label="register", model="organisation").exists()

    back = _migrate(BEFORE, without_accounts=True)
    assert back.get_model("register", "Organisation").objects.get().slug == "be-kbo-0207451227"
    assert set(back.get_model("common", "AuditLogEntry").objects.values_list("action", flat=True)) == {
        "register.api_token.create",
        "register.algorithm.create",
    }
    _migrate(latest)
