"""Participation's writes: each checks who acts, validates, changes, logs and tells the public cache, in one
transaction; e-mails are queued in the same transaction (``notifications``)."""

from algoscope.participation.services.consultations import (
    comment_post,
    consultation_save,
    proposal_answer,
    proposal_post,
    proposal_support,
)
from algoscope.participation.services.moderation import content_moderate, content_report
from algoscope.participation.services.questions import error_report_decide, may_answer, question_answer, question_ask
from algoscope.participation.services.residents import account_delete, my_data, subscribe

__all__ = [
    "account_delete",
    "comment_post",
    "consultation_save",
    "content_moderate",
    "content_report",
    "error_report_decide",
    "may_answer",
    "my_data",
    "proposal_answer",
    "proposal_post",
    "proposal_support",
    "question_answer",
    "question_ask",
    "subscribe",
]
