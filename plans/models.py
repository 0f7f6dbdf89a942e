"""A scan's improvement plan (at most five actions, by impact and effort) and KPI baseline."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from checklists.models import Item, Scan

SCALE_1_TO_5 = [MinValueValidator(1), MaxValueValidator(5)]
FOCUS_LIMIT = 5  # seed 002: choose at most five improvement projects
# The impact/effort matrix's four quadrants (`ImprovementAction.quadrant`), as the plan names them.
QUADRANT_LABELS = {
    "quick_win": _("quick wins"),
    "big_bet": _("big bets"),
    "fill_in": _("fill-ins"),
    "money_pit": _("money pits"),
}


class ImprovementAction(models.Model):
    """An improvement project chosen from the results; the method advises at most five."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DOING = "doing", _("Doing")
        DONE = "done", _("Done")

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("scan")
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("statement"),
        help_text=_("The statement this action improves, if any."),
    )
    title = models.CharField(_("title"), max_length=300)
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=SCALE_1_TO_5, help_text=_("1 (small) to 5 (large).")
    )
    effort = models.PositiveSmallIntegerField(
        _("effort"), validators=SCALE_1_TO_5, help_text=_("1 (little) to 5 (a lot).")
    )
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-impact", "effort", "created_at"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5, effort__gte=1, effort__lte=5),
                name="action_impact_effort_1_to_5",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def quadrant(self) -> str:
        high_impact, high_effort = self.impact >= 3, self.effort >= 3
        if high_impact:
            return "big_bet" if high_effort else "quick_win"
        return "money_pit" if high_effort else "fill_in"

    @property
    def quadrant_label(self) -> str:
        return str(QUADRANT_LABELS[self.quadrant])


# The range of a directly entered KPI value, per KPI (see plans/kpis.py for the formulas).
DIRECT_RANGES = {"nps": (-100, 100), "ces": (1, 7), "csat": (0, 100)}


def _direct_value(label, low, high, help_text):
    return models.DecimalField(
        label,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
        help_text=help_text,
    )


def _period():
    return models.CharField(
        _("period"), max_length=40, blank=True, help_text=_("When it was measured, e.g. Q3 2026.")
    )


def _source():
    return models.CharField(
        _("source"),
        max_length=120,
        blank=True,
        help_text=_("Where the number comes from, e.g. a Medallia survey."),
    )


class KpiBaseline(models.Model):
    """The KPIs measured at the time of the scan (see plans/kpis.py).

    NPS, CES and CSAT come either from the counts per answer (the app computes them) or, when
    the client knows only the outcome, as a value entered directly; never both. A period and
    source say when and where they were measured.
    """

    scan = models.OneToOneField(
        Scan, on_delete=models.CASCADE, related_name="kpi_baseline", verbose_name=_("scan")
    )
    nps_counts = models.JSONField(_("NPS answers 0–10"), null=True, blank=True)
    nps_value = _direct_value(
        _("NPS, entered"), -100, 100, _("A known NPS (−100 to 100), instead of the counts.")
    )
    nps_period = _period()
    nps_source = _source()
    ces_counts = models.JSONField(_("CES answers 1–7"), null=True, blank=True)
    ces_value = _direct_value(
        _("CES, entered"), 1, 7, _("A known CES (mean on the 1–7 scale), instead of the counts.")
    )
    ces_period = _period()
    ces_source = _source()
    csat_counts = models.JSONField(_("CSAT answers 1–5"), null=True, blank=True)
    csat_value = _direct_value(
        _("CSAT, entered"), 0, 100, _("A known CSAT (0 to 100%), instead of the counts.")
    )
    csat_period = _period()
    csat_source = _source()
    # The column is still called "contacts": until November 2026 the form asked for all customer
    # contacts, which could exceed the orders. The rows kept from then are shown as they are and
    # flagged where they cannot be a share (see plans.plan.kpi_rows).
    orders_with_contact = models.PositiveIntegerField(
        _("orders with a customer contact"),
        db_column="contacts",
        null=True,
        blank=True,
        help_text=_("Orders for which the customer sought contact at least once."),
    )
    orders = models.PositiveIntegerField(_("orders"), null=True, blank=True)
    roi_returns = models.DecimalField(
        _("returns"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    roi_investment = models.DecimalField(
        _("investment"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("KPI baseline")
        verbose_name_plural = _("KPI baselines")
        constraints = [
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{kpi}_value__isnull": True})
                    | models.Q(**{f"{kpi}_counts__isnull": True}),
                    name=f"kpi_{kpi}_counts_or_value",
                )
                for kpi in DIRECT_RANGES
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{kpi}_value__isnull": True})
                    | models.Q(**{f"{kpi}_value__gte": low, f"{kpi}_value__lte": high}),
                    name=f"kpi_{kpi}_value_range",
                )
                for kpi, (low, high) in DIRECT_RANGES.items()
            ),
        ]

    def __str__(self):
        return f"KPI baseline of {self.scan}"
