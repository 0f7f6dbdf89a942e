from django.urls import path

from . import views

app_name = "narrative"

urlpatterns = [
    path("scans/<int:pk>/narrative/summary/", views.edit, name="summary"),
    path(
        "scans/<int:pk>/narrative/<str:kind>/<slug:code>/",
        views.edit,
        name="section",
    ),
    path("scans/<int:pk>/narrative/preview/", views.preview, name="preview"),
    path("scans/<int:pk>/narrative/draft/", views.draft_texts, name="draft"),
]
