"""Participation's pages, mounted by the site shell: ``public_patterns`` under ``public`` (with a language
prefix), ``editor_patterns`` under ``editor``."""

from django.urls import path

from algoscope.accounts.access import MODERATION, ORGANISATION, PLAN, PUBLIC, RESIDENT, SIGNED_IN
from algoscope.participation import feeds, views_editor, views_public

public_patterns = [
    path("questions/", views_public.questions, name="questions"),
    path("questions/ask/", views_public.ask, name="ask"),
    path("questions/answers.atom", feeds.AnswersFeed(), name="answers_feed"),
    path("questions/<int:question_id>/", views_public.question_detail, name="question"),
    path("consultations/", views_public.consultation_list, name="consultations"),
    path("consultations/<slug:key>/", views_public.consultation_detail, name="consultation"),
    path("consultations/<slug:key>/propose/", views_public.propose, name="propose"),
    path("consultations/<slug:key>/feed.atom", feeds.ConsultationFeed(), name="consultation_feed"),
    path("consultations/<slug:key>/<int:number>/", views_public.proposal_detail, name="proposal"),
    path("consultations/<slug:key>/<int:number>/comment/", views_public.comment, name="comment"),
    path("consultations/<slug:key>/<int:number>/support/", views_public.support, name="support"),
    path("report/<slug:kind>/<int:pk>/", views_public.report, name="report"),
    path("me/", views_public.me, name="participation_me"),
    path("me/data.json", views_public.my_data, name="participation_data"),
    path("me/delete/", views_public.delete_account, name="participation_delete"),
    path("me/follow/", views_public.follow, name="follow"),
]

editor_patterns = [
    path("questions/", views_editor.inbox, name="questions"),
    path("questions/<int:question_id>/", views_editor.answer, name="question"),
    path("consultations/", views_editor.consultations, name="consultations"),
    path("consultations/new/", views_editor.consultation_edit, name="consultation_new"),
    path("consultations/<slug:key>/", views_editor.consultation_edit, name="consultation"),
    path("consultations/<slug:key>/<int:number>/", views_editor.proposal_answer, name="proposal"),
    path("moderation/", views_editor.moderation, name="moderation"),
    path("moderation/<slug:kind>/<int:pk>/", views_editor.moderate, name="moderate"),
]

access = {
    **{
        f"public:{name}": PUBLIC
        for name in (
            "questions",
            "answers_feed",
            "question",
            "consultations",
            "consultation",
            "consultation_feed",
            "proposal",
        )
    },
    "public:ask": RESIDENT,  # the form is shown to anyone; sending it needs a confirmed e-mail address
    "public:propose": RESIDENT,
    "public:comment": RESIDENT,
    "public:support": RESIDENT,
    "public:report": RESIDENT,
    "public:participation_me": SIGNED_IN,
    "public:participation_data": SIGNED_IN,
    "public:participation_delete": SIGNED_IN,
    "public:follow": SIGNED_IN,
    "editor:questions": SIGNED_IN,  # each person sees the questions they answer
    "editor:question": ORGANISATION,  # the organisation's people; the coordinators for the contact point
    "editor:consultations": PLAN,
    "editor:consultation_new": PLAN,
    "editor:consultation": PLAN,
    "editor:proposal": PLAN,
    "editor:moderation": MODERATION,
    "editor:moderate": MODERATION,
}
