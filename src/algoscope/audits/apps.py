from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "algoscope.audits"
    verbose_name = "Bias audits"
    default_auto_field = "django.db.models.BigAutoField"
    demo_order = 30

    def load_demo(self, *, password: str) -> str:
        from algoscope.audits.demo import load_audit_demo
        from algoscope.audits.models import Audit

        if Audit.objects.exists():
            return ""
        count = load_audit_demo()
        return f"{count} published audit" + ("" if count == 1 else "s")

    def ready(self) -> None:
        from algoscope.audits.selectors import audit_facet_values
        from algoscope.register.search.index import register_facet_source

        register_facet_source(audit_facet_values)

        from algoscope.audits.jobs import QUEUE
        from algoscope.common.jobs import register_queue

        register_queue(QUEUE)

        from django.utils.translation import gettext_lazy as _

        from algoscope.audits.selectors import record_section_context
        from algoscope.register.extensions import RecordSection, register_facet, register_record_section
        from algoscope.register.facets import ChoicesFacet

        has_audit = ChoicesFacet(
            "has_audit", _("Independent audit"), {"yes": _("Audited"), "no": _("Not audited")}, frozenset({"yes"})
        )
        register_facet(has_audit, order=95)

        from algoscope.audits.changes import recent_audits
        from algoscope.register.extensions import ChangeKind, register_change_kind

        register_change_kind(ChangeKind("audits", _("Independent audits"), recent_audits, 40))

        from algoscope.audits.selectors import findings_figure
        from algoscope.register.extensions import OverviewFigure, register_overview_figure

        register_overview_figure(OverviewFigure("audit_findings", findings_figure, order=150))
        register_record_section(RecordSection("audits", "audits/_record_section.html", record_section_context, 20))
