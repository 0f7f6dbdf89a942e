"""A scan beside an earlier completed scan of the same organisation."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from checklists.access import get_scan_or_404, scans_for
from checklists.models import Scan, active_content_language
from checklists.scan_pages import scan_view
from cxscan.requests import AuthenticatedHttpRequest

from ..compare import compare as compare_results
from ..compare import earlier_scans
from ..radar import radar_figure, with_outline
from ..results import frozen_results, results_for
from ..targets import targets_of


@require_safe
@scan_view(with_related=("frozen_results",))
def compare(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """This scan beside an earlier completed scan of the same organisation (`?with=<pk>`)."""
    candidates = earlier_scans(scan, scans_for(request.user))
    chosen = request.GET.get("with")
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
