"""The AI Act pages, mounted by the site shell: ``public_patterns`` under ``public``, ``editor_patterns`` under
``editor``."""

from django.urls import path

from algoscope.accounts.access import ORGANISATION, PUBLIC, PUBLIC_FORM
from algoscope.aiact import views, views_record

public_patterns = [
    path("ai-act/", views.questionnaire, name="aiact"),
    path("algorithms/<str:public_id>/fria/", views_record.public_fria, name="algorithm_fria"),
    path("algorithms/<str:public_id>/fria.pdf", views_record.public_fria, {"pdf": True}, name="algorithm_fria_pdf"),
]

editor_patterns = [
    path("algorithms/<str:public_id>/ai-act/", views.record_questionnaire, name="algorithm_aiact"),
    path(
        "algorithms/<str:public_id>/ai-act/obligations/",
        views_record.record_obligations,
        name="algorithm_obligations",
    ),
    path("algorithms/<str:public_id>/ai-act/fria/", views_record.record_fria, name="algorithm_fria"),
    path("algorithms/<str:public_id>/ai-act/fria.pdf", views_record.record_fria_pdf, name="algorithm_fria_pdf"),
]

access = {
    "public:aiact": PUBLIC_FORM,  # the questionnaire posts its answers back; nothing is stored
    "public:algorithm_fria": PUBLIC,
    "public:algorithm_fria_pdf": PUBLIC,
    **{f"editor:{pattern.name}": ORGANISATION for pattern in editor_patterns},
}
