"""A panel's organisation is now ``accounts.Organisation`` (same table, same column)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sortition", "0003_panel_heartbeat_at"),
    ]
    run_before = [("register", "0004_organisations_move_to_accounts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="panel",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="panels", to="accounts.organisation"
                    ),
                ),
            ],
        ),
    ]
