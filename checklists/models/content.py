"""The checklist content: areas, pillars, topics, items, tips and maturity levels.

Texts are stored twice, as plain `<field>_nl` and `<field>_en` columns. Two fixed languages do
not need a translation framework: plain columns keep fixtures, CSV import/export and the admin
(both languages side by side) obvious, and `translated("name")` picks the active language.
"""

import itertools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

CONTENT_LANGUAGES = ("nl", "en")


def active_content_language() -> str:
    language = (get_language() or CONTENT_LANGUAGES[0]).split("-")[0]
    return language if language in CONTENT_LANGUAGES else CONTENT_LANGUAGES[0]


def translated(field: str) -> property:
    """A read-only attribute with `<field>_<language>` in the active language, Dutch as fallback."""

    def getter(self) -> str:
        value = getattr(self, f"{field}_{active_content_language()}")
        return value or getattr(self, f"{field}_{CONTENT_LANGUAGES[0]}")

    getter.__doc__ = f"{field} in the active language"
    return property(getter)


class CodeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Content(models.Model):
    """Shared by every kind of content: a stable `code` (the natural key) and a position."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Stable identifier used by fixtures and imports. Do not change it."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = CodeManager()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self):
        return getattr(self, "name", None) or self.code

    def natural_key(self):
        return (self.code,)


class Section(Content):
    """An area or a pillar: the two ways of grouping items that get a score."""

    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    name = translated("name")
    description = translated("description")

    class Meta(Content.Meta):
        abstract = True


class Area(Section):
    """One of the four areas of the CX management checklist (purpose, journey, ...)."""

    class Meta(Section.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class Pillar(Section):
    """One of the six CXPA pillars of customer experience."""

    class Meta(Section.Meta):
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")


class Topic(Content):
    """An optional sub-heading inside an area, such as the ecosystem's "Delivery"."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="topics", verbose_name=_("area")
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    name = translated("name")

    class Meta(Content.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class ItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


ItemManager = CodeManager.from_queryset(ItemQuerySet)


class Item(Content):
    """One statement the client scores 0–4. It counts towards its area and its pillar."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="items", verbose_name=_("area")
    )
    pillar = models.ForeignKey(
        Pillar, on_delete=models.PROTECT, related_name="items", verbose_name=_("pillar")
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="items",
        null=True,
        blank=True,
        verbose_name=_("topic"),
    )
    statement_nl = models.TextField(_("statement (Dutch)"))
    statement_en = models.TextField(_("statement (English)"))
    guidance_nl = models.TextField(
        _("guidance (Dutch)"), blank=True, help_text=_('What "fully in place" looks like.')
    )
    guidance_en = models.TextField(
        _("guidance (English)"), blank=True, help_text=_('What "fully in place" looks like.')
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("1 (normal) to 3 (foundation): how much the item counts in its sections."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive items are left out of new scans; answered items stay in old ones."),
    )

    # The stubs' plugin takes a from_queryset() manager replacing the base's for a clash.
    objects = ItemManager()  # type: ignore[misc]

    statement = translated("statement")
    guidance = translated("guidance")

    class Meta(Content.Meta):
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=3), name="item_weight_1_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.statement}"

    def clean(self):
        if self.topic is not None and self.area_id and self.topic.area_id != self.area_id:
            raise ValidationError({"topic": _("This topic belongs to another area than the item.")})


class Tip(Content):
    """A do or a don't from the method, shown beside the items of its area or pillar."""

    class Kind(models.TextChoices):
        DO = "do", _("Do")
        DONT = "dont", _("Don't")

    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices, default=Kind.DO)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="tips",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    pillar = models.ForeignKey(
        Pillar,
        on_delete=models.PROTECT,
        related_name="tips",
        null=True,
        blank=True,
        verbose_name=_("pillar"),
    )
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))

    text = translated("text")

    class Meta(Content.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(area__isnull=False, pillar__isnull=True)
                    | models.Q(area__isnull=True, pillar__isnull=False)
                ),
                name="tip_on_area_or_pillar",
                violation_error_message=_("A tip belongs to an area or to a pillar, not both."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"

    def clean(self):
        if bool(self.area_id) == bool(self.pillar_id):
            raise ValidationError(_("Choose an area or a pillar for this tip (exactly one)."))


def level_bounds_errors(bounds: list[int]) -> list[StrOrPromise]:
    """What is wrong with level bounds in level order: they start at 0, rise, stay ≤ 100."""
    errors: list[StrOrPromise] = []
    if not bounds:
        return errors
    if bounds[0] != 0:
        errors.append(_("The lowest level must start at 0%."))
    if any(later <= earlier for earlier, later in itertools.pairwise(bounds)):
        errors.append(_("Each level must start higher than the level below it."))
    if any(bound > 100 or bound < 0 for bound in bounds):
        errors.append(_("Lower bounds must lie between 0% and 100%."))
    return errors


class MaturityLevelManager(models.Manager):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class MaturityLevel(models.Model):
    """A maturity level: a section whose score reaches `lower_bound` has at least this level."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    lower_bound = models.PositiveSmallIntegerField(
        _("lower bound (%)"),
        validators=[MaxValueValidator(100)],
        help_text=_("The lowest score (0–100) at which a section has this level."),
    )
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"))

    objects = MaturityLevelManager()

    name = translated("name")
    description = translated("description")

    class Meta:
        ordering = ["number"]
        verbose_name = _("maturity level")
        verbose_name_plural = _("maturity levels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lower_bound__lte=100), name="level_bound_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    def natural_key(self):
        return (self.number,)

    def clean(self):
        """Check this level's bound against the others, as they would be after saving."""
        if self.lower_bound is None or self.number is None:
            return
        bounds = dict(
            MaturityLevel.objects.exclude(pk=self.pk).values_list("number", "lower_bound")
        )
        bounds[self.number] = self.lower_bound
        errors = level_bounds_errors([bounds[number] for number in sorted(bounds)])
        if errors:
            raise ValidationError({"lower_bound": errors})
