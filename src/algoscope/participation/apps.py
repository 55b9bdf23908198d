from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "algoscope.participation"
    label = "participation"
    verbose_name = "Participation"
    default_auto_field = "django.db.models.BigAutoField"
    demo_order = 60

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from algoscope.common.jobs import register_queue
        from algoscope.common.navigation import NavLink, register_nav_link
        from algoscope.common.references import register_backlinks
        from algoscope.participation.notifications import QUEUE
        from algoscope.participation.sections import organisation_section, record_section
        from algoscope.participation.selectors import plan_item_backlinks
        from algoscope.register.extensions import (
            OrganisationSection,
            RecordSection,
            register_organisation_section,
            register_record_section,
        )

        register_queue(QUEUE)
        register_nav_link(NavLink("questions", _("Questions"), "public:questions", order=70))
        register_nav_link(NavLink("consultations", _("Consultations"), "public:consultations", order=80))
        register_nav_link(
            NavLink("questions-workspace", _("Questions to answer"), "editor:questions", order=70, workspace=True)
        )
        register_record_section(RecordSection("questions", "participation/_record_section.html", record_section, 30))
        register_organisation_section(
            OrganisationSection("questions", "participation/_organisation_section.html", organisation_section, 10)
        )
        register_backlinks("plan-item", plan_item_backlinks)

    def load_demo(self, *, password: str) -> str:
        from algoscope.participation.demo import load_participation_demo
        from algoscope.participation.models import Consultation

        if Consultation.objects.exists():
            return ""
        return load_participation_demo(password=password)
