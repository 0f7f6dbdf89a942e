"""Starting a follow-up of a completed scan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from checklists import followups
from checklists.models import Area, Scan
from checklists.scan_pages import scan_view
from cxscan.requests import AuthenticatedHttpRequest

from ..forms import FollowUpForm
from ..targets import copy_targets


@require_http_methods(["GET", "POST"])
@scan_view()
def follow_up(request: AuthenticatedHttpRequest, previous: Scan) -> HttpResponse:
    """Start a follow-up of a completed scan: empty, or with its answers carried over.

    It lives here rather than in checklists because it starts from a completed scan's results
    page (and the targets, which scoring owns, come along).
    """
    form = FollowUpForm(
        request.POST or None, initial={"title": followups.follow_up_title(previous)}
    )
    refused = (
        ""
        if previous.is_completed
        else _("Only a completed scan can be followed up. Complete this scan first.")
    )
    if request.method == "POST" and not refused and form.is_valid():
        try:
            with transaction.atomic():
                scan = followups.start_follow_up(
                    previous,
                    title=form.cleaned_data["title"],
                    carry_over=form.cleaned_data["start"] == FollowUpForm.FROM_PREVIOUS,
                    user=request.user,
                )
                copy_targets(previous, scan)  # a follow-up starts with the same targets
        except ValidationError as error:
            refused = " ".join(error.messages)
        else:
            messages.success(request, _("Follow-up scan started."))
            first = Area.objects.first()
            if first is None:  # no content loaded: the scan's own page
                return redirect(scan)
            return redirect("checklists:scan_area", scan.pk, first.code)
    status = 409 if refused else 400 if form.is_bound else 200
    context = {"scan": previous, "form": form, "refused": refused}
    return render(request, "scoring/follow_up.html", context, status=status)
