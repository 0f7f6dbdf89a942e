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
        from django.db.models.signals import post_delete

        from checklists.panels import organisation_page

        from .exporter import delete_stored_zip
        from .models import OrganisationExport
        from .panel import privacy_panel

        organisation_page.connect(privacy_panel, dispatch_uid="privacy.privacy_panel")
        # However an export's row goes (its organisation deleted in the admin, say), its ZIP too.
        post_delete.connect(
            delete_stored_zip, sender=OrganisationExport, dispatch_uid="privacy.delete_zip"
        )
