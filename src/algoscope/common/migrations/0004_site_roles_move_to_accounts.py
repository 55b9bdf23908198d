"""Site roles now belong to the accounts app (``accounts.0001_initial``); the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0003_audit_log_action_names"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="SiteRole")],
        ),
    ]
