"""What reports add to scoring's results page, and queueing the renders of a stored report when
the scan is completed or its plan, KPIs, targets or the branding change."""

from django.urls import reverse

from checklists.models import Scan
from scoring.signals import Panel

from . import stored
from .models import ShareLink
from .report import report_links


def report_panel(sender, *, scan: Scan, shared: bool, **kwargs) -> Panel | None:
    """The download button's address and the share links (not on the client's shared page)."""
    if shared:
        return None
    url = reverse("reports:report", args=[scan.pk])
    context = {
        "report_links": report_links(url, scan.language),
        "share_links": scan.share_links.select_related("created_by"),
        "has_completion": scan.completed_at is not None,
        "evidence_choices": ShareLink.Evidence.choices,
    }
    return Panel("reports/_share_panel.html", context, actions="reports/_report_links.html")


def results_stored(sender, instance, **kwargs) -> None:
    """A completion stores the scan's results: render its report in both languages."""
    stored.scan_completed(instance.scan)


def plan_changed(sender, instance, **kwargs) -> None:
    """The plan, KPIs, targets and the consultant's texts are part of the report: render the
    stored reports again."""
    stored.report_changed(Scan(pk=instance.scan_id))


def branding_changed(sender, instance, **kwargs) -> None:
    """Every report carries its consultancy's name, logo and colour: all stored PDFs of that
    consultancy's organisations are stale."""
    stored.all_changed(instance.consultancy_id)
