"""The organisation page's "Data and privacy" part: export all data, erase the organisation."""

from django.conf import settings

from checklists.panels import Panel

from .models import OrganisationExport


def privacy_panel(sender, organisation, user, **kwargs) -> Panel:
    exports = OrganisationExport.objects.filter(organisation=organisation).offered()[:5]
    return Panel(
        "privacy/_organisation_panel.html",
        {"privacy_exports": list(exports), "export_days": settings.CXSCAN_EXPORT_DAYS},
    )
