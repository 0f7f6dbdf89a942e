from django.urls import path

from .views import evidence, organisations, scans

app_name = "checklists"

urlpatterns = [
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("scans/<int:pk>/", scans.scan, name="scan"),
    path("scans/<int:pk>/areas/<slug:area>/", scans.scan_area, name="scan_area"),
    path("scans/<int:pk>/areas/<slug:area>/pillar-tips/", scans.pillar_tips, name="pillar_tips"),
    path("scans/<int:pk>/answers/<slug:item>/", scans.autosave, name="autosave"),
    path(
        "scans/<int:pk>/answers/<slug:item>/evidence/",
        evidence.evidence_panel,
        name="evidence",
    ),
    path(
        "scans/<int:pk>/answers/<slug:item>/evidence/files/",
        evidence.evidence_upload,
        name="evidence_upload",
    ),
    path("scans/<int:pk>/evidence/<int:file>/", evidence.evidence_download, name="evidence_file"),
    path(
        "scans/<int:pk>/evidence/<int:file>/delete/",
        evidence.evidence_delete,
        name="evidence_delete",
    ),
]
