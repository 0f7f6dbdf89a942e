from django.urls import path

from .views import dashboard, scans

app_name = "checklists"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("organisations/new/", dashboard.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", dashboard.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", dashboard.organisation_edit, name="organisation_edit"),
    path("scans/<int:pk>/", scans.scan, name="scan"),
    path("scans/<int:pk>/areas/<slug:area>/", scans.scan_area, name="scan_area"),
    path("scans/<int:pk>/answers/<slug:item>/", scans.autosave, name="autosave"),
    path("scans/<int:pk>/complete/", scans.complete, name="complete"),
    path("scans/<int:pk>/reopen/", scans.reopen, name="reopen"),
]
