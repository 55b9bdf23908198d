from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "algoscope.plans"
    label = "plans"
    verbose_name = "Plans and progress"
    default_auto_field = "django.db.models.BigAutoField"
    demo_order = 50

    def load_demo(self, *, password: str) -> str:
        from algoscope.plans.demo import load_plan_demo
        from algoscope.plans.models import Strategy

        if Strategy.objects.exists():
            return ""
        return load_plan_demo()

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from algoscope.common.navigation import NavLink, register_nav_link

        register_nav_link(NavLink("plans", _("Plans"), "public:plans", order=60))
        register_nav_link(NavLink("plans-workspace", _("Plan follow-up"), "editor:plans", order=60, workspace=True))

        from algoscope.plans.references import register

        register()
