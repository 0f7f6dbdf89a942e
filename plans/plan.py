"""The improvement plan and KPI baseline as the results page, export and report show them."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import kpis
from .models import FOCUS_LIMIT, ImprovementAction, KpiBaseline


def grouped(number) -> str:
    """A count or amount as people read it: 12.600 in Dutch, 12,600 in English, no cents."""
    return number_format(number, decimal_pos=0, force_grouping=True)


def kpi_rows(baseline: KpiBaseline | None) -> list[dict]:
    """One row per measured KPI: name, value as shown (one decimal), and the inputs behind it."""
    if baseline is None:
        return []
    rows = []
    if baseline.nps_counts:
        counts = baseline.nps_counts
        value = kpis.nps(counts)
        rows.append(
            {
                "key": "nps",
                "name": _("Net Promoter Score (NPS)"),
                "value": value,
                "shown": ("+" if value > 0 else "") + kpis.one_decimal(value),
                "inputs": _("%(n)d responses: %(p)d promoters (9–10), %(d)d detractors (0–6)")
                % {"n": sum(counts), "p": counts[9] + counts[10], "d": sum(counts[:7])},
            }
        )
    if baseline.ces_counts:
        value = kpis.ces(baseline.ces_counts)
        rows.append(
            {
                "key": "ces",
                "name": _("Customer Effort Score (CES)"),
                "value": value,
                "shown": f"{kpis.one_decimal(value)} / 7",
                "inputs": _("mean of %(n)d responses on a 1–7 scale")
                % {"n": sum(baseline.ces_counts)},
            }
        )
    if baseline.csat_counts:
        value = kpis.csat(baseline.csat_counts)
        rows.append(
            {
                "key": "csat",
                "name": _("Customer satisfaction (CSAT)"),
                "value": value,
                "shown": f"{kpis.one_decimal(value)}%",
                "inputs": _("%(n)d responses; share that answered 4 or 5 on a 1–5 scale")
                % {"n": sum(baseline.csat_counts)},
            }
        )
    if baseline.contacts is not None and baseline.orders:
        value = kpis.contact_ratio(baseline.contacts, baseline.orders)
        rows.append(
            {
                "key": "contact_ratio",
                "name": _("Contact ratio"),
                "value": value,
                "shown": f"{kpis.one_decimal(value)}%",
                "inputs": _("%(c)s contacts on %(o)s orders")
                % {"c": grouped(baseline.contacts), "o": grouped(baseline.orders)},
            }
        )
    if baseline.roi_investment:
        value = kpis.roi(baseline.roi_returns, baseline.roi_investment)
        rows.append(
            {
                "key": "roi",
                "name": _("Return on investment (ROI)"),
                "value": value,
                "shown": f"{kpis.one_decimal(value)}%",
                "inputs": _("returns %(r)s, investment %(i)s")
                % {"r": grouped(baseline.roi_returns), "i": grouped(baseline.roi_investment)},
            }
        )
    return rows


def plan_context(scan) -> dict:
    actions = list(scan.actions.select_related("item"))
    baseline = KpiBaseline.objects.filter(scan=scan).first()
    return {
        "actions": actions,
        "too_many_actions": len(actions) > FOCUS_LIMIT,
        "focus_limit": FOCUS_LIMIT,
        "kpi_rows": kpi_rows(baseline),
        "kpi_baseline": baseline,
    }


QUADRANTS = ("quick_win", "big_bet", "fill_in", "money_pit")


def quadrant_label(quadrant: str) -> str:
    return {
        "quick_win": _("quick wins"),
        "big_bet": _("big bets"),
        "fill_in": _("fill-ins"),
        "money_pit": _("money pits"),
    }[quadrant]


def actions_document(actions: list[ImprovementAction]) -> list[dict]:
    return [
        {
            "title": action.title,
            "item": action.item.code if action.item_id else None,
            "impact": action.impact,
            "effort": action.effort,
            "owner": action.owner,
            "due_date": action.due_date.isoformat() if action.due_date else None,
            "status": action.status,
            "quadrant": action.quadrant,
        }
        for action in actions
    ]
