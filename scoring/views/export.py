"""The JSON export: the scan, its answers and its scores as one file."""

import json

from django.http import HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

import audit
from audit.models import AuditEvent
from checklists.models import Scan
from checklists.scan_pages import own_language, scan_view
from cxscan.requests import AuthenticatedHttpRequest

from ..export import export_document
from ..presentation import present


# Names and numbers as the scan's readers read them, whatever language the consultant reads.
@require_safe
@scan_view(with_related=("frozen_results",), language=own_language)
def export_json(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """The scan, its answers and its scores as one JSON file."""
    document = export_document(present(scan, language=scan.language))
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = slugify(f"{scan.organisation.name}-{scan.title}") or f"scan-{scan.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    audit.record(request, AuditEvent.Action.EXPORTED, scan, details={"format": "json"})
    return response
