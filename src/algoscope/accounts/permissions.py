"""Who may do what: one table of organisation roles per action, and the actor that services receive.

An actor is a signed-in person or an API token. A token is one person's: it acts for one organisation with its
role only while that person still holds a role there that allows it (``token_role_allowed``), and for the
four-eyes rule it is that person, so nobody approves their own change by switching to a token.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, cast

from algoscope.common.errors import PermissionDenied
from algoscope.common.messages import gettext_noop as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

    from algoscope.accounts.models import ApiToken

EDITING_ROLES: Final = frozenset({"editor", "reviewer", "org_admin"})

# action → organisation roles that allow it
ORGANISATION_RULES: Final[dict[str, frozenset[str]]] = {
    "algorithm.create": EDITING_ROLES,
    "algorithm.edit": EDITING_ROLES,
    "algorithm.submit": EDITING_ROLES,
    "algorithm.view_draft": EDITING_ROLES,
    "algorithm.import": EDITING_ROLES,
    "algorithm.publish": frozenset({"reviewer"}),
    "algorithm.reject": frozenset({"reviewer"}),
    "algorithm.retire": frozenset({"reviewer"}),
    "organisation.manage_members": frozenset({"org_admin"}),
    "api_token.create": EDITING_ROLES,  # a person makes tokens for themselves, never above their own role
    "organisation.manage_tokens": frozenset({"org_admin"}),  # sees and revokes everyone's tokens
    "audit.view": EDITING_ROLES,  # the audited organisation sees its audits before publication
    "audit.respond": EDITING_ROLES,
    "progress.record": EDITING_ROLES,  # on the plan actions the organisation is a responsible body of
    "training.record": EDITING_ROLES,  # the organisation's own training figures
    "question.answer": EDITING_ROLES,  # questions and error reports about the organisation and its records
    "recommendation.respond": EDITING_ROLES,  # a citizens' panel's recommendation to the organisation
}
# action → site roles that allow it, whatever the organisation
SITE_RULES: Final[dict[str, frozenset[str]]] = {
    "organisation.create": frozenset({"operator"}),
    "site_role.manage": frozenset({"operator"}),
    "algorithm.import": frozenset({"operator"}),  # the platform operator imports (and exports drafts) from the CLI
    "organisation.manage_members": frozenset({"operator"}),
    "audit.create": frozenset({"auditor"}),
    "panel.create": frozenset({"organiser"}),  # then only the panel's own organisers see and change it
    "plan.edit": frozenset({"coordinator", "operator"}),  # the steering committee's secretariat; the operator's CLI
    "plan.publish": frozenset({"coordinator"}),  # another coordinator than the one who drafted it
    "plan.period": frozenset({"coordinator"}),
    "progress.publish": frozenset({"coordinator"}),  # not one's own update
    "progress.grade": frozenset({"grader"}),
    "training.publish": frozenset({"coordinator"}),  # not one's own figures
    "question.answer_general": frozenset({"coordinator"}),  # the contact point: the steering committee's secretariat
    "consultation.manage": frozenset({"coordinator"}),  # open consultations, answer proposals
    "content.moderate": frozenset({"moderator"}),  # hide or restore reported posts, with a reason
    "recommendation.respond_general": frozenset({"coordinator"}),  # a panel's recommendation to the government
    "report.build": frozenset({"coordinator", "operator"}),  # a report to Parliament: built and written as a draft
    "report.publish": frozenset({"coordinator", "operator"}),  # by another coordinator, or the operator's CLI
}
# action on one object → the site role it needs and the people of that object who may do it (beside no one else)
PERSON_RULES: Final[dict[str, tuple[str, str]]] = {
    "panel.manage": ("organiser", "the panel's organisers"),
    "audit.edit": ("auditor", "the audit's auditor"),
}


def token_role_allowed(token_role: str, person_roles: Iterable[str]) -> bool:
    """Whether a person holding ``person_roles`` in an organisation may use a token of ``token_role`` there: a
    reviewer token needs the reviewer role; an editor token any editing role."""
    roles = set(person_roles)
    return "reviewer" in roles if token_role == "reviewer" else bool(roles & EDITING_ROLES)


@dataclass(frozen=True)
class Actor:
    user: AbstractBaseUser | AnonymousUser | None = None
    token: ApiToken | None = None
    system: str = ""  # a command acting as the platform itself, e.g. "algoscope createorganisation"
    _site_roles: frozenset[str] | None = field(default=None, compare=False)

    @classmethod
    def for_request(cls, request: Any) -> Actor:
        """Who makes a page request: the signed-in user (or the anonymous one)."""
        return cls(user=request.user)

    @classmethod
    def for_token(cls, token: ApiToken) -> Actor:
        return cls(user=None, token=token)

    @classmethod
    def for_system(cls, command: str) -> Actor:
        """The platform operator acting from the command line (site role ``operator``, no organisation role)."""
        return cls(system=command, _site_roles=frozenset({"operator"}))

    @property
    def is_authenticated(self) -> bool:
        return bool(self.token is not None or self.system or (self.user is not None and self.user.is_authenticated))

    @property
    def person_id(self) -> int | None:
        """The person behind the action (a token's creator for a token)."""
        if self.token is not None:
            return self.token.created_by_id
        if self.user is not None and self.user.is_authenticated:
            return int(self.user.pk)
        return None

    @property
    def db_user(self) -> User | None:
        """The account to store as actor: the person, or the token's creator."""
        if self.token is not None:
            return self.token.created_by
        if self.user is not None and self.user.is_authenticated:
            return cast("User", self.user)  # authenticated, so a real account
        return None

    @property
    def label(self) -> str:
        if self.token is not None:
            return f"API token {self.token.name!r} ({self.token.prefix}) of {self.token.organisation.slug}"
        if self.user is not None and self.user.is_authenticated:
            return self.user.get_username()
        if self.system:
            return f"system ({self.system})"
        return "anonymous"

    @cached_property
    def site_roles(self) -> frozenset[str]:
        if self._site_roles is not None:
            return self._site_roles
        if self.token is not None or self.user is None or not self.user.is_authenticated:
            return frozenset()
        from algoscope.accounts.models import SiteRole

        return frozenset(SiteRole.objects.filter(user_id=self.user.pk).values_list("role", flat=True))

    @cached_property
    def token_roles(self) -> frozenset[str]:
        """The role a token acts with now: its own, while it is active and its person still holds a role allowing
        it in the token's organisation (and their account is active); else none."""
        token = self.token
        if token is None or not token.is_active or not token.created_by.is_active:
            return frozenset()
        from algoscope.accounts.models import Membership

        held = Membership.objects.filter(user_id=token.created_by_id, organisation_id=token.organisation_id)
        allowed = token_role_allowed(token.role, held.values_list("role", flat=True))
        return frozenset({token.role}) if allowed else frozenset()

    def roles_in(self, organisation_id: int) -> frozenset[str]:
        if self.token is not None:
            return self.token_roles if self.token.organisation_id == organisation_id else frozenset()
        if self.user is None or not self.user.is_authenticated:
            return frozenset()
        from algoscope.accounts.models import Membership

        return frozenset(
            Membership.objects.filter(user_id=self.user.pk, organisation_id=organisation_id).values_list(
                "role", flat=True
            )
        )

    def organisation_ids(self, action: str) -> set[int]:
        """The organisations in which this actor may do ``action``."""
        allowed = ORGANISATION_RULES.get(action, frozenset())
        if self.token is not None:
            return {self.token.organisation_id} if self.token_roles & allowed else set()
        if self.user is None or not self.user.is_authenticated:
            return set()
        from algoscope.accounts.models import Membership

        return set(
            Membership.objects.filter(user_id=self.user.pk, role__in=allowed).values_list("organisation_id", flat=True)
        )


def can_as_listed(actor: Actor, action: str, people: Iterable[int]) -> bool:
    """An action on one object that only the people it lists may do (a panel's organisers, an audit's auditor),
    and only while they hold the site role the action needs (``PERSON_RULES``)."""
    role, _who = PERSON_RULES[action]
    return actor.person_id is not None and role in actor.site_roles and actor.person_id in set(people)


def require_listed(actor: Actor, action: str, people: Iterable[int]) -> None:
    if not can_as_listed(actor, action, people):
        raise PermissionDenied(f"only {PERSON_RULES[action][1]} may do this")


def can(actor: Actor, action: str, organisation_id: int | None = None) -> bool:
    if SITE_RULES.get(action, frozenset()) & actor.site_roles:
        return True
    if organisation_id is None:
        return False
    return bool(ORGANISATION_RULES.get(action, frozenset()) & actor.roles_in(organisation_id))


def require(actor: Actor, action: str, organisation_id: int | None = None) -> None:
    if not can(actor, action, organisation_id):
        raise PermissionDenied(
            _("{who} may not do this here ({action})"), params={"who": actor.label, "action": action}
        )
