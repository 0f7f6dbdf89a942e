from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("scans/<int:pk>/complete/", views.complete, name="complete"),
    path("scans/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("scans/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("scans/<int:pk>/results/", views.results, name="results"),
    path("scans/<int:pk>/targets/", views.targets, name="targets"),
    path("scans/<int:pk>/results.json", views.export_json, name="export_json"),
    path("scans/<int:pk>/compare/", views.compare, name="compare"),
    path("portfolio/", views.portfolio, name="portfolio"),
]
