from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("scans/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("scans/<int:pk>/actions/from-gap/", views.action_from_gap, name="action_from_gap"),
    path("scans/<int:pk>/actions/<int:action>/", views.action_edit, name="action_edit"),
    path("scans/<int:pk>/actions/<int:action>/delete/", views.action_delete, name="action_delete"),
    path("scans/<int:pk>/kpis/", views.kpi_baseline, name="kpi_baseline"),
]
