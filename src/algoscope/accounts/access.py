"""Who may reach each page: every route the site serves declares one of these levels in its app's ``urls.py``
(``access``, keyed by the route's full name). The access-matrix test walks the URL table: a route without a level
fails the build, and every route is tried by people who lack the level, to prove that none of them writes.

The level says who may use the page at all; the services still decide each action (``permissions.py``)."""

from __future__ import annotations

from typing import Final

PUBLIC: Final = "public"  # anyone reads; nothing is written
PUBLIC_FORM: Final = "public-form"  # anyone posts, and nothing is stored (a questionnaire; signing in; the language)
SIGN_UP: Final = "sign-up"  # anyone makes an account (or asks for a password reset); nothing else is stored
RESIDENT: Final = "resident"  # a signed-in person with a confirmed e-mail address posts (a question, a proposal)
SIGNED_IN: Final = "signed-in"  # any signed-in person; what they see and may change is decided per object
ORGANISATION: Final = "organisation-role"  # a role in the organisation that owns the record or the tokens
AUDIT: Final = "audit"  # the audit's auditor; the audited organisation reads and responds
PANEL: Final = "panel"  # the panel's organisers
PLAN: Final = "plan"  # the plans' coordinators (a progress update's page: also the independent graders)
MODERATION: Final = "moderation"  # the moderators
OPERATOR: Final = "operator"  # the admin site (staff accounts)
API: Final = "api"  # the JSON API: reads are public, writes need a token (checked operation by operation)

LEVELS: Final = frozenset(
    {PUBLIC, PUBLIC_FORM, SIGN_UP, RESIDENT, SIGNED_IN, ORGANISATION, AUDIT, PANEL, PLAN, MODERATION, OPERATOR, API}
)
