"""The results of a scan (levels per area and pillar, radar charts, peers) and its targets."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from checklists.models import Scan, active_content_language
from checklists.scan_pages import scan_view

from ..benchmark import benchmark_for
from ..charts import radar_figure, with_outline
from ..evidence import evidence_by_area
from ..forms import TargetsForm
from ..panels import panels
from ..record import ScanResults, Section
from ..results import frozen_results, overall_basis, results_for
from ..targets import section_target, targets_of


def section_rows(
    sections: list[Section], results: ScanResults, targets: dict[str, int], peers: dict
) -> list:
    """(section, its level, its target, its peers' spread or None) per row of a results table."""
    return [
        (
            section,
            results.level(section.level),
            section_target(section, targets.get(section.code), results.levels),
            peers.get(section.code),
        )
        for section in sections
    ]


def results_context(scan: Scan, results: ScanResults, *, shared: bool = False) -> dict:
    """What the results page shows, in the active language. Shared with the share-link page."""
    language = active_content_language()
    page_panels = panels(scan, results, shared=shared)
    targets = targets_of(scan)
    peers = benchmark_for(scan, results)
    context = {
        "scan": scan,
        "results": results,
        "shared": shared,
        "targets": targets,
        "benchmark": peers,
        "overall_level": results.level(results.overall.level),
        "overall_basis": overall_basis(results, language),
        "areas": section_rows(results.areas, results, targets.areas, peers.areas if peers else {}),
        "pillars": section_rows(
            results.pillars, results, targets.pillars, peers.pillars if peers else {}
        ),
        "strengths": [results.item(code) for code in results.strengths],
        "gaps": [results.item(code) for code in results.gaps],
        "recommendations": results.recommendations,
        "evidence": evidence_by_area(results),
        "area_chart": peer_outline(
            radar_figure(results.areas, results.levels, language, targets.areas),
            results.areas,
            peers.areas if peers else {},
        ),
        "pillar_chart": peer_outline(
            radar_figure(results.pillars, results.levels, language, targets.pillars),
            results.pillars,
            peers.pillars if peers else {},
        ),
        # The client's shared page shows the targets in the tables and charts, not the form.
        "targets_form": None if shared else TargetsForm(results, targets),
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
        context["confirmed_unchanged"] = confirmed_unchanged_count(scan, results)
    for panel in page_panels:
        context |= panel.context
    return context


def peer_outline(figure: dict, sections: list[Section], spreads: dict) -> dict:
    """The radar with the peers' median as a dotted outline, when every section has one (a
    section left out would be drawn at 0)."""
    if not sections or any(section.code not in spreads for section in sections):
        return figure
    medians = [spreads[section.code].median for section in sections]
    return with_outline(figure, medians, _("Peer median"), "dot")


def unconfirmed_count(scan: Scan, results: ScanResults) -> int:
    """How many answers the results rest on were carried over from the previous scan and are
    still unchanged and unconfirmed. One query, on a follow-up only: other scans have none (nor
    does a follow-up whose predecessor was deleted: there is nothing left to compare with)."""
    if scan.previous_id is None:
        return 0
    codes = set(scan.answers.answered().unconfirmed().values_list("item__code", flat=True))
    return sum(item.code in codes for item in results.items)


def confirmed_unchanged_count(scan: Scan, results: ScanResults) -> int:
    """How many answers of a follow-up stand as they were in the previous scan's results (the
    same value, or N/A) and were confirmed in this scan: carried over and confirmed as they were,
    or given again the same. Those still unconfirmed are not counted (`unconfirmed_count`)."""
    if scan.previous_id is None:
        return 0
    previous = frozen_results(scan.previous)
    if previous is None:
        return 0
    before = {
        item.code: (item.value, item.not_applicable)
        for item in previous.items
        if item.value is not None or item.not_applicable
    }
    unconfirmed = set(scan.answers.unconfirmed().values_list("item__code", flat=True))
    return sum(
        before.get(item.code) == (item.value, item.not_applicable)
        for item in results.items
        if (item.value is not None or item.not_applicable) and item.code not in unconfirmed
    )


@require_safe
@scan_view(with_related=("frozen_results",))
def results(request: HttpRequest, scan: Scan) -> HttpResponse:
    return render(request, "scoring/results.html", results_context(scan, results_for(scan)))


@require_http_methods(["GET", "POST"])
@scan_view(with_related=("frozen_results",))
def targets(request: HttpRequest, scan: Scan) -> HttpResponse:
    """Set the target levels; editable after completion, like the plan.

    The form is part of the results page; this page shows it alone (and its errors, with a 400:
    nothing was saved).
    """
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
