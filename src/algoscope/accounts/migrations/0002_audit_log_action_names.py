"""Audit-log actions on organisations, memberships and API tokens are named after the app that now writes them
(``register.api_token.create`` → ``accounts.api_token.create``); nothing else changes."""

from django.db import migrations

OBJECTS = ("organisation", "membership", "api_token")


def _rename(apps, old_app: str, new_app: str) -> None:  # type: ignore[no-untyped-def]
    entry = apps.get_model("common", "AuditLogEntry")
    for name in OBJECTS:
        prefix = f"{old_app}.{name}."
        for pk, action in entry.objects.filter(action__startswith=prefix).values_list("pk", "action"):
            entry.objects.filter(pk=pk).update(action=f"{new_app}.{name}.{action[len(prefix) :]}")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _rename(apps, "register", "accounts")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _rename(apps, "accounts", "register")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("common", "0003_audit_log_action_names")]

    operations = [migrations.RunPython(forwards, backwards)]
