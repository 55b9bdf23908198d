"""The one-draft-per-record rule now comes from the shared RecordDraftFields model; only its constraint names change."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("aiact", "0002_checklist_and_fria"),
        ("register", "0004_organisations_move_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="assessment",
            name="aiact_one_draft_per_record",
        ),
        migrations.RemoveConstraint(
            model_name="fria",
            name="aiact_one_fria_draft",
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")), fields=("algorithm",), name="aiact_assessment_one_draft"
            ),
        ),
        migrations.AddConstraint(
            model_name="fria",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")), fields=("algorithm",), name="aiact_fria_one_draft"
            ),
        ),
    ]
