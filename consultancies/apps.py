"""Consultancies (tenants): each has its members, its client organisations and its branding."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultanciesConfig(AppConfig):
    name = "consultancies"
    verbose_name = _("Consultancies")
