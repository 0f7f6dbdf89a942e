"""The results of a scan (levels per area and pillar, radar charts, peers) and its targets."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from checklists.models import Scan
from checklists.scan_pages import scan_view
from cxscan.requests import AuthenticatedHttpRequest

from ..forms import TargetsForm
from ..page import page_context
from ..presentation import present
from ..results import results_for
from ..targets import targets_of


@require_safe
@scan_view(with_related=("frozen_results",))
def results(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    return render(request, "scoring/results.html", page_context(present(scan)))


@require_http_methods(["GET", "POST"])
@scan_view(with_related=("frozen_results",))
def targets(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Set the target levels; editable after completion, like the plan.

    The form is part of the results page; this page shows it alone (and its errors, with a 400:
    nothing was saved).
    """
    results = results_for(scan)
    data = request.POST if request.method == "POST" else None
    form = TargetsForm(results, targets_of(scan), data)
    if request.method == "POST" and form.is_valid():
        if form.save(scan):
            messages.success(request, _("Targets saved."))
        else:
            messages.info(request, _("The targets were already set like this."))
        return redirect(f"{reverse('scoring:results', args=[scan.pk])}#targets-heading")
    status = 400 if request.method == "POST" else 200
    return render(request, "scoring/targets.html", {"scan": scan, "form": form}, status=status)
