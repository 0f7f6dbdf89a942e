from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring and results")

    def ready(self):
        from checklists.panels import organisation_page

        from .trend import trend_panel

        organisation_page.connect(trend_panel, dispatch_uid="scoring.trend_panel")
