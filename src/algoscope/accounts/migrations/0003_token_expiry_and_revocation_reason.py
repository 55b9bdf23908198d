"""API tokens expire, and a revocation says why. Tokens made before this get 90 days from the migration."""

import datetime

from django.db import migrations, models
from django.utils import timezone


def ninety_days(apps, schema_editor):  # type: ignore[no-untyped-def]
    token = apps.get_model("accounts", "ApiToken")
    token.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + datetime.timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_audit_log_action_names")]

    operations = [
        migrations.AddField(model_name="apitoken", name="expires_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(ninety_days, migrations.RunPython.noop),
        migrations.AlterField(model_name="apitoken", name="expires_at", field=models.DateTimeField()),
        migrations.AddField(
            model_name="apitoken", name="revoked_reason", field=models.CharField(blank=True, max_length=200)
        ),
    ]
