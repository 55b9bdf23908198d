"""Services write: each checks permission, validates, changes, writes the audit log, in one transaction.

(Organisations, memberships and API tokens: ``algoscope.accounts.services``.)"""

from algoscope.register.services.algorithms import (
    algorithm_create,
    algorithm_open_correction,
    algorithm_part_changed,
    algorithm_publish,
    algorithm_reject,
    algorithm_retire,
    algorithm_submit,
    algorithm_update,
)

__all__ = [
    "algorithm_create",
    "algorithm_open_correction",
    "algorithm_part_changed",
    "algorithm_publish",
    "algorithm_reject",
    "algorithm_retire",
    "algorithm_submit",
    "algorithm_update",
]
