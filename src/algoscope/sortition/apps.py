from django.apps import AppConfig


class SortitionConfig(AppConfig):
    name = "algoscope.sortition"
    label = "sortition"
    verbose_name = "Citizens' panels"
    default_auto_field = "django.db.models.BigAutoField"
    demo_order = 40

    def ready(self) -> None:
        from algoscope.common.jobs import register_queue
        from algoscope.register.extensions import OverviewFigure, register_overview_figure
        from algoscope.sortition.jobs import QUEUE
        from algoscope.sortition.selectors import overview_figure

        register_queue(QUEUE)

        from django.utils.translation import gettext_lazy as _

        from algoscope.common.navigation import NavLink, register_nav_link

        register_nav_link(NavLink("panels", _("Citizens' panels"), "public:panels", order=50))
        register_nav_link(NavLink("panels-workspace", _("My panels"), "editor:panels", order=50, workspace=True))
        register_overview_figure(OverviewFigure("panels", overview_figure, order=200))
        register_nav_link(
            NavLink("recommendations", _("Panel recommendations"), "editor:recommendations", order=55, workspace=True)
        )

        from algoscope.common.references import register_backlinks
        from algoscope.register.extensions import RecordSection, register_record_section
        from algoscope.sortition.work_views import pilot_backlinks, record_section

        register_record_section(RecordSection("oversight", "sortition/_record_oversight.html", record_section, 25))
        register_backlinks("pilot", pilot_backlinks)

    def load_demo(self, *, password: str) -> str:
        from algoscope.sortition.demo import load_panel_demo
        from algoscope.sortition.models import Panel

        if Panel.objects.exists():
            return ""
        count = load_panel_demo()
        return f"{count} citizens' panel drawn by lot" if count == 1 else f"{count} citizens' panels drawn by lot"
