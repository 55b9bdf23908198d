from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "algoscope.common"
    label = "common"
    verbose_name = "Algoscope: common"
