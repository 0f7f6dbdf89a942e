"""The results of a scan (levels per area and pillar, radar charts), completing it, and the JSON
export."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from checklists import followups, scanning
from checklists.access import get_scan_or_404, organisations_for, scans_for
from checklists.languages import page_language
from checklists.models import Area, MaturityLevel, active_content_language
from cxscan.requests import AuthenticatedHttpRequest

from . import completion
from .compare import compare as compare_results
from .compare import earlier_scans
from .export import export_document
from .forms import FollowUpForm, PortfolioForm, TargetsForm
from .page import page_context
from .portfolio import columns as portfolio_columns
from .portfolio import portfolio_rows, rows_html, sector_choices, size_choices, sorted_rows
from .presentation import present
from .radar import radar_figure, with_outline
from .results import (
    content_changes,
    frozen_results,
    results_for,
)
from .targets import copy_targets, targets_of


@login_required
@require_safe
def results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_or_404(request.user, pk, with_related=("frozen_results",))
    with translation.override(page_language(request, scan)):
        return render(request, "scoring/results.html", page_context(present(scan)))


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Set the target levels; editable after completion, like the plan.

    The form is part of the results page; this page shows it alone (and its errors, with a 400:
    nothing was saved).
    """
    scan = get_scan_or_404(request.user, pk, with_related=("frozen_results",))
    with translation.override(page_language(request, scan)):
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


@login_required
@require_http_methods(["GET", "POST"])
def complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation, listing what is still unanswered; completing is allowed anyway."""
    scan = get_scan_or_404(request.user, pk)
    refused = ""
    if request.method == "POST":
        posted = request.POST.get("confirm_carried", "0")
        try:
            confirm = int(posted) if posted.isdigit() and len(posted) < 7 else -1
            done = completion.complete_confirming(scan, confirm=confirm, user=request.user)
        except completion.CarriedNotConfirmed as error:
            with translation.override(page_language(request, scan)):
                refused = ngettext(
                    "Nothing was completed: %(count)d carried-over answer is not confirmed yet. "
                    "Confirm it as it was, or check it in the scan first.",
                    "Nothing was completed: %(count)d carried-over answers are not confirmed "
                    "yet. Confirm them all as they were, or check them in the scan first.",
                    error.count,
                ) % {"count": error.count}
        else:
            if done:
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
    with translation.override(page_language(request, scan)):
        areas = scanning.progress(scan)
        context = {
            "scan": scan,
            "unanswered": scanning.unanswered_items(scan),
            "to_confirm": sum(area.to_confirm for area in areas),
            "to_confirm_areas": [area for area in areas if area.to_confirm],
            "refused": refused,
        }
        return render(request, "scoring/complete.html", context, status=409 if refused else 200)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask first: say what reopening does, and what changed in the content since completion."""
    scan = get_scan_or_404(request.user, pk)
    if request.method == "POST":
        if completion.reopen(scan):
            messages.success(request, _("The scan is open again; answers can be changed."))
        return redirect(scan)
    frozen = frozen_results(scan)
    with translation.override(page_language(request, scan)):
        return render(
            request,
            "scoring/reopen.html",
            {"scan": scan, "changes": content_changes(frozen) if frozen else None},
        )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start a follow-up of a completed scan: empty, or with its answers carried over.

    It lives here rather than in checklists because it starts from a completed scan's results
    page (and the targets, which scoring owns, come along).
    """
    previous = get_scan_or_404(request.user, pk)
    with translation.override(page_language(request, previous)):
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


@login_required
@require_safe
def export_json(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The scan, its answers and its scores as one JSON file."""
    scan = get_scan_or_404(request.user, pk, with_related=("frozen_results",))
    with translation.override(scan.language):  # names and numbers as the scan's readers read them
        document = export_document(present(scan, language=scan.language))
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = slugify(f"{scan.organisation.name}-{scan.title}") or f"scan-{scan.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


@login_required
@require_safe
def compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """This scan beside an earlier completed scan of the same organisation (`?with=<pk>`)."""
    scan = get_scan_or_404(request.user, pk, with_related=("frozen_results",))
    candidates = earlier_scans(scan, scans_for(request.user))
    chosen = request.GET.get("with")
    with translation.override(page_language(request, scan)):
        if chosen is None:  # its predecessor, else the latest earlier completed scan
            earlier_scan = (
                candidates.filter(pk=scan.previous_id).first() if scan.previous_id else None
            ) or candidates.first()
        elif not chosen.isdigit() or len(chosen) > 18:
            return HttpResponseBadRequest(_("Choose an earlier completed scan to compare with."))
        else:
            get_scan_or_404(request.user, int(chosen))  # another consultant's scan: 404
            earlier_scan = candidates.filter(pk=int(chosen)).first()
            if earlier_scan is None:
                return HttpResponseBadRequest(
                    _("Only an earlier completed scan of the same organisation can be compared.")
                )
        context = {"scan": scan, "candidates": candidates, "earlier_scan": earlier_scan}
        earlier = frozen_results(earlier_scan) if earlier_scan is not None else None
        if earlier_scan is not None and earlier is not None:
            comparison = compare_results(results_for(scan), earlier_scan, earlier)
            language = active_content_language()
            when = formats.date_format(earlier_scan.completed_at)
            name = _("Completed %(date)s") % {"date": when}
            targets = targets_of(scan)
            context |= {
                "comparison": comparison,
                "area_chart": comparison_chart(
                    comparison.areas, comparison, language, name, targets.areas
                ),
                "pillar_chart": comparison_chart(
                    comparison.pillars, comparison, language, name, targets.pillars
                ),
            }
        return render(request, "scoring/compare.html", context)


def comparison_chart(changes, comparison, language: str, earlier_name: str, targets) -> dict:
    """The current scan's radar with the earlier scan's scores dashed and the targets dotted."""
    shown = [change for change in changes if change.after is not None]
    sections = [change.after for change in shown]
    figure = radar_figure(sections, comparison.current.levels, language, targets, target_dash="dot")
    before = [change.before.score if change.before else None for change in shown]
    return with_outline(figure, before, earlier_name, "dash")


@login_required
@require_safe
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest completed scan of each of the user's organisations (staff: all) as a heatmap."""
    organisations = organisations_for(request.user)
    columns = portfolio_columns()
    form = PortfolioForm(
        request.GET,
        sectors=sector_choices(organisations),
        sizes=size_choices(),
        columns=columns,
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = portfolio_rows(
        organisations, sector=chosen.get("sector", ""), size_band=chosen.get("size", "")
    )
    sort = chosen.get("sort") or "name"
    descending = chosen.get("order") == "desc"
    rows = sorted_rows(rows, sort, descending)
    levels = list(MaturityLevel.objects.all())
    context = {
        "form": form,
        "columns": columns,
        "rows": rows_html(rows, columns, {level.number: level.name for level in levels}),
        "count": len(rows),
        "sort": sort,
        "descending": descending,
        "levels": levels,
    }
    return render(
        request, "scoring/portfolio.html", context, status=200 if not form.errors else 400
    )
