"""URLs of the PDF report, the spreadsheet exports, the blank checklist, share links and the
pages a share link opens."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("scans/<int:pk>/report.pdf", views.report, name="report"),
    path("scans/<int:pk>/document.docx", views.report_document, name="report_document"),
    path("scans/<int:pk>/deck.pptx", views.deck, name="deck"),
    path("scans/<int:pk>/report/status/", views.report_status, name="report_status"),
    path("scans/<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("scans/<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("checklist.pdf", views.checklist, name="checklist"),
    path("scans/<int:pk>/share-links/", views.share_link_create, name="share_link_create"),
    path(
        "scans/<int:pk>/share-links/<int:link>/revoke/",
        views.share_link_revoke,
        name="share_link_revoke",
    ),
    path("shared/<str:token>/", views.shared_results, name="shared_results"),
    path("shared/<str:token>/report.pdf", views.shared_report, name="shared_report"),
    path(
        "shared/<str:token>/report/status/",
        views.shared_report_status,
        name="shared_report_status",
    ),
    path("shared/<str:token>/deck.pptx", views.shared_deck, name="shared_deck"),
    path("shared/<str:token>/document.docx", views.shared_document, name="shared_document"),
]
