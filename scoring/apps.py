from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring and results")

    def ready(self):
        from django.db.models.signals import post_delete

        from checklists.models import Scan
        from checklists.panels import organisation_page

        from .latest import scan_deleted
        from .trend import trend_panel

        organisation_page.connect(trend_panel, dispatch_uid="scoring.trend_panel")
        post_delete.connect(scan_deleted, sender=Scan, dispatch_uid="scoring.scan_deleted")
