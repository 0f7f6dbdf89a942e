from django.urls import path

from .views import compare, completion, export, followups, portfolio, results

app_name = "scoring"

urlpatterns = [
    path("scans/<int:pk>/complete/", completion.complete, name="complete"),
    path("scans/<int:pk>/reopen/", completion.reopen, name="reopen"),
    path("scans/<int:pk>/follow-up/", followups.follow_up, name="follow_up"),
    path("scans/<int:pk>/results/", results.results, name="results"),
    path("scans/<int:pk>/targets/", results.targets, name="targets"),
    path("scans/<int:pk>/results.json", export.export_json, name="export_json"),
    path("scans/<int:pk>/compare/", compare.compare, name="compare"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
]
