"""The results of a scan: levels per area and pillar, radar charts, and the JSON export."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from checklists.access import get_scan_or_404
from checklists.models import active_content_language

from .charts import impact_effort_figure, radar_figure
from .models import ShareLink
from .plan import actions_document, plan_context, quadrant_label
from .report import pdf_response, report_for_download
from .results import results_for, summary


def results_context(scan, results: dict) -> dict:
    """What the results page shows, in the active language. Shared with the share-link page."""
    language = active_content_language()
    plan = plan_context(scan)
    items = {item["code"]: item for item in results["items"]}
    levels = {level["number"]: level for level in results["levels"]}
    return {
        "scan": scan,
        "results": results,
        "overall_level": levels.get(results["overall"]["level"]),
        "areas": [dict(area, level_info=levels.get(area["level"])) for area in results["areas"]],
        "pillars": [
            dict(pillar, level_info=levels.get(pillar["level"])) for pillar in results["pillars"]
        ],
        "strengths": [items[code] for code in results["strengths"]],
        "gaps": [items[code] for code in results["gaps"]],
        "recommendations": results["recommendations"],
        "area_chart": radar_figure(results["areas"], results["levels"], language),
        "pillar_chart": radar_figure(results["pillars"], results["levels"], language),
        **plan,
        "action_chart": impact_effort_figure(
            actions_document(plan["actions"]),
            {key: quadrant_label(key) for key in ("quick_win", "big_bet", "fill_in", "money_pit")},
        ),
    }


@login_required
@require_safe
def results(request, pk):
    scan = get_scan_or_404(request.user, pk)
    with translation.override(scan.language):
        context = results_context(scan, results_for(scan))
        context["share_links"] = scan.share_links.select_related("created_by")
        return render(request, "scoring/results.html", context)


@login_required
@require_safe
def report(request, pk):
    """The PDF report, in the scan's language (or ?language=nl|en)."""
    scan = get_scan_or_404(request.user, pk)
    language = request.GET.get("language")
    if language not in ("nl", "en"):
        language = scan.language
    return pdf_response(scan, report_for_download(scan, language), language)


@login_required
@require_POST
def share_link_create(request, pk):
    scan = get_scan_or_404(request.user, pk)
    ShareLink.objects.create(scan=scan, created_by=request.user)
    messages.success(request, _("Share link created. Copy it from the list below."))
    return redirect("scoring:results", scan.pk)


@login_required
@require_POST
def share_link_revoke(request, pk, link):
    scan = get_scan_or_404(request.user, pk)
    share_link = get_object_or_404(scan.share_links, pk=link)
    if share_link.revoked_at is None:
        share_link.revoked_at = timezone.now()
        share_link.save(update_fields=["revoked_at"])
        messages.success(request, _("The share link is revoked: it no longer opens anything."))
    return redirect("scoring:results", scan.pk)


@login_required
@require_safe
def export_json(request, pk):
    """The scan, its answers and its scores as one JSON file."""
    scan = get_scan_or_404(request.user, pk)
    results = results_for(scan)
    plan = plan_context(scan)
    document = {
        "scan": {
            "id": scan.pk,
            "organisation": scan.organisation.name,
            "title": scan.title,
            "language": scan.language,
            "status": scan.status,
            "completed_at": scan.completed_at.isoformat() if scan.completed_at else None,
        },
        **summary(results),
        "answers": [
            {
                key: item[key]
                for key in ("code", "area", "pillar", "weight", "value", "not_applicable", "note")
            }
            for item in results["items"]
        ],
        "levels": results["levels"],
        "improvement_actions": actions_document(plan["actions"]),
        "kpi_baseline": [
            {key: row[key] for key in ("key", "name", "value", "shown", "inputs")}
            for row in plan["kpi_rows"]
        ],
    }
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = slugify(f"{scan.organisation.name}-{scan.title}") or f"scan-{scan.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
