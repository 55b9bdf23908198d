from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from algoscope.accounts.models import Membership, Organisation, SiteRole
from algoscope.accounts.permissions import Actor
from algoscope.accounts.services import membership_grant, site_role_grant
from algoscope.common.errors import DomainError


class Command(BaseCommand):
    help = (
        "Give a user a role: 'grantrole USER ORGANISATION_ID editor|reviewer|org_admin' for a role in an "
        "organisation, or 'grantrole USER --site operator|auditor|coordinator|organiser|grader' for a site-wide role."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("organisation", nargs="?")
        parser.add_argument("role", nargs="?", choices=Membership.Role.values)
        parser.add_argument("--site", choices=SiteRole.Role.values, help="grant a site-wide role instead")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}; create one with 'algoscope createsuperuser'")
        if options["site"]:
            try:
                site_role_grant(actor=Actor.for_system("algoscope grantrole"), user=user, role=options["site"])
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(self.style.SUCCESS(f"{user} now has the site role {options['site']}."))
            return
        if not options["organisation"] or not options["role"]:
            raise CommandError("give ORGANISATION_ID and ROLE, or --site ROLE")
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation {options['organisation']!r} (see 'algoscope listorganisations')")
        try:
            membership_grant(
                actor=Actor.for_system("algoscope grantrole"),
                organisation=organisation,
                user=user,
                role=options["role"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"{user} is now {options['role']} of {organisation.slug}."))
