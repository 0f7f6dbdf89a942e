"""The consultant's own words on a scan's results: an executive summary and a commentary per area
(per pillar optional), in a small Markdown subset (`markdown.py`), added to every output as the
presentation's "narrative" part (`part.py`)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NarrativeConfig(AppConfig):
    name = "narrative"
    verbose_name = _("The consultant's words")
