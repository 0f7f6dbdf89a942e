"""The JSON export of a scan: the scan, its scores, answers and levels, and what later apps add,
read from the scan's `Presentation`."""

from typing import Any

from .compare import previous_document
from .presentation import Presentation
from .record import Level


def export_document(presentation: Presentation) -> dict[str, Any]:
    scan, results, peers = presentation.scan, presentation.results, presentation.benchmark
    return {
        "scan": {
            "id": scan.pk,
            "organisation": scan.organisation.name,
            "title": scan.title,
            "language": scan.language,
            "status": scan.status,
            "completed_at": scan.completed_at.isoformat()
            if scan.is_completed and scan.completed_at
            else None,
        },
        **presentation.scores_document(),
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
            "unconfirmed": presentation.carried_over.unconfirmed,
            "confirmed_unchanged": presentation.carried_over.confirmed_unchanged,
        },
        "previous": previous_document(scan),
        "benchmark": peers.as_json() if peers else None,
        **presentation.parts_document(),
    }


def results_level(level: Level) -> dict[str, Any]:
    return {
        "number": level.number,
        "lower_bound": level.lower_bound,
        "name": level.name,
        "description": level.description,
    }
