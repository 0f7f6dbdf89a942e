"""Editing the improvement plan and the KPI baseline of a scan.

A change here makes the scan's stored report out of date; `reports` listens for it.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from checklists.models import Item, Scan
from checklists.scan_pages import scan_view
from cxscan.requests import AuthenticatedHttpRequest

from .forms import ImprovementActionForm, KpiBaselineForm
from .models import FOCUS_LIMIT, KpiBaseline


def back_to(scan: Scan, section: str) -> HttpResponse:
    """To the results page, at the section just edited (not the top of a long page)."""
    return redirect(f"{reverse('scoring:results', args=[scan.pk])}#{section}")


def focus_warning(request: HttpRequest, scan: Scan) -> None:
    """Past five, say so, and what the report does with the rest (nothing is left out)."""
    if scan.actions.count() > FOCUS_LIMIT:
        messages.warning(
            request,
            _(
                "This plan has more than %(limit)d actions. The method advises choosing at most "
                "five: with fewer projects there is more energy for each, and a better chance "
                "of visible results soon. The report shows the %(limit)d with the most impact in "
                "focus and lists the others under “Later”."
            )
            % {"limit": FOCUS_LIMIT},
        )


@require_http_methods(["GET", "POST"])
@scan_view()
def action_create(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    form = ImprovementActionForm(request.POST or None, initial={"impact": 3, "effort": 3})
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.scan = scan
        action.save()
        messages.success(request, _("Improvement action added."))
        focus_warning(request, scan)
        return back_to(scan, "plan-heading")
    return render(request, "plans/action_form.html", {"scan": scan, "form": form})


@require_POST
@scan_view()
def action_from_gap(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """One click on a gap: an action for that statement, titled after it, ready to refine."""
    item = get_object_or_404(Item.objects.active(), code=request.POST.get("item", ""))
    planned = scan.actions.filter(item=item).first()
    if planned:  # one gap, one action: a second click opens the one there is
        messages.info(request, _("This statement is in the plan already."))
        return redirect("plans:action_edit", scan.pk, planned.pk)
    action = scan.actions.create(item=item, title=item.statement[:300], impact=3, effort=3)
    messages.success(request, _("Improvement action added: set its impact, effort and owner."))
    focus_warning(request, scan)
    return redirect("plans:action_edit", scan.pk, action.pk)


@require_http_methods(["GET", "POST"])
@scan_view()
def action_edit(request: AuthenticatedHttpRequest, scan: Scan, action: int) -> HttpResponse:
    improvement = get_object_or_404(scan.actions, pk=action)
    form = ImprovementActionForm(request.POST or None, instance=improvement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Improvement action saved."))
        return back_to(scan, "plan-heading")
    return render(
        request, "plans/action_form.html", {"scan": scan, "form": form, "action": improvement}
    )


@require_http_methods(["GET", "POST"])
@scan_view()
def action_delete(request: AuthenticatedHttpRequest, scan: Scan, action: int) -> HttpResponse:
    """Ask first; remove on POST."""
    improvement = get_object_or_404(scan.actions, pk=action)
    if request.method == "POST":
        improvement.delete()
        messages.success(request, _("Improvement action removed."))
        return back_to(scan, "plan-heading")
    return render(
        request, "plans/action_confirm_delete.html", {"scan": scan, "action": improvement}
    )


@require_http_methods(["GET", "POST"])
@scan_view()
def kpi_baseline(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    baseline = KpiBaseline.objects.filter(scan=scan).first()
    form = KpiBaselineForm(request.POST or None, initial=KpiBaselineForm.initial_from(baseline))
    if request.method == "POST" and form.is_valid():
        form.save(scan)
        messages.success(request, _("KPI baseline saved."))
        return back_to(scan, "kpi-heading")
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/kpi_form.html", {"scan": scan, "form": form}, status=status)
