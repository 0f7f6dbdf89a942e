"""The project's URLs: accounts, the admin, the home page, and each app's own URLs."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The messages of our scripts (static/js), in the language given by ?lang=.
    path("jsi18n/", views.ScanJavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Log in and out, change a password, reset a forgotten one by e-mail.
    path("accounts/", include("django.contrib.auth.urls")),
    path("", views.home, name="home"),
    path("", include("checklists.urls")),
    path("", include("scoring.urls")),
    path("", include("plans.urls")),
    path("", include("reports.urls")),
]
