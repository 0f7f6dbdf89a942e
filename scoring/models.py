import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklists.models import Item, Scan

SHARE_LINK_DAYS = 30
SHARE_SALT = "scoring.share-link"


class CachedReport(models.Model):
    """The PDF of a completed scan, kept so a download does not render it again.

    It belongs to one completion: reopening and completing again gives a new `completed_at`,
    and a report of an earlier completion is never served.
    """

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="cached_reports")
    language = models.CharField(max_length=2)
    completed_at = models.DateTimeField()
    pdf = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cached report")
        constraints = [
            models.UniqueConstraint(fields=["scan", "language"], name="one_report_per_language")
        ]

    def __str__(self):
        return f"{self.scan_id} ({self.language})"


def new_share_key() -> str:
    """128 random bits, URL-safe: 22 characters."""
    return secrets.token_urlsafe(16)


def default_expiry():
    return timezone.now() + timedelta(days=SHARE_LINK_DAYS)


class ShareLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A read-only link to a scan's results and report for a client manager without an account.

    The URL carries a signed token naming the link and its random key: a changed token fails
    the signature, and a revoked or expired link answers 404.
    """

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="share_links", verbose_name=_("scan")
    )
    key = models.CharField(max_length=32, default=new_share_key, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.scan}: {self.created_at:%Y-%m-%d}"

    @property
    def token(self) -> str:
        return signing.dumps({"id": self.pk, "key": self.key}, salt=SHARE_SALT, compress=True)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def from_token(cls, token: str) -> "ShareLink | None":
        """The usable link a token names, or None for a tampered, expired or revoked one."""
        try:
            data = signing.loads(token, salt=SHARE_SALT)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        return (
            cls.objects.usable()
            .select_related("scan__organisation", "scan__created_by")
            .filter(pk=data.get("id"), key=data.get("key"))
            .first()
        )


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
    """The KPIs measured at the time of the scan, from the raw counts (see scoring/kpis.py)."""

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
