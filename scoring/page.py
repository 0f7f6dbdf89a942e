"""The results page's template context (the consultant's page and a client's shared page), read
from the scan's `Presentation`: the Plotly radars drawn from its rows, the targets form, the
panels later apps add."""

from typing import Any, cast

from django.utils.translation import gettext as _

from checklists.models import Scan

from .forms import TargetsForm
from .presentation import Presentation
from .radar import radar_figure, with_outline
from .signals import Panel, results_page


def page_context(presentation: Presentation, *, shared: bool = False) -> dict[str, Any]:
    """What the results page shows, in the presentation's language."""
    p = presentation
    page_panels = panels(p, shared=shared)
    context = {
        "scan": p.scan,
        "results": p.results,
        "shared": shared,
        "targets": p.targets,
        "benchmark": p.benchmark,
        "overall_level": p.overall_level,
        "overall_basis": p.overall_basis,
        "areas": p.areas,
        "pillars": p.pillars,
        "strengths": p.strengths,
        "gaps": p.gaps,
        "recommendations": p.recommendations,
        "evidence": p.evidence,
        "area_chart": radar(p, "areas"),
        "pillar_chart": radar(p, "pillars"),
        # The client's shared page shows the targets in the tables and charts, not the form.
        "targets_form": None if shared else TargetsForm(p.results, p.targets),
        "panels": page_panels,
        # Sections (and overall) whose level rests on few answers, with the threshold in percent.
        "indicative_count": p.indicative_count,
        "min_coverage": p.min_coverage,
    }
    if not shared:
        context["carried_over"] = p.carried_over.unconfirmed
        context["confirmed_unchanged"] = p.carried_over.confirmed_unchanged
    for panel in page_panels:
        context |= panel.context
    return context


def radar(p: Presentation, kind: str) -> dict:
    """The Plotly radar of the areas or pillars, with the targets and the peers' median dotted."""
    sections = [row.section for row in p.rows(kind)]
    figure = radar_figure(sections, p.results.levels, p.language, p.targets_of(kind))
    medians = p.peer_outline(kind)
    return figure if medians is None else with_outline(figure, medians, _("Peer median"), "dot")


def panels(presentation: Presentation, *, shared: bool) -> list[Panel]:
    """The panels later apps add to the results page (`signals.results_page`)."""
    responses = results_page.send(
        sender=Scan,
        scan=presentation.scan,
        results=presentation.results,
        shared=shared,
        presentation=presentation,
    )
    found = [cast(Panel | None, panel) for _receiver, panel in responses]
    return [panel for panel in found if panel is not None]
