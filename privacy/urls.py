"""URLs of an organisation's export and erasure, and of a user's own account data."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("organisations/<int:pk>/export/", views.export_start, name="export_start"),
    path("organisations/<int:pk>/exports/<int:export>/", views.export_detail, name="export"),
    path(
        "organisations/<int:pk>/exports/<int:export>/download/",
        views.export_download,
        name="export_download",
    ),
    path("organisations/<int:pk>/erase/", views.erase, name="erase"),
    path("account/data/", views.account_data, name="account"),
    path("account/data/export.json", views.account_export, name="account_export"),
    path("account/data/delete/", views.account_delete, name="account_delete"),
]
