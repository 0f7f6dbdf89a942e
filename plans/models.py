"""A scan's improvement plan (at most five actions, by impact and effort) and KPI baseline."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from checklists.models import Item, Scan

SCALE_1_TO_5 = [MinValueValidator(1), MaxValueValidator(5)]
FOCUS_LIMIT = 5  # seed 002: choose at most five improvement projects


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


class KpiBaseline(models.Model):
    """The KPIs measured at the time of the scan, from the raw counts (see plans/kpis.py)."""

    scan = models.OneToOneField(
        Scan, on_delete=models.CASCADE, related_name="kpi_baseline", verbose_name=_("scan")
    )
    nps_counts = models.JSONField(_("NPS answers 0–10"), null=True, blank=True)
    ces_counts = models.JSONField(_("CES answers 1–7"), null=True, blank=True)
    csat_counts = models.JSONField(_("CSAT answers 1–5"), null=True, blank=True)
    contacts = models.PositiveIntegerField(_("contacts"), null=True, blank=True)
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

    def __str__(self):
        return f"KPI baseline of {self.scan}"
