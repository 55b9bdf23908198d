"""Audit-log actions of the audit and panel apps renamed to the rule every app follows,
``<app label>.<object>.<verb>`` (``audit.computed`` → ``audits.audit.compute``); nothing else changes."""

from django.db import migrations

RENAMES = {
    "audit.": (
        "audits.audit.",
        {"computed": "compute", "action_add": "add_action", "action_status": "set_action_status"},
    ),
    "panel.": ("sortition.panel.", {"computed": "compute"}),
}


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    entry = apps.get_model("common", "AuditLogEntry")
    for old_prefix, (new_prefix, verbs) in RENAMES.items():
        for pk, action in entry.objects.filter(action__startswith=old_prefix).values_list("pk", "action"):
            verb = action[len(old_prefix) :]
            entry.objects.filter(pk=pk).update(action=new_prefix + verbs.get(verb, verb))


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    entry = apps.get_model("common", "AuditLogEntry")
    for old_prefix, (new_prefix, verbs) in RENAMES.items():
        back = {new: old for old, new in verbs.items()}
        for pk, action in entry.objects.filter(action__startswith=new_prefix).values_list("pk", "action"):
            verb = action[len(new_prefix) :]
            entry.objects.filter(pk=pk).update(action=old_prefix + back.get(verb, verb))


class Migration(migrations.Migration):
    dependencies = [("common", "0002_alter_siterole_role")]

    operations = [migrations.RunPython(forwards, backwards)]
