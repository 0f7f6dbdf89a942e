"""The consultant's own words on a scan's results: an executive summary and a commentary per area
(per pillar optional), in a small Markdown subset (`markdown.py`), added to every output as the
presentation's "narrative" part (`part.py`)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NarrativeConfig(AppConfig):
    name = "narrative"
    verbose_name = _("The consultant's words")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from scoring.signals import results_page, results_presented

        from . import receivers

        results_presented.connect(receivers.narrative_presented, dispatch_uid="narrative.part")
        results_page.connect(receivers.narrative_panel, dispatch_uid="narrative.panel")
        pre_delete.connect(
            receivers.account_deleted,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="narrative.account_deleted",
        )
