from typing import Any

from django.core.management.base import BaseCommand, CommandError

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.accounts.services import organisation_create
from algoscope.common.errors import DomainError
from algoscope.common.multilingual import LANGUAGES


class Command(BaseCommand):
    help = "Create an organisation with a validated identifier (KBO/BCE, OIN, TOOI or RCS)."

    def add_arguments(self, parser: Any) -> None:
        for lang in LANGUAGES:
            parser.add_argument(f"--name-{lang}", default="", help=f"name in {lang}")
        parser.add_argument("--type", required=True, choices=Organisation.Type.values)
        parser.add_argument("--country", required=True, choices=Organisation.Country.values)
        parser.add_argument("--scheme", required=True, choices=Organisation.Scheme.values)
        parser.add_argument("--identifier", required=True)
        parser.add_argument("--parent", default="", help="id of the parent organisation")
        parser.add_argument("--website", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        names = {lang: options[f"name_{lang}"] for lang in LANGUAGES if options[f"name_{lang}"]}
        parent = None
        if options["parent"]:
            parent = Organisation.objects.filter(slug=options["parent"]).first()
            if parent is None:
                raise CommandError(f"--parent: no organisation {options['parent']!r}")
        try:
            org = organisation_create(
                actor=Actor.for_system("algoscope createorganisation"),
                name=names,
                org_type=options["type"],
                country=options["country"],
                identifier_scheme=options["scheme"],
                identifier=options["identifier"],
                original_language=next(iter(names), "nl"),
                parent=parent,
                website=options["website"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Created organisation {org.slug} ({org.identifier})."))
