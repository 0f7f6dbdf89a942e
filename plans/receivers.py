"""What the plan adds to a scan's presentation (every output) and to the results page (see
`scoring.signals`)."""

from django.urls import reverse

from checklists.models import Scan
from scoring.presentation import Presentation
from scoring.signals import Panel

from .charts import impact_effort_figure
from .plan import QUADRANTS, PlanPart, actions_document, plan_part, quadrant_label


def plan_presented(sender, *, presentation: Presentation, **kwargs) -> PlanPart:
    return plan_part(presentation.scan)


def plan_panel(sender, *, scan: Scan, shared: bool, presentation: Presentation, **kwargs) -> Panel:
    """The KPI baseline and the improvement plan, with their chart; editable unless shared."""
    plan = presentation.part(PlanPart)
    chart = impact_effort_figure(
        actions_document(plan.actions), {key: quadrant_label(key) for key in QUADRANTS}
    )
    # The gaps already in the plan say so instead of offering a second action.
    planned = {action.item.code for action in plan.actions if action.item}
    context = {**plan.context(), "action_chart": chart, "planned_items": planned}
    if not shared:
        context["gap_action_url"] = reverse("plans:action_from_gap", args=[scan.pk])
    return Panel("plans/_results_panel.html", context)
