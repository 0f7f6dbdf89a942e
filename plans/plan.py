"""The improvement plan and KPI baseline as the results page, export and report show them."""

from dataclasses import dataclass
from typing import Any, ClassVar

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cxscan.numbers import one_decimal

from . import kpis
from .models import FOCUS_LIMIT, QUADRANT_LABELS, ImprovementAction, KpiBaseline


def grouped(number) -> str:
    """A count or amount as people read it: 12.600 in Dutch, 12,600 in English, no cents."""
    return number_format(number, decimal_pos=0, force_grouping=True)


def _nps_shown(value) -> str:
    return ("+" if value > 0 else "") + one_decimal(value)


def _ces_shown(value) -> str:
    return f"{one_decimal(value)} / 7"


def _percent_shown(value) -> str:
    return f"{one_decimal(value)}%"


def _nps_inputs(counts) -> str:
    return _("%(n)d responses: %(p)d promoters (9–10), %(d)d detractors (0–6)") % {
        "n": sum(counts),
        "p": counts[9] + counts[10],
        "d": sum(counts[:7]),
    }


def _ces_inputs(counts) -> str:
    return _("mean of %(n)d responses on a 1–7 scale") % {"n": sum(counts)}


def _csat_inputs(counts) -> str:
    return _("%(n)d responses; share that answered 4 or 5 on a 1–5 scale") % {"n": sum(counts)}


# How to read a KPI whose direction is not obvious: a CES of 3.4 / 7 reads like a mark out of 7.
READINGS = {"ces": lambda: _("lower is better")}

# NPS, CES and CSAT: computed from the counts per answer, or entered as a known value.
SURVEY_KPIS = {
    # key: (name, formula, how the value is shown, what the counts were)
    "nps": (lambda: _("Net Promoter Score (NPS)"), kpis.nps, _nps_shown, _nps_inputs),
    "ces": (lambda: _("Customer Effort Score (CES)"), kpis.ces, _ces_shown, _ces_inputs),
    "csat": (lambda: _("Customer satisfaction (CSAT)"), kpis.csat, _percent_shown, _csat_inputs),
}


def measured(period: str, source: str) -> str:
    """When and where a KPI was measured, as one line: "Q3 2026 · source: Medallia survey"."""
    parts = [period] if period else []
    if source:
        parts.append(_("source: %(source)s") % {"source": source})
    return " · ".join(parts)


def _survey_row(baseline: KpiBaseline, key: str) -> dict | None:
    name, formula, shown, inputs = SURVEY_KPIS[key]
    counts = getattr(baseline, f"{key}_counts")
    entered = getattr(baseline, f"{key}_value")
    if counts:
        value = formula(counts)
        basis, basis_label, described = "counts", _("Computed from counts"), inputs(counts)
    elif entered is not None:
        value = float(entered)
        basis, basis_label, described = "entered", _("Entered directly"), ""
    else:
        return None
    period, source = getattr(baseline, f"{key}_period"), getattr(baseline, f"{key}_source")
    return {
        "key": key,
        "name": name(),
        "value": value,
        "shown": shown(value),
        "reading": READINGS[key]() if key in READINGS else "",
        "basis": basis,
        "basis_label": basis_label,
        "inputs": described,
        "period": period,
        "source": source,
        "measured": measured(period, source),
    }


def _contact_ratio_row(with_contact: int, orders: int) -> dict:
    numbers = {"c": grouped(with_contact), "o": grouped(orders)}
    try:
        value = kpis.contact_ratio(with_contact, orders)
    except ValueError:
        # Saved before the form asked for orders with a contact (it asked for all contacts):
        # more than the orders cannot be a share. Shown, not guessed at.
        value, shown = None, one_decimal(None)
        described = (
            _(
                "%(c)s contacts on %(o)s orders: recorded as all contacts, not as orders with a "
                "contact. Enter the orders with at least one contact again."
            )
            % numbers
        )
    else:
        shown = _percent_shown(value)
        described = _("%(c)s of %(o)s orders with at least one customer contact") % numbers
    return {
        "key": "contact_ratio",
        "name": _("Contact ratio"),
        "value": value,
        "shown": shown,
        "reading": "",
        "basis": "counts",
        "basis_label": "",  # only NPS, CES and CSAT can also be entered directly
        "inputs": described,
        "period": "",
        "source": "",
        "measured": "",
    }


def kpi_rows(baseline: KpiBaseline | None) -> list[dict]:
    """One row per measured KPI: name, value as shown (one decimal), whether it was computed
    from counts or entered directly, the inputs behind it, and when and where it was measured."""
    if baseline is None:
        return []
    rows = [row for key in SURVEY_KPIS if (row := _survey_row(baseline, key))]
    if baseline.orders_with_contact is not None and baseline.orders:
        rows.append(_contact_ratio_row(baseline.orders_with_contact, baseline.orders))
    if baseline.roi_investment:
        value = kpis.roi(baseline.roi_returns, baseline.roi_investment)
        rows.append(
            {
                "key": "roi",
                "name": _("Return on investment (ROI)"),
                "value": value,
                "shown": _percent_shown(value),
                "reading": "",
                "basis": "amounts",
                "basis_label": "",
                "inputs": _("returns %(r)s, investment %(i)s")
                % {"r": grouped(baseline.roi_returns), "i": grouped(baseline.roi_investment)},
                "period": "",
                "source": "",
                "measured": "",
            }
        )
    return rows


@dataclass(frozen=True)
class PlanPart:
    """The plan's part of a scan's presentation (`scoring.presentation.Part`): the actions (the
    method's first FOCUS_LIMIT in focus, every other one "later", never dropped) and the KPI
    baseline's rows. The results page, the PDF and the JSON export read it."""

    key: ClassVar[str] = "plan"
    actions: list[ImprovementAction]
    kpi_rows: list[dict]
    kpi_baseline: KpiBaseline | None

    @property
    def focus(self) -> list[ImprovementAction]:
        return self.actions[:FOCUS_LIMIT]

    @property
    def later(self) -> list[ImprovementAction]:
        return self.actions[FOCUS_LIMIT:]

    def context(self) -> dict[str, Any]:
        """The template names the plan's templates read."""
        return {
            "actions": self.actions,
            "too_many_actions": len(self.actions) > FOCUS_LIMIT,
            "focus_limit": FOCUS_LIMIT,
            "kpi_rows": self.kpi_rows,
            "kpi_baseline": self.kpi_baseline,
        }

    def document(self) -> dict[str, Any]:
        return {
            "improvement_actions": actions_document(self.actions),
            "kpi_baseline": [{key: row[key] for key in KPI_EXPORT_KEYS} for row in self.kpi_rows],
        }


KPI_EXPORT_KEYS = ("key", "name", "value", "shown", "basis", "inputs", "period", "source")


def plan_part(scan) -> PlanPart:
    """Two queries: the actions and the KPI baseline."""
    actions = list(scan.actions.select_related("item"))
    baseline = KpiBaseline.objects.filter(scan=scan).first()
    return PlanPart(actions, kpi_rows(baseline), baseline)


QUADRANTS = ("quick_win", "big_bet", "fill_in", "money_pit")


def quadrant_label(quadrant: str) -> str:
    return str(QUADRANT_LABELS[quadrant])


def actions_document(actions: list[ImprovementAction]) -> list[dict]:
    return [
        {
            "title": action.title,
            "item": action.item.code if action.item else None,
            "impact": action.impact,
            "effort": action.effort,
            "owner": action.owner,
            "due_date": action.due_date.isoformat() if action.due_date else None,
            "status": action.status,
            "quadrant": action.quadrant,
        }
        for action in actions
    ]
