"""The read-only API (`/api/v1/`) and the API tokens that open it.

Last in the one-way order: it reads every app before it and none of them knows it exists.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
