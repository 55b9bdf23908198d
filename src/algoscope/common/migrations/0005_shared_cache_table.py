"""The shared cache's table (rate limits counted across processes and machines): ``createcachetable``, as a
migration so that every installation and every test database has it."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("DROP TABLE IF EXISTS algoscope_cache")


class Migration(migrations.Migration):
    dependencies = [("common", "0004_site_roles_move_to_accounts")]

    operations = [migrations.RunPython(create, drop)]
