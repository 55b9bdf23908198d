from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "algoscope.common"
    label = "common"
    verbose_name = "Algoscope: common"

    def ready(self) -> None:
        from algoscope.config import checks  # noqa: F401  (registers the system checks)
