"""The stored results of a scan's last completion: the frozen document and one row per section.

The document (see `scoring.record`) keeps every score, level and text as it was at completion,
so later content edits change nothing. The section rows repeat its scores and levels as columns,
so lists, the dashboard and comparisons query them without reading the document.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from checklists.models import Scan, active_content_language


class Results(models.Model):
    """The results frozen at a scan's last completion; kept when the scan is reopened."""

    scan = models.OneToOneField(
        Scan,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="frozen_results",
        verbose_name=_("scan"),
    )
    version = models.PositiveSmallIntegerField(_("document version"))
    document = models.JSONField(_("results document"), encoder=DjangoJSONEncoder)
    completed_at = models.DateTimeField(_("completed"))
    is_latest = models.BooleanField(
        _("latest of its organisation"),
        default=False,
        editable=False,
        help_text=_(
            "Set on the organisation's most recently completed results only (scoring.latest):"
            " benchmarks read these without searching all results."
        ),
    )

    class Meta:
        verbose_name = _("results")
        verbose_name_plural = _("results")
        indexes = [
            models.Index(fields=["is_latest"], condition=Q(is_latest=True), name="latest_results")
        ]

    def __str__(self):
        return f"{self.scan} ({self.completed_at:%Y-%m-%d})"


class SectionResultQuerySet(models.QuerySet):
    def overall(self):
        return self.filter(kind=SectionResult.Kind.OVERALL)


class SectionResult(models.Model):
    """The score, level and coverage of one section (overall, an area or a pillar) of a scan."""

    class Kind(models.TextChoices):
        OVERALL = "overall", _("Overall")
        AREA = "area", _("Area")
        PILLAR = "pillar", _("Pillar")

    results = models.ForeignKey(
        Results, on_delete=models.CASCADE, related_name="sections", verbose_name=_("results")
    )
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    code = models.CharField(
        _("code"), max_length=60, blank=True, help_text=_("The area or pillar; empty for overall.")
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    coverage = models.FloatField(_("coverage"))
    level_name_nl = models.CharField(_("level name (Dutch)"), max_length=60, blank=True)
    level_name_en = models.CharField(_("level name (English)"), max_length=60, blank=True)

    objects = SectionResultQuerySet.as_manager()

    class Meta:
        ordering = ["results", "kind", "code"]
        verbose_name = _("section result")
        verbose_name_plural = _("section results")
        constraints = [
            models.UniqueConstraint(fields=["results", "kind", "code"], name="one_row_per_section")
        ]

    def __str__(self):
        return f"{self.kind} {self.code}: {self.level_label}"

    @property
    def level_label(self) -> str:
        """ "3 Structured", in the active language; "" for a section without a level."""
        if self.level is None:
            return ""
        return f"{self.level} {getattr(self, f'level_name_{active_content_language()}')}".strip()


class Target(models.Model):
    """The level (1–5) a client aims for in one area or pillar, set with the consultant.

    Optional per section: a section without a row has no target. Targets belong to the scan,
    not to its frozen results, so they stay editable after completion (like the plan).
    """

    class Kind(models.TextChoices):
        AREA = "area", _("Area")
        PILLAR = "pillar", _("Pillar")

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("scan")
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=60, help_text=_("The area or pillar."))
    level = models.PositiveSmallIntegerField(
        _("target level"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("The maturity level to reach, 1 to 5."),
    )

    class Meta:
        ordering = ["scan", "kind", "code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["scan", "kind", "code"], name="one_target_per_section"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="target_level_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["area", "pillar"]), name="target_kind_area_or_pillar"
            ),
        ]

    def __str__(self):
        return f"{self.scan}: {self.kind} {self.code} → {self.level}"
