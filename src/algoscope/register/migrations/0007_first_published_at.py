from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Every published record gets the date of its version 1."""
    Algorithm = apps.get_model("register", "Algorithm")  # noqa: N806
    AlgorithmVersion = apps.get_model("register", "AlgorithmVersion")  # noqa: N806
    first = AlgorithmVersion.objects.filter(algorithm=OuterRef("pk"), number=1).values("published_at")[:1]
    Algorithm.objects.filter(published_version__isnull=False).update(first_published_at=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0006_version_published_at_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="algorithm",
            name="first_published_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
