"""The audit trail. After checklists and before scoring in the one-way order: it knows the
organisations (each event keeps one), and the apps after it call `audit.record` directly."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from . import receivers

        receivers.connect()
