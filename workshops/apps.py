"""Workshops: a client team scores a scan together, each on their own device."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from scoring.signals import results_page, results_presented

        from . import receivers

        results_presented.connect(receivers.workshop_presented, dispatch_uid="workshops.part")
        results_page.connect(receivers.workshop_panel, dispatch_uid="workshops.panel")
