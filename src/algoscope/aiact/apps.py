from django.apps import AppConfig


class AiActConfig(AppConfig):
    name = "algoscope.aiact"
    label = "aiact"
    verbose_name = "AI Act"

    def ready(self) -> None:
        from algoscope.aiact.selectors import ai_act_facet_values
        from algoscope.register.search.index import register_facet_source

        register_facet_source(ai_act_facet_values)

        from algoscope.aiact.annex_viii import annex_viii_bulk_export
        from algoscope.register.interop import ANNEX_VIII
        from algoscope.register.interop_export import register_export_standard

        register_export_standard(ANNEX_VIII, annex_viii_bulk_export)
