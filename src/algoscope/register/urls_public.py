from django.urls import path

from algoscope.aiact import views as aiact_views
from algoscope.aiact import views_record as aiact_record_views
from algoscope.audits import views as audit_views
from algoscope.register import views_public
from algoscope.sortition import views as panel_views

app_name = "public"
urlpatterns = [
    path("", views_public.home, name="home"),
    path("about/", views_public.about, name="about"),
    path("ai-act/", aiact_views.questionnaire, name="aiact"),
    path("algorithms/<str:public_id>/", views_public.algorithm_detail, name="algorithm"),
    path(
        "algorithms/<str:public_id>/versions/<int:number>/",
        views_public.algorithm_version,
        name="algorithm_version",
    ),
    path("algorithms/<str:public_id>/compare/", views_public.algorithm_diff, name="algorithm_diff"),
    path("algorithms/<str:public_id>/fria/", aiact_record_views.public_fria, name="algorithm_fria"),
    path(
        "algorithms/<str:public_id>/fria.pdf",
        aiact_record_views.public_fria,
        {"pdf": True},
        name="algorithm_fria_pdf",
    ),
    path("algorithms/<str:public_id>/audits/<int:audit_id>/", audit_views.public_report, name="audit"),
    path(
        "algorithms/<str:public_id>/audits/<int:audit_id>/report.pdf",
        audit_views.public_report,
        {"pdf": True},
        name="audit_pdf",
    ),
    path("panels/", panel_views.public_list, name="panels"),
    path("panels/<int:panel_id>/", panel_views.public_detail, name="panel"),
    path("panels/<int:panel_id>/files/<str:name>", panel_views.public_file, name="panel_file"),
    path("organisations/", views_public.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views_public.organisation_detail, name="organisation"),
]
