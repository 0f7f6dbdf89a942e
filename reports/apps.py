"""The reports app: it answers scoring's results-page signal and renders the stored reports again
when a scan is completed, or its plan, KPIs, targets, the consultant's texts or the branding
change."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and share links")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from branding.models import Branding
        from narrative.models import NarrativeText
        from plans.models import ImprovementAction, KpiBaseline
        from scoring.models import Results, Target
        from scoring.signals import results_page

        from . import receivers

        results_page.connect(receivers.report_panel, dispatch_uid="reports.report_panel")
        for model in (ImprovementAction, KpiBaseline, Target, NarrativeText):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.plan_changed, sender=model, dispatch_uid=f"{model}{signal}"
                )
        post_save.connect(receivers.results_stored, sender=Results, dispatch_uid="results_stored")
        for signal in (post_save, post_delete):
            signal.connect(
                receivers.branding_changed, sender=Branding, dispatch_uid=f"branding{signal}"
            )
