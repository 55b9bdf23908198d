from django.apps import AppConfig


class SortitionConfig(AppConfig):
    name = "algoscope.sortition"
    label = "sortition"
    verbose_name = "Citizens' panels"
    default_auto_field = "django.db.models.BigAutoField"
