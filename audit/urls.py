from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.events, name="events"),
    path("audit/events.csv", views.events_csv, name="events_csv"),
]
