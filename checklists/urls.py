from django.urls import path

from .views import organisations, scans

app_name = "checklists"

urlpatterns = [
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("scans/<int:pk>/", scans.scan, name="scan"),
    path("scans/<int:pk>/areas/<slug:area>/", scans.scan_area, name="scan_area"),
    path("scans/<int:pk>/answers/<slug:item>/", scans.autosave, name="autosave"),
]
