from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "algoscope.register"
    label = "register"
    verbose_name = "Algorithm register"
