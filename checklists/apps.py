from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "checklists"
    verbose_name = _("Checklist content")

    def ready(self):
        from django.db.models.signals import post_delete

        from consultancies.signals import member_removed

        from .access import drop_assignments
        from .evidence import delete_stored_file
        from .models import EvidenceFile

        post_delete.connect(
            delete_stored_file, sender=EvidenceFile, dispatch_uid="checklists.evidence_file"
        )
        member_removed.connect(drop_assignments, dispatch_uid="checklists.drop_assignments")
