"""The audit trail for those who may read it: a page with filters, and the same as CSV."""

import csv
import json
from collections.abc import Iterator
from datetime import UTC

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cxscan.requests import AuthenticatedHttpRequest
from cxscan.spreadsheets import safe_cell

from .events import may_read, visible_events
from .forms import EventFilter
from .models import AuditEvent

EVENTS_PER_PAGE = 50
CSV_CHUNK = 2000  # rows read from the database at a time while the CSV streams


def chosen_events(request: AuthenticatedHttpRequest) -> tuple[EventFilter, QuerySet[AuditEvent]]:
    """The filter form and the events it chooses among those the user may read; 404 for a user
    who may read none (the page is not theirs)."""
    if not may_read(request.user):
        raise Http404("No audit trail here.")
    events = visible_events(request.user)
    form = EventFilter(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, events.none()
    return form, (form.filter(events) if form.is_bound else events)


@login_required
@require_safe
def events(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, chosen = chosen_events(request)
    page = Paginator(chosen, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "audit/events.html", context, status=status)


class Echo:
    """A file-like object whose write() returns the line, for csv.writer in a stream."""

    def write(self, value: str) -> str:
        return value


def csv_rows(events) -> Iterator[list[str]]:
    yield [
        _("When (UTC)"),
        _("Who"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Organisation"),
        _("Address"),
        _("Details"),
    ]
    for event in events.iterator(chunk_size=CSV_CHUNK):
        yield [
            event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_label,
            event.action,
            event.object_type,
            event.object_id,
            event.object_label,
            event.organisation_name,
            event.client_address,
            json.dumps(event.details, ensure_ascii=False, sort_keys=True) if event.details else "",
        ]


@login_required
@require_safe
def events_csv(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The chosen events as CSV, streamed (a year of events need not fit in memory). A cell
    that could start a formula gets a leading apostrophe."""
    form, chosen = chosen_events(request)
    if form.is_bound and form.errors:
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    writer = csv.writer(Echo())
    lines = (writer.writerow([safe_cell(cell) for cell in row]) for row in csv_rows(chosen))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
