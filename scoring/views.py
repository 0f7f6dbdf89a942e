"""The results of a scan (levels per area and pillar, radar charts), completing it, and the JSON
export."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from checklists import followups, scanning
from checklists.access import get_scan_or_404
from checklists.languages import page_language
from checklists.models import Area, Scan, active_content_language

from . import completion
from .charts import radar_figure
from .forms import FollowUpForm
from .panels import export_extras, panels
from .record import Level, ScanResults
from .results import content_changes, frozen_results, results_for, summary


def results_context(scan: Scan, results: ScanResults, *, shared: bool = False) -> dict:
    """What the results page shows, in the active language. Shared with the share-link page."""
    language = active_content_language()
    page_panels = panels(scan, results, shared=shared)
    context = {
        "scan": scan,
        "results": results,
        "shared": shared,
        "overall_level": results.level(results.overall.level),
        "areas": [(area, results.level(area.level)) for area in results.areas],
        "pillars": [(pillar, results.level(pillar.level)) for pillar in results.pillars],
        "strengths": [results.item(code) for code in results.strengths],
        "gaps": [results.item(code) for code in results.gaps],
        "recommendations": results.recommendations,
        "area_chart": radar_figure(results.areas, results.levels, language),
        "pillar_chart": radar_figure(results.pillars, results.levels, language),
        "panels": page_panels,
        # Sections (and overall) whose level rests on few answers, with the threshold in percent.
        "indicative_count": sum(
            section.indicative and section.level is not None
            for section in [results.overall, *results.areas, *results.pillars]
        ),
        "min_coverage": 100 * settings.CXSCAN_MIN_COVERAGE,
    }
    if not shared:
        context["carried_over"] = unconfirmed_count(scan, results)
    for panel in page_panels:
        context |= panel.context
    return context


def unconfirmed_count(scan: Scan, results: ScanResults) -> int:
    """How many answers the results rest on were carried over from the previous scan and are
    still unchanged and unconfirmed. One query, on a follow-up only: other scans have none (nor
    does a follow-up whose predecessor was deleted: there is nothing left to compare with)."""
    if scan.previous_id is None:
        return 0
    codes = set(scan.answers.answered().unconfirmed().values_list("item__code", flat=True))
    return sum(item.code in codes for item in results.items)


@login_required
@require_safe
def results(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_or_404(request.user, pk, with_related=("frozen_results",))
    with translation.override(page_language(request, scan)):
        return render(request, "scoring/results.html", results_context(scan, results_for(scan)))


@login_required
@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation, listing what is still unanswered; completing is allowed anyway."""
    scan = get_scan_or_404(request.user, pk)
    if request.method == "POST":
        if completion.complete(scan):
            messages.success(request, _("The scan is completed. Its answers are now read-only."))
        else:
            messages.info(request, _("This scan was already completed."))
        return redirect("scoring:results", scan.pk)
    with translation.override(page_language(request, scan)):
        return render(
            request,
            "scoring/complete.html",
            {"scan": scan, "unanswered": scanning.unanswered_items(scan)},
        )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
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
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
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
                    # targets: copied by scoring.targets.copy_targets(previous, scan) here.
            except ValidationError as error:
                refused = " ".join(error.messages)
            else:
                messages.success(request, _("Follow-up scan started."))
                return redirect("checklists:scan_area", scan.pk, Area.objects.first().code)
        status = 409 if refused else 400 if form.is_bound else 200
        context = {"scan": previous, "form": form, "refused": refused}
        return render(request, "scoring/follow_up.html", context, status=status)


@login_required
@require_safe
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan, its answers and its scores as one JSON file."""
    scan = get_scan_or_404(request.user, pk, with_related=("frozen_results",))
    with translation.override(scan.language):  # names and numbers as the scan's readers read them
        document = export_document(scan, results_for(scan))
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = slugify(f"{scan.organisation.name}-{scan.title}") or f"scan-{scan.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def export_document(scan: Scan, results: ScanResults) -> dict:
    return {
        "scan": {
            "id": scan.pk,
            "organisation": scan.organisation.name,
            "title": scan.title,
            "language": scan.language,
            "status": scan.status,
            "completed_at": scan.completed_at.isoformat() if scan.is_completed else None,
        },
        **summary(results),
        "answers": [
            {
                "code": item.code,
                "area": item.area,
                "pillar": item.pillar,
                "weight": item.weight,
                "value": item.value,
                "not_applicable": item.not_applicable,
                "note": item.note,
            }
            for item in results.items
        ],
        "levels": [results_level(level) for level in results.levels],
        "carried_over": {"unconfirmed": unconfirmed_count(scan, results)},
        **export_extras(scan),
    }


def results_level(level: Level) -> dict:
    return {
        "number": level.number,
        "lower_bound": level.lower_bound,
        "name": level.name,
        "description": level.description,
    }
