"""The project's URLs: accounts, the admin, the home page, and each app's own URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.v1 import api as api_v1
from cxscan import accounts, health

from . import views

# A request that cannot be read: one sentence, without the CSRF check of Django's own 400 page.
handler400 = "home.views.bad_request"
# The admin's login takes no more than ours (cxscan.accounts.CredentialLimits).
admin.site.login_form = accounts.AdminLoginForm

urlpatterns = [
    # For a load balancer: 200 or 500, as HTML, text or JSON (?format=json or Accept); public,
    # not logged per request, not redirected to https (settings: Operations).
    path("health/", health.HealthView.as_view(), name="health"),
    path("health/web/", health.HealthView.as_view(checks=health.WEB_CHECKS), name="health_web"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The messages of our scripts (static/js), in the language given by ?lang=.
    path("jsi18n/", views.ScanJavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Django's login, with limits on the length of what it takes.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=accounts.LoginForm),
        name="login",
    ),
    # Log in and out, change a password, reset a forgotten one by e-mail.
    # Django's views; the reset forms only add autofocus to their first field.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=accounts.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=accounts.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", views.home, name="home"),
    path("", include("consultancies.urls")),
    path("", include("branding.urls")),
    path("", include("checklists.urls")),
    path("", include("audit.urls")),
    path("", include("scoring.urls")),
    path("", include("plans.urls")),
    path("", include("workshops.urls")),
    path("", include("reports.urls")),
    path("", include("api.urls")),
    path("", include("privacy.urls")),
    path("api/v1/", api_v1.urls),
]
