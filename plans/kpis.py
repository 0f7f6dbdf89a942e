"""The KPI formulas of the method (seeds 001 and 003), as pure functions.

Each raises ValueError with a message for the person who typed the numbers: negative counts,
no responses, no orders or no investment are refused rather than turned into a number.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

NPS_SCALE = range(0, 11)  # "How likely are you to recommend us?" 0–10
CES_SCALE = range(1, 8)  # effort, 1–7
CSAT_SCALE = range(1, 6)  # satisfaction, 1–5


def _check_counts(counts: Sequence[int], scale: range) -> int:
    if len(counts) != len(scale):
        raise ValueError(
            _("Give a count for each answer %(low)d to %(high)d.")
            % {"low": scale.start, "high": scale.stop - 1}
        )
    if any(count is None or count < 0 for count in counts):
        raise ValueError(_("Counts cannot be negative."))
    total = sum(counts)
    if total == 0:
        raise ValueError(_("There are no responses: at least one count must be above zero."))
    return total


def nps(counts: Sequence[int]) -> float:
    """Net Promoter Score from the counts of answers 0–10: % promoters (9–10) − % detractors
    (0–6), from −100 to 100."""
    total = _check_counts(counts, NPS_SCALE)
    promoters = counts[9] + counts[10]
    detractors = sum(counts[0:7])
    return 100 * (promoters - detractors) / total


def ces(counts: Sequence[int]) -> float:
    """Customer Effort Score: the mean answer on the 1–7 scale, from the counts of 1 … 7."""
    total = _check_counts(counts, CES_SCALE)
    return sum(value * count for value, count in zip(CES_SCALE, counts, strict=True)) / total


def csat(counts: Sequence[int]) -> float:
    """Customer satisfaction: the % of answers 4 or 5 on the 1–5 scale, from the counts."""
    total = _check_counts(counts, CSAT_SCALE)
    return 100 * (counts[3] + counts[4]) / total


def contact_ratio(orders_with_contact: int, orders: int) -> float:
    """The share of purchases for which the customer sought contact (seed 003): orders with at
    least one contact ÷ all orders × 100 %, so from 0 to 100. An order counts once, however
    often the customer got in touch about it."""
    if orders_with_contact is None or orders is None or orders_with_contact < 0 or orders < 0:
        raise ValueError(_("Contacts and orders cannot be negative."))
    if orders == 0:
        raise ValueError(_("With no orders there is no contact ratio: enter the number of orders."))
    if orders_with_contact > orders:
        raise ValueError(_("There cannot be more orders with a contact than orders."))
    return 100 * orders_with_contact / orders


def roi(returns: Decimal | float | None, investment: Decimal | float | None) -> float:
    """Return on investment: (returns − investment) / investment × 100 %."""
    if returns is None or investment is None or returns < 0 or investment < 0:
        raise ValueError(_("Returns and investment cannot be negative."))
    if investment == 0:
        raise ValueError(_("With no investment there is no ROI: enter the investment."))
    return float(
        100 * (Decimal(str(returns)) - Decimal(str(investment))) / Decimal(str(investment))
    )
