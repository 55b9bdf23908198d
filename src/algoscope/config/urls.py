from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import set_language

from algoscope.config.api import api, api_not_found
from algoscope.register import exports

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("editor/", include("algoscope.register.urls_editor")),
    path("exports/algorithms.csv", exports.algorithms_csv, name="export_algorithms_csv"),
    path("exports/algorithms.json", exports.algorithms_json, name="export_algorithms_json"),
    path("exports/organisations.csv", exports.organisations_csv, name="export_organisations_csv"),
    path("exports/search.csv", exports.search_csv, name="export_search_csv"),
    path("exports/algorithms/<str:public_id>.json", exports.record_json, name="export_record_json"),
    path("exports/algorithms/<str:public_id>-history.csv", exports.record_history_csv, name="export_record_csv"),
    path("exports/search.json", exports.search_json, name="export_search_json"),
    path("feeds/publications.atom", exports.PublicationsFeed(), name="feed_publications"),
    path("feeds/search.atom", exports.SearchFeed(), name="feed_search"),
]
urlpatterns += i18n_patterns(path("", include("algoscope.register.urls_public")), prefix_default_language=True)
