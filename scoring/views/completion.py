"""Completing a scan (confirming what was carried over) and reopening it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

import audit
from audit.models import AuditEvent
from checklists import scanning
from checklists.models import Scan
from checklists.scan_pages import scan_view
from cxscan.requests import AuthenticatedHttpRequest

from .. import completion
from ..results import content_changes, frozen_results


@require_http_methods(["GET", "POST"])
@scan_view()
def complete(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Ask for confirmation, listing what is still unanswered; completing is allowed anyway."""
    refused = ""
    if request.method == "POST":
        posted = request.POST.get("confirm_carried", "0")
        try:
            confirm = int(posted) if posted.isdigit() and len(posted) < 7 else -1
            done = completion.complete_confirming(scan, confirm=confirm, user=request.user)
        except completion.CarriedNotConfirmed as error:
            refused = ngettext(
                "Nothing was completed: %(count)d carried-over answer is not confirmed yet. "
                "Confirm it as it was, or check it in the scan first.",
                "Nothing was completed: %(count)d carried-over answers are not confirmed "
                "yet. Confirm them all as they were, or check them in the scan first.",
                error.count,
            ) % {"count": error.count}
        else:
            if done:
                audit.record(request, AuditEvent.Action.SCAN_COMPLETED, scan)
                messages.success(
                    request, _("The scan is completed. Its answers are now read-only.")
                )
                if confirm > 0:
                    messages.info(
                        request,
                        ngettext(
                            "%(count)d carried-over answer was confirmed as it was.",
                            "%(count)d carried-over answers were confirmed as they were.",
                            confirm,
                        )
                        % {"count": confirm},
                    )
            else:
                messages.info(request, _("This scan was already completed."))
            return redirect("scoring:results", scan.pk)
    areas = scanning.progress(scan)
    context = {
        "scan": scan,
        "unanswered": scanning.unanswered_items(scan),
        "to_confirm": sum(area.to_confirm for area in areas),
        "to_confirm_areas": [area for area in areas if area.to_confirm],
        "refused": refused,
    }
    return render(request, "scoring/complete.html", context, status=409 if refused else 200)


@require_http_methods(["GET", "POST"])
@scan_view()
def reopen(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Ask first: say what reopening does, and what changed in the content since completion."""
    if request.method == "POST":
        if completion.reopen(scan):
            audit.record(request, AuditEvent.Action.SCAN_REOPENED, scan)
            messages.success(request, _("The scan is open again; answers can be changed."))
        return redirect(scan)
    frozen = frozen_results(scan)
    return render(
        request,
        "scoring/reopen.html",
        {"scan": scan, "changes": content_changes(frozen) if frozen else None},
    )
