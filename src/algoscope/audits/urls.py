"""The audit pages, mounted by the site shell: ``public_patterns`` under ``public``, ``editor_patterns`` under
``editor``."""

from django.urls import path

from algoscope.accounts.access import AUDIT, PUBLIC, SIGNED_IN
from algoscope.audits import views

public_patterns = [
    path("algorithms/<str:public_id>/audits/<int:audit_id>/", views.public_report, name="audit"),
    path(
        "algorithms/<str:public_id>/audits/<int:audit_id>/report.pdf",
        views.public_report,
        {"pdf": True},
        name="audit_pdf",
    ),
]

editor_patterns = [
    path("audits/", views.audit_list, name="audits"),
    path("audits/<int:audit_id>/", views.audit_detail, name="audit"),
    path("audits/<int:audit_id>/data/", views.audit_data, name="audit_data"),
    path("audits/<int:audit_id>/texts/", views.audit_texts, name="audit_texts"),
    path("audits/<int:audit_id>/actions/", views.audit_action, name="audit_actions"),
    path("audits/<int:audit_id>/actions/<int:action_id>/", views.audit_action, name="audit_action_status"),
    path("audits/<int:audit_id>/respond/", views.audit_respond, name="audit_respond"),
    path("audits/<int:audit_id>/publish/", views.audit_publish, name="audit_publish"),
    path("audits/<int:audit_id>/report/", views.audit_report, name="audit_report"),
    path("audits/<int:audit_id>/report.pdf", views.audit_report, {"pdf": True}, name="audit_report_pdf"),
]

access = {
    "public:audit": PUBLIC,
    "public:audit_pdf": PUBLIC,
    "editor:audits": SIGNED_IN,  # the list of the audits a person may see; auditors start one there
    **{f"editor:{pattern.name}": AUDIT for pattern in editor_patterns if pattern.name != "audits"},
}
