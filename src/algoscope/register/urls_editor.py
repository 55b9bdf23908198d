from django.urls import path

from algoscope.aiact import views as aiact_views
from algoscope.aiact import views_record as aiact_record_views
from algoscope.audits import views as audit_views
from algoscope.register import views_editor, views_interop
from algoscope.sortition import views as panel_views

app_name = "editor"
urlpatterns = [
    path("", views_editor.dashboard, name="dashboard"),
    path("algorithms/new/", views_editor.algorithm_new, name="algorithm_new"),
    path("import/", views_interop.import_page, name="import"),
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
    path("panels/", panel_views.panel_list, name="panels"),
    path("panels/<int:panel_id>/", panel_views.panel_detail, name="panel"),
    path("panels/<int:panel_id>/<slug:action>/", panel_views.panel_action, name="panel_action"),
    path("panels/<int:panel_id>/files/<str:name>", panel_views.panel_file, name="panel_file"),
    path("audits/", audit_views.audit_list, name="audits"),
    path("audits/<int:audit_id>/", audit_views.audit_detail, name="audit"),
    path("audits/<int:audit_id>/data/", audit_views.audit_data, name="audit_data"),
    path("audits/<int:audit_id>/texts/", audit_views.audit_texts, name="audit_texts"),
    path("audits/<int:audit_id>/actions/", audit_views.audit_action, name="audit_actions"),
    path("audits/<int:audit_id>/actions/<int:action_id>/", audit_views.audit_action, name="audit_action_status"),
    path("audits/<int:audit_id>/respond/", audit_views.audit_respond, name="audit_respond"),
    path("audits/<int:audit_id>/publish/", audit_views.audit_publish, name="audit_publish"),
    path("audits/<int:audit_id>/report/", audit_views.audit_report, name="audit_report"),
    path("audits/<int:audit_id>/report.pdf", audit_views.audit_report, {"pdf": True}, name="audit_report_pdf"),
    path(
        "algorithms/<str:public_id>/<str:action>/",
        views_editor.algorithm_transition,
        name="algorithm_transition",
    ),
    path("organisations/<slug:slug>/tokens/", views_editor.tokens, name="tokens"),
]
