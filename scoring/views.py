"""The results of a scan: levels per area and pillar, radar charts, and the JSON export."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.text import slugify

from checklists.access import get_scan_or_404
from checklists.models import active_content_language

from .charts import radar_figure
from .results import results_for, summary


def results_context(scan, results: dict) -> dict:
    """What the results page shows, in the active language. Shared with the share-link page."""
    language = active_content_language()
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
    }


@login_required
def results(request, pk):
    scan = get_scan_or_404(request.user, pk)
    with translation.override(scan.language):
        context = results_context(scan, results_for(scan))
        return render(request, "scoring/results.html", context)


@login_required
def export_json(request, pk):
    """The scan, its answers and its scores as one JSON file."""
    scan = get_scan_or_404(request.user, pk)
    results = results_for(scan)
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
    }
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = slugify(f"{scan.organisation.name}-{scan.title}") or f"scan-{scan.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
