"""Organisations, memberships and API tokens now belong to the accounts app (``accounts.0001_initial``).

Only Django's picture of the models changes; the tables and rows stay. Apps whose models point at an organisation
move their foreign keys before this runs (``run_before``), so the register needs to know none of them.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("register", "0003_drop_copied_filter_columns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="membership", name="organisation"),
                migrations.RemoveField(model_name="membership", name="user"),
                migrations.RemoveField(model_name="organisation", name="parent"),
                migrations.AlterField(
                    model_name="algorithmversion",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.organisation"
                    ),
                ),
                migrations.AlterField(
                    model_name="algorithm",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="algorithms",
                        to="accounts.organisation",
                    ),
                ),
                migrations.DeleteModel(name="ApiToken"),
                migrations.DeleteModel(name="Membership"),
                migrations.DeleteModel(name="Organisation"),
            ],
        ),
    ]
