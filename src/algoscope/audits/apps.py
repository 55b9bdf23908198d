from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "algoscope.audits"
    verbose_name = "Bias audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from algoscope.audits.selectors import audit_facet_values
        from algoscope.register.search.index import register_facet_source

        register_facet_source(audit_facet_values)
