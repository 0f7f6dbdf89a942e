"""Who may see what: staff see every organisation, a consultant only their own.

Views fetch organisations and scans only through these helpers, so another consultant's
organisation or scan is a 404 and never shows its data.
"""

from django.shortcuts import get_object_or_404

from .models import Organisation, Scan


def organisations_for(user):
    if user.is_staff:
        return Organisation.objects.all()
    return Organisation.objects.filter(consultants=user)


def scans_for(user):
    scans = Scan.objects.select_related("organisation")
    if user.is_staff:
        return scans
    return scans.filter(organisation__consultants=user)


def get_organisation_or_404(user, pk) -> Organisation:
    return get_object_or_404(organisations_for(user), pk=pk)


def get_scan_or_404(user, pk) -> Scan:
    return get_object_or_404(scans_for(user), pk=pk)
