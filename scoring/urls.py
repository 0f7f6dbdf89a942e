from django.urls import path

from . import sharing, views

app_name = "scoring"

urlpatterns = [
    path("scans/<int:pk>/results/", views.results, name="results"),
    path("scans/<int:pk>/results.json", views.export_json, name="export_json"),
    path("scans/<int:pk>/report.pdf", views.report, name="report"),
    path("scans/<int:pk>/share-links/", views.share_link_create, name="share_link_create"),
    path(
        "scans/<int:pk>/share-links/<int:link>/revoke/",
        views.share_link_revoke,
        name="share_link_revoke",
    ),
    path("shared/<str:token>/", sharing.shared_results, name="shared_results"),
    path("shared/<str:token>/report.pdf", sharing.shared_report, name="shared_report"),
]
