from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "algoscope.reports"
    label = "reports"
    verbose_name = "Reports to Parliament"
    default_auto_field = "django.db.models.BigAutoField"
    demo_order = 90  # after the plans, the register, the panels and participation: it reports on them

    def load_demo(self, *, password: str) -> str:
        from algoscope.reports.demo import load_report_demo
        from algoscope.reports.models import Report

        if Report.objects.exists():
            return ""
        return load_report_demo()

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from algoscope.common.jobs import register_queue
        from algoscope.reports.jobs import QUEUE_OF_REPORTS

        register_queue(QUEUE_OF_REPORTS)

        from algoscope.common.navigation import NavLink, register_nav_link

        register_nav_link(NavLink("reports", _("Reports"), "public:reports", order=65))
        register_nav_link(
            NavLink("reports-workspace", _("Reports to Parliament"), "editor:reports", order=65, workspace=True)
        )
