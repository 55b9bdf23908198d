from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The shell: the site's URL configuration, layout, navigation, about and error pages, and the demo loader.
    It composes the apps; no app imports it."""

    name = "algoscope.site"
    label = "site"
    verbose_name = "Algoscope: site"

    demo_order = 900  # after every app's demo

    def load_demo(self, password: str) -> str | None:
        """Who runs the demo installation, and how to reach them (an operator sets their own in the admin)."""
        from algoscope.site.models import SiteProfile

        if SiteProfile.objects.exists():
            return None
        SiteProfile.objects.create(
            pk=1,
            operator={
                "nl": "Algoscope-demonstratieteam",
                "fr": "Équipe de démonstration Algoscope",
                "de": "Algoscope-Demonstrationsteam",
                "en": "Algoscope demonstration team",
            },
            contact_email="contact@algoscope.example",
            contact={
                "nl": "Dit is een demonstratie, geen echte dienst: berichten aan dit adres worden niet gelezen.",
                "fr": "Ceci est une démonstration, pas un vrai service : les messages à cette adresse ne sont pas lus.",
                "de": "Dies ist eine Demonstration, kein echter Dienst: Nachrichten hierher werden nicht gelesen.",
                "en": "This is a demonstration, not a real service: messages to this address are not read.",
            },
        )
        from algoscope.common.public_cache import public_changed

        public_changed()  # on every cached page's footer
        return "the site's profile (who runs it, contact)"

    def ready(self) -> None:
        from algoscope.config import checks  # noqa: F401  (registers the system checks)
