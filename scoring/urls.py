from django.urls import path

from . import plan_views, sharing, views

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
    path("scans/<int:pk>/actions/new/", plan_views.action_create, name="action_create"),
    path("scans/<int:pk>/actions/from-gap/", plan_views.action_from_gap, name="action_from_gap"),
    path("scans/<int:pk>/actions/<int:action>/", plan_views.action_edit, name="action_edit"),
    path(
        "scans/<int:pk>/actions/<int:action>/delete/",
        plan_views.action_delete,
        name="action_delete",
    ),
    path("scans/<int:pk>/kpis/", plan_views.kpi_baseline, name="kpi_baseline"),
    path("shared/<str:token>/", sharing.shared_results, name="shared_results"),
    path("shared/<str:token>/report.pdf", sharing.shared_report, name="shared_report"),
]
