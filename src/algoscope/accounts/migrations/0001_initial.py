"""Organisations, memberships, API tokens (from the register) and site roles (from common) become the accounts app.

Only Django's picture of the models moves: the tables keep their names (``db_table``) and every row stays where it
is. The content types follow, so the admin's history and permissions stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = {"register": ("organisation", "membership", "apitoken"), "common": ("siterole",)}


def relabel_content_types(apps, schema_editor, forward=True):  # type: ignore[no-untyped-def]
    content_type = apps.get_model("contenttypes", "ContentType")
    for app_label, models_ in MOVED.items():
        old, new = (app_label, "accounts") if forward else ("accounts", app_label)
        for model in models_:
            if not content_type.objects.filter(app_label=new, model=model).exists():
                content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    relabel_content_types(apps, schema_editor, forward=False)  # type: ignore[no-untyped-call]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("common", "0003_audit_log_action_names"),
        ("register", "0003_drop_copied_filter_columns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("slug", models.SlugField(editable=False, max_length=120, unique=True)),
                        (
                            "identifier_scheme",
                            models.CharField(
                                choices=[
                                    ("kbo", "KBO/BCE enterprise number"),
                                    ("oin", "OIN"),
                                    ("tooi", "TOOI identifier"),
                                    ("rcs", "RCS number"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("identifier", models.CharField(max_length=200, unique=True)),
                        ("name", models.JSONField(default=dict)),
                        ("original_language", models.CharField(default="nl", max_length=2)),
                        (
                            "org_type",
                            models.CharField(
                                choices=[
                                    ("federal", "Federal / national"),
                                    ("regional", "Regional"),
                                    ("community", "Community"),
                                    ("provincial", "Provincial"),
                                    ("municipal", "Municipal"),
                                    ("agency", "Agency"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "country",
                            models.CharField(
                                choices=[("BE", "Belgium"), ("NL", "Netherlands"), ("LU", "Luxembourg")], max_length=2
                            ),
                        ),
                        ("region", models.CharField(blank=True, max_length=6)),
                        ("website", models.URLField(blank=True, max_length=500)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "register_organisation",
                        "ordering": ["slug"],
                    },
                ),
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("editor", "Editor: create, edit and submit drafts"),
                                    ("reviewer", "Reviewer: also publish, reject and retire"),
                                ],
                                default="editor",
                                max_length=20,
                            ),
                        ),
                        ("prefix", models.CharField(max_length=12, unique=True)),
                        ("key_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_used_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "register_apitoken",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("editor", "Editor"),
                                    ("reviewer", "Reviewer"),
                                    ("org_admin", "Organisation administrator"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("granted_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "register_membership",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "organisation", "role"), name="unique_membership_role"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SiteRole",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("operator", "Operator"),
                                    ("auditor", "Auditor"),
                                    ("coordinator", "Coordinator"),
                                    ("organiser", "Panel organiser"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("granted_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="site_roles",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "common_siterole",
                        "constraints": [models.UniqueConstraint(fields=("user", "role"), name="unique_site_role")],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, relabel_back),
    ]
