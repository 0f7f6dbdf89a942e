"""Consultancies (tenants): each has its members, its client organisations and its branding."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultanciesConfig(AppConfig):
    name = "consultancies"
    verbose_name = _("Consultancies")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .backends import use_for_session

        user_logged_in.connect(use_for_session, dispatch_uid="consultancies.use_for_session")
