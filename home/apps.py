"""The roof of the project: its URLs, the home page and dashboard, the pages for a refused or
unreadable request, and the project-wide commands (`seed_demo`, `ensure_admin`).

Listed last in INSTALLED_APPS: it may import every app, and nothing imports it.
"""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
