"""The reports' pages, mounted by the site shell."""

from django.urls import path

from algoscope.accounts.access import PLAN, PUBLIC, SIGNED_IN
from algoscope.reports import views_editor, views_public

public_patterns = [
    path("reports/", views_public.report_list, name="reports"),
    path("reports/feed.atom", views_public.ReportsFeed(), name="reports_feed"),
    path("reports/live/", views_public.dashboard, name="reports_live"),
    path("reports/compare/", views_public.report_compare, name="reports_compare"),
    path("reports/<int:number>/", views_public.report_detail, name="report"),
    path("reports/<int:number>/<str:name>", views_public.report_file, name="report_file"),
]

editor_patterns = [
    path("reports/", views_editor.workspace, name="reports"),
    path("reports/<int:pk>/", views_editor.draft, name="report"),
    path("reports/<int:pk>/preview-<str:language>.pdf", views_editor.draft_pdf, name="report_pdf"),
    path("reports/<int:pk>/<slug:action>/", views_editor.draft_action, name="report_action"),
]

access = {
    **{f"public:{pattern.name}": PUBLIC for pattern in public_patterns},
    "editor:reports": SIGNED_IN,  # everyone signed in sees the published reports; coordinators build
    "editor:report": PLAN,
    "editor:report_pdf": PLAN,
    "editor:report_action": PLAN,
}
