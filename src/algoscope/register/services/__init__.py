"""Services write: each checks permission, validates, changes, writes the audit log, in one transaction."""

from algoscope.register.services.algorithms import (
    algorithm_create,
    algorithm_publish,
    algorithm_reject,
    algorithm_retire,
    algorithm_submit,
    algorithm_update,
)
from algoscope.register.services.organisations import membership_grant, membership_revoke, organisation_create
from algoscope.register.services.tokens import api_token_authenticate, api_token_create, api_token_revoke

__all__ = [
    "algorithm_create",
    "algorithm_publish",
    "algorithm_reject",
    "algorithm_retire",
    "algorithm_submit",
    "algorithm_update",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "membership_grant",
    "membership_revoke",
    "organisation_create",
]
