from django.urls import path

from . import views

app_name = "branding"
urlpatterns = [
    # Under MEDIA_URL, so that the file's own URL (as the admin links it) is this view.
    path("media/branding/<str:name>", views.logo, name="logo"),
    path("consultancy/settings/", views.settings, name="settings"),
]
