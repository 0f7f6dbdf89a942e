"""What the plan adds to scoring's results page and JSON export (see `scoring.signals`)."""

from django.urls import reverse

from checklists.models import Scan
from scoring.signals import Panel

from .charts import impact_effort_figure
from .plan import QUADRANTS, actions_document, plan_context, quadrant_label


def plan_panel(sender, *, scan: Scan, shared: bool, **kwargs) -> Panel:
    """The KPI baseline and the improvement plan, with their chart; editable unless shared."""
    plan = plan_context(scan)
    chart = impact_effort_figure(
        actions_document(plan["actions"]), {key: quadrant_label(key) for key in QUADRANTS}
    )
    # The gaps already in the plan say so instead of offering a second action.
    planned = {action.item.code for action in plan["actions"] if action.item_id}
    context = {**plan, "action_chart": chart, "planned_items": planned}
    if not shared:
        context["gap_action_url"] = reverse("plans:action_from_gap", args=[scan.pk])
    return Panel("plans/_results_panel.html", context)


def plan_export(sender, *, scan: Scan, **kwargs) -> dict:
    plan = plan_context(scan)
    return {
        "improvement_actions": actions_document(plan["actions"]),
        "kpi_baseline": [
            {
                key: row[key]
                for key in ("key", "name", "value", "shown", "basis", "inputs", "period", "source")
            }
            for row in plan["kpi_rows"]
        ],
    }
