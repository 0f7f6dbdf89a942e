"""The project's URLs: accounts, the admin, the home page, and each app's own URLs."""

from allauth.account import views as allauth_views
from django.contrib import admin
from django.urls import include, path

from api.v1 import api as api_v1
from cxscan import accounts, health

from . import views

# A request that cannot be read: one sentence, without the CSRF check of Django's own 400 page.
handler400 = "home.views.bad_request"
# The admin logs in through the site's login, so its second factor and lockout apply there too.
admin.site.login = accounts.admin_login  # type: ignore[method-assign]

urlpatterns = [
    # For a load balancer: 200 or 500, as HTML, text or JSON (?format=json or Accept); public,
    # not logged per request, not redirected to https (settings: Operations).
    path("health/", health.HealthView.as_view(), name="health"),
    path("health/web/", health.HealthView.as_view(checks=health.WEB_CHECKS), name="health_web"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The messages of our scripts (static/js), in the language given by ?lang=.
    path("jsi18n/", views.ScanJavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # django-allauth: log in (with a second factor for whoever set one up), log out, change a
    # password, reset a forgotten one by e-mail, set up two-factor login (accounts/2fa/).
    # The names the site used before allauth, for the same pages (LOGIN_URL is "login").
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("accounts/password/change/", allauth_views.password_change, name="password_change"),
    path("accounts/password/reset/", allauth_views.password_reset, name="password_reset"),
    path("accounts/", include("allauth.urls")),
    path("", views.home, name="home"),
    path("", include("consultancies.urls")),
    path("", include("branding.urls")),
    path("", include("checklists.urls")),
    path("", include("audit.urls")),
    path("", include("scoring.urls")),
    path("", include("plans.urls")),
    path("", include("workshops.urls")),
    path("", include("narrative.urls")),
    path("", include("reports.urls")),
    path("", include("api.urls")),
    path("", include("privacy.urls")),
    path("api/v1/", api_v1.urls),
]
