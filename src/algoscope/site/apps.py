from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The shell: the site's URL configuration, layout, navigation, about and error pages, and the demo loader.
    It composes the apps; no app imports it."""

    name = "algoscope.site"
    label = "site"
    verbose_name = "Algoscope: site"

    def ready(self) -> None:
        from algoscope.config import checks  # noqa: F401  (registers the system checks)
