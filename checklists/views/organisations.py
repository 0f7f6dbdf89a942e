"""Client organisations: adding and editing one, and its page with its scans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultancies.models import consultancy_of
from cxscan.requests import AuthenticatedHttpRequest

from ..access import get_organisation_or_404
from ..forms import ScanForm, organisation_form
from ..panels import organisation_panels


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new organisation belongs to its creator's consultancy; an account in none (and not
    platform staff) has nowhere to put it."""
    if not request.user.is_superuser and consultancy_of(request.user) is None:
        raise PermissionDenied(_("Your account does not belong to a consultancy yet."))
    form = organisation_form(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("Organisation “%(name)s” added.") % {"name": organisation})
        return redirect(organisation)
    return render(request, "checklists/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, pk)
    form = organisation_form(request.user, request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(organisation)
    return render(
        request, "checklists/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organisation with its scans, and the form that starts a new scan."""
    organisation = get_organisation_or_404(request.user, pk)
    form = ScanForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        scan = form.save(commit=False)
        scan.organisation = organisation
        scan.created_by = request.user
        scan.save()
        return redirect(scan)
    context = {
        "organisation": organisation,
        "scans": organisation.scans.select_related("created_by", "previous"),
        "form": form,
        "panels": (panels := organisation_panels(organisation, request.user)),
    }
    for panel in panels:
        context |= panel.context
    return render(request, "checklists/organisation_detail.html", context)
