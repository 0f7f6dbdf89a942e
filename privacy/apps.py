"""The privacy app: an organisation's data handed over (a ZIP made in the background) or erased,
a user's own account data exported or deleted, and `manage.py retention`.

After api in the one-way order: it reads every app before it (it walks their models) and none
of them knows it exists. It adds its part to the organisation page through checklists'
`organisation_page` signal.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy: export and erase")

    def ready(self):
        from checklists.panels import organisation_page

        from .panel import privacy_panel

        organisation_page.connect(privacy_panel, dispatch_uid="privacy.privacy_panel")
