"""Creating organisations and granting roles in them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from algoscope.accounts.identifiers import parse_identifier
from algoscope.accounts.models import Membership, Organisation
from algoscope.accounts.permissions import Actor, require
from algoscope.accounts.services.tokens import revoke_tokens_without_role
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, NotFound, Problem
from algoscope.common.multilingual import LANGUAGES

User = get_user_model()


def clean_names(names: Any) -> dict[str, str]:
    """An organisation's names: at least one, per known language, text of at most 200 characters."""
    problems: list[Problem] = []
    if not isinstance(names, dict) or not any(isinstance(v, str) and v.strip() for v in names.values()):
        raise InvalidInput.single(("name",), "required", "give the name in at least one language")
    clean: dict[str, str] = {}
    for lang, value in names.items():
        if lang not in LANGUAGES:
            problems.append(Problem(("name", lang), "unknown-language", f"unknown language {lang!r}"))
        elif not isinstance(value, str) or len(value.strip()) > 200:
            problems.append(Problem(("name", lang), "too-long", "at most 200 characters of text"))
        elif value.strip():
            clean[lang] = value.strip()
    if problems:
        raise InvalidInput(problems)
    return clean


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: dict[str, str],
    org_type: str,
    country: str,
    identifier_scheme: str,
    identifier: str,
    original_language: str = "nl",
    parent: Organisation | None = None,
    website: str = "",
) -> Organisation:
    require(actor, "organisation.create")
    names = clean_names(name)
    if org_type not in Organisation.Type.values:
        raise InvalidInput.single(("org_type",), "unknown-code", f"unknown organisation type {org_type!r}")
    ident = parse_identifier(country, identifier_scheme, identifier)
    if original_language not in names:
        original_language = next(iter(names))
    if Organisation.objects.filter(identifier=ident.value).exists():
        raise Conflict(f"an organisation with identifier {ident.value} already exists")
    try:
        organisation = Organisation.objects.create(
            slug=ident.slug,
            identifier_scheme=ident.scheme,
            identifier=ident.value,
            name=names,
            original_language=original_language,
            org_type=org_type,
            country=country,
            parent=parent,
            website=website,
        )
    except IntegrityError as exc:  # a concurrent creation of the same identifier
        raise Conflict(f"an organisation with identifier {ident.value} already exists") from exc
    audit_log_write(
        actor=actor,
        action="accounts.organisation.create",
        object_type="organisation",
        object_id=organisation.slug,
        organisation_id=organisation.pk,
        after={"name": names, "identifier": ident.value, "org_type": org_type, "country": country},
    )
    return organisation


@transaction.atomic
def membership_grant(*, actor: Actor, organisation: Organisation, user: Any, role: str) -> Membership:
    require(actor, "organisation.manage_members", organisation.pk)
    if role not in Membership.Role.values:
        raise InvalidInput.single(("role",), "unknown-code", f"unknown role {role!r}")
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit_log_write(
            actor=actor,
            action="accounts.membership.grant",
            object_type="organisation",
            object_id=organisation.slug,
            organisation_id=organisation.pk,
            after={"user": user.get_username(), "role": role},
        )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Actor, organisation: Organisation, user: Any, role: str) -> None:
    require(actor, "organisation.manage_members", organisation.pk)
    deleted, _ = Membership.objects.filter(user=user, organisation=organisation, role=role).delete()
    if not deleted:
        raise NotFound(f"{user.get_username()} has no role {role!r} in {organisation.slug}")
    revoke_tokens_without_role(actor=actor, organisation=organisation, user=user)  # a token dies with its role
    audit_log_write(
        actor=actor,
        action="accounts.membership.revoke",
        object_type="organisation",
        object_id=organisation.slug,
        organisation_id=organisation.pk,
        before={"user": user.get_username(), "role": role},
    )
