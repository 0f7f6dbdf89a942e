"""The JSON export: the scan, its answers and its scores as one file."""

import json

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from checklists.models import Scan
from checklists.scan_pages import own_language, scan_view

from ..benchmark import benchmark_for
from ..compare import previous_document
from ..panels import export_extras
from ..record import Level, ScanResults
from ..results import results_for, scores_document
from .results import confirmed_unchanged_count, unconfirmed_count


# Names and numbers as the scan's readers read them, whatever language the consultant reads.
@require_safe
@scan_view(with_related=("frozen_results",), language=own_language)
def export_json(request: HttpRequest, scan: Scan) -> HttpResponse:
    """The scan, its answers and its scores as one JSON file."""
    document = export_document(scan, results_for(scan))
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = slugify(f"{scan.organisation.name}-{scan.title}") or f"scan-{scan.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def export_document(scan: Scan, results: ScanResults) -> dict:
    peers = benchmark_for(scan, results)
    return {
        "scan": {
            "id": scan.pk,
            "organisation": scan.organisation.name,
            "title": scan.title,
            "language": scan.language,
            "status": scan.status,
            "completed_at": scan.completed_at.isoformat() if scan.is_completed else None,
        },
        **scores_document(scan, results),
        "answers": [
            {
                "code": item.code,
                "area": item.area,
                "pillar": item.pillar,
                "weight": item.weight,
                "value": item.value,
                "not_applicable": item.not_applicable,
                "note": item.note,
                "confidence": item.confidence,
                "evidence": item.evidence,
                "evidence_link": item.evidence_link,
                "evidence_files": list(item.evidence_files),
            }
            for item in results.items
        ],
        "levels": [results_level(level) for level in results.levels],
        "carried_over": {
            "unconfirmed": unconfirmed_count(scan, results),
            "confirmed_unchanged": confirmed_unchanged_count(scan, results),
        },
        "previous": previous_document(scan),
        "benchmark": peers.as_json() if peers else None,
        **export_extras(scan),
    }


def results_level(level: Level) -> dict:
    return {
        "number": level.number,
        "lower_bound": level.lower_bound,
        "name": level.name,
        "description": level.description,
    }
