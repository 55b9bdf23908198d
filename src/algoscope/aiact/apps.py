from django.apps import AppConfig


class AiActConfig(AppConfig):
    name = "algoscope.aiact"
    label = "aiact"
    verbose_name = "AI Act"
    demo_order = 20

    def load_demo(self, *, password: str) -> str:
        from algoscope.aiact.demo import load_aiact_demo
        from algoscope.aiact.models import Assessment

        if Assessment.objects.exists():
            return ""
        return f"{load_aiact_demo()} AI Act assessments"

    def ready(self) -> None:
        from algoscope.aiact import publication
        from algoscope.register.extensions import PublicationPart, register_publication_part
        from algoscope.register.search.index import register_facet_source

        register_facet_source(publication.ai_act_facet_values)

        from algoscope.aiact.record_log import register_log_events

        register_log_events()
        register_publication_part(PublicationPart(publication.KEY, publication.snapshot, publication.changes, order=10))

        from django.utils.translation import gettext_lazy

        from algoscope.aiact.changes import recent_assessments
        from algoscope.register.extensions import ChangeKind, register_change_kind

        register_change_kind(ChangeKind("assessments", gettext_lazy("AI Act assessments"), recent_assessments, 30))

        from algoscope.aiact.annex_viii import annex_viii_bulk_export
        from algoscope.interop.export import register_export_standard
        from algoscope.interop.standards import ANNEX_VIII

        register_export_standard(ANNEX_VIII, annex_viii_bulk_export)

        from django.utils.translation import gettext_lazy as _

        from algoscope.accounts.permissions import can
        from algoscope.aiact.facets import AiActClassFacet
        from algoscope.aiact.presentation import record_section_context
        from algoscope.register.extensions import (
            RecordAction,
            RecordSection,
            register_facet,
            register_record_action,
            register_record_section,
        )

        register_facet(AiActClassFacet(), order=90)
        register_record_section(RecordSection("ai_act", "aiact/_record_section.html", record_section_context, 10))

        def may_edit(actor, algorithm):  # type: ignore[no-untyped-def]
            return can(actor, "algorithm.edit", algorithm.organisation_id)

        for order, (key, label, url_name) in enumerate(
            (
                ("ai_act", _("AI Act classification"), "editor:algorithm_aiact"),
                ("obligations", _("AI Act obligations"), "editor:algorithm_obligations"),
                ("fria", _("Fundamental-rights impact assessment"), "editor:algorithm_fria"),
            )
        ):
            register_record_action(RecordAction(key, label, url_name, may_edit, order=10 + order))
