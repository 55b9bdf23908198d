from django.urls import path

from algoscope.aiact import views as aiact_views
from algoscope.aiact import views_record as aiact_record_views
from algoscope.register import views_editor

app_name = "editor"
urlpatterns = [
    path("", views_editor.dashboard, name="dashboard"),
    path("algorithms/new/", views_editor.algorithm_new, name="algorithm_new"),
    path("algorithms/<str:public_id>/", views_editor.algorithm_detail, name="algorithm"),
    path("algorithms/<str:public_id>/edit/", views_editor.algorithm_edit, name="algorithm_edit"),
    path("algorithms/<str:public_id>/ai-act/", aiact_views.record_questionnaire, name="algorithm_aiact"),
    path(
        "algorithms/<str:public_id>/ai-act/obligations/",
        aiact_record_views.record_obligations,
        name="algorithm_obligations",
    ),
    path("algorithms/<str:public_id>/ai-act/fria/", aiact_record_views.record_fria, name="algorithm_fria"),
    path("algorithms/<str:public_id>/ai-act/fria.pdf", aiact_record_views.record_fria_pdf, name="algorithm_fria_pdf"),
    path(
        "algorithms/<str:public_id>/<str:action>/",
        views_editor.algorithm_transition,
        name="algorithm_transition",
    ),
    path("organisations/<slug:slug>/tokens/", views_editor.tokens, name="tokens"),
]
