"""The site's URL configuration: every app's pages, composed.

Each app lists its pages in its own ``urls.py`` (``public_patterns``, ``editor_patterns``, and for the register its
downloads at the root); the shell mounts them under the ``public`` namespace (with a language prefix) and the
``editor`` namespace. Adding an app adds its lists here, and touches no other app.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import set_language

from algoscope.accounts import urls as accounts
from algoscope.accounts.access import API, OPERATOR, PUBLIC, PUBLIC_FORM, SIGN_UP, SIGNED_IN
from algoscope.aiact import urls as aiact
from algoscope.audits import urls as audits
from algoscope.interop import urls as interop
from algoscope.participation import urls as participation
from algoscope.plans import urls as plans
from algoscope.register import urls as register
from algoscope.reports import urls as reports
from algoscope.site import views
from algoscope.site.api import api, api_not_found
from algoscope.site.health import health
from algoscope.sortition import urls as sortition

APPS = (accounts, register, interop, aiact, audits, sortition, plans, participation, reports)

public_patterns = [
    path("about/", views.about, name="about"),
    path("overview/", views.overview, name="overview"),
    path("contact/", views.contact, name="contact"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    *(pattern for app in APPS for pattern in app.public_patterns),
]
editor_patterns = [
    *(pattern for app in APPS for pattern in app.editor_patterns),
    *register.editor_fallback_patterns,  # "algorithms/<id>/<action>/" last: the apps' record pages come first
]

urlpatterns = [
    path("health/", health, name="health"),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("allauth.account.urls")),  # residents: sign up, confirm the address, reset a password
    path("i18n/setlang/", set_language, name="set_language"),
    path("editor/", include((editor_patterns, "editor"))),
    *register.root_patterns,
]
urlpatterns += i18n_patterns(path("", include((public_patterns, "public"))), prefix_default_language=True)

handler404 = "algoscope.site.views.not_found"
handler500 = "algoscope.site.views.server_error"

# Who may reach each route (``accounts.access``): the shell's own, then every app's. The access-matrix test fails
# the build for a route that has none.
ACCESS: dict[str, str] = {
    "public:about": PUBLIC,
    "public:overview": PUBLIC,
    "public:contact": PUBLIC,
    "public:accessibility": PUBLIC,
    "public:privacy": PUBLIC,
    "public:cookies": PUBLIC,
    "health": PUBLIC,
    "login": PUBLIC_FORM,
    "logout": SIGNED_IN,
    "set_language": PUBLIC_FORM,
    # django-allauth's pages (residents' accounts); its sign-in and sign-out are the site's own, above
    "account_login": PUBLIC_FORM,
    "account_logout": SIGNED_IN,
    "account_signup": SIGN_UP,
    "account_inactive": PUBLIC,
    "account_email_verification_sent": PUBLIC,
    "account_confirm_email": SIGN_UP,  # the key in the e-mail confirms the address
    "account_confirm_login_code": PUBLIC_FORM,
    "account_reset_password": SIGN_UP,  # sends a link; changes nothing until it is used
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": SIGN_UP,
    "account_reset_password_from_key_done": PUBLIC,
    "account_reauthenticate": SIGNED_IN,
    "account_request_reauthentication_code": SIGNED_IN,
    "account_confirm_reauthentication_code": SIGNED_IN,
    "account_email": SIGNED_IN,
    "account_change_password": SIGNED_IN,
    "account_set_password": SIGNED_IN,
    "admin:*": OPERATOR,  # Django's admin: staff accounts only, and it changes nothing the audit log would miss
    "api:*": API,  # each operation: a read, a token, or declared as storing nothing (site/api.py STATELESS_POSTS)
    **{name: level for app in APPS for name, level in app.access.items()},
}
