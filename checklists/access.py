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


def get_scan_or_404(user, pk, *, with_related: tuple[str, ...] = ()) -> Scan:
    """The scan, if this user may see it. `with_related` names relations to fetch along, for
    the apps built on this one (their relations are theirs to name)."""
    scans = scans_for(user)
    return get_object_or_404(scans.select_related(*with_related) if with_related else scans, pk=pk)
