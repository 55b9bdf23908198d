"""Writes on organisations, memberships and API tokens: each checks permission, validates, changes and writes the
audit log in one transaction."""

from algoscope.accounts.services.organisations import membership_grant, membership_revoke, organisation_create
from algoscope.accounts.services.site_roles import site_role_grant, site_role_revoke
from algoscope.accounts.services.tokens import api_token_authenticate, api_token_create, api_token_revoke

__all__ = [
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "membership_grant",
    "membership_revoke",
    "organisation_create",
    "site_role_grant",
    "site_role_revoke",
]
