"""The checklist content: areas, pillars, topics, items, tips and maturity levels.

Texts are stored twice, as plain `<field>_nl` and `<field>_en` columns. Two fixed languages do
not need a translation framework: plain columns keep fixtures, CSV import/export and the admin
(both languages side by side) obvious, and `translated("name")` picks the active language.
"""

import itertools
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
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


class Organisation(models.Model):
    """A client organisation. Only its consultants (and staff) may see it and its scans."""

    class SizeBand(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 or more employees")

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="organisations",
        verbose_name=_("consultants"),
        help_text=_("The consultants who may see this organisation and its scans."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("checklists:organisation", args=[self.pk])


class Scan(models.Model):
    """The checklist answered for one organisation, in one language."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="scans", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        default="nl",
        help_text=_(
            "The language the scan, its results and its report open in; readers can switch."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    completed_at = models.DateTimeField(
        _("completed"),
        null=True,
        blank=True,
        help_text=_("When the scan was last completed; kept when it is reopened."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("previous scan"),
        help_text=_("The earlier completed scan of this organisation that this one follows up."),
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")

    def __str__(self):
        return f"{self.organisation}: {self.title}"

    def get_absolute_url(self):
        return reverse("checklists:scan", args=[self.pk])

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    def clean(self):
        if self.previous is not None:
            error = self.predecessor_error(self.previous)
            if error:
                raise ValidationError({"previous": error})

    def predecessor_error(self, previous: "Scan") -> StrOrPromise | None:
        """Why `previous` cannot be this scan's predecessor, or None when it can.

        A predecessor is an earlier completed scan of the same organisation: completed (it has
        frozen results to compare with; a reopened scan keeps its last completion) before this
        scan was started. That also rules out the scan itself and any cycle.
        """
        if previous.pk is not None and previous.pk == self.pk:
            return _("A scan cannot follow up itself.")
        if previous.organisation_id != self.organisation_id:
            return _("The previous scan must belong to the same organisation.")
        if previous.completed_at is None:
            return _("The previous scan must be completed.")
        started = self.created_at or timezone.now()
        if previous.completed_at >= started:
            return _("The previous scan must have been completed before this scan was started.")
        return None


class AnswerQuerySet(models.QuerySet):
    def answered(self):
        """Answers with a value or marked not applicable: what counts towards coverage."""
        return self.filter(models.Q(value__isnull=False) | models.Q(not_applicable=True))

    def unconfirmed(self):
        """Answers carried over from the previous scan that nobody has confirmed or changed."""
        return self.filter(carried_over_from__isnull=False)


class Answer(models.Model):
    """One item scored in one scan: a value 0–4, or not applicable, and an optional note.

    A row may hold only a note (typed before a value was chosen): it is kept, and counts as
    unanswered until it has a value or is marked not applicable.
    """

    class Value(models.IntegerChoices):
        NOT_IN_PLACE = 0, _("Not in place")
        # Not "Ad hoc": that is the name of maturity level 1, and all-1 answers score level 2.
        OCCASIONAL = 1, _("Occasional")
        PARTLY = 2, _("Partly in place")
        LARGELY = 3, _("Largely in place")
        FULLY = 4, _("Fully embedded and improved")

    class Confidence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    NOTE_MAX_LENGTH = 2000
    EVIDENCE_MAX_LENGTH = 2000
    EVIDENCE_LINK_MAX_LENGTH = 500
    NOT_APPLICABLE = "na"  # how forms, exports and the scan page write "not applicable"

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="answers", verbose_name=_("scan")
    )
    # PROTECT: an item that has answers can be deactivated, never deleted.
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    value = models.PositiveSmallIntegerField(
        _("value"), choices=Value.choices, null=True, blank=True
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    carried_over_from = models.DateField(
        _("carried over from"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the answer was copied from the previous scan (the date it was completed);"
            " cleared when the consultant confirms or changes the answer."
        ),
    )

    confidence = models.CharField(
        _("confidence"),
        max_length=6,
        choices=Confidence.choices,
        blank=True,
        help_text=_("How sure the consultant is of this answer; empty when not said."),
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        max_length=EVIDENCE_MAX_LENGTH,
        help_text=_("What backs the answer: a document, a figure, an observation."),
    )
    evidence_link = models.URLField(
        _("evidence link"),
        blank=True,
        max_length=EVIDENCE_LINK_MAX_LENGTH,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address of a document that backs the answer (http or https)."),
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["scan", "item"], name="one_answer_per_scan_item"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=4),
                name="answer_value_0_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(not_applicable=False) | models.Q(value__isnull=True),
                name="answer_value_or_not_applicable",
            ),
        ]

    def __str__(self):
        return f"{self.scan_id}/{self.item_id}: {self.choice}"

    @property
    def choice(self) -> str:
        """The answer as the scan form posts it: "0"–"4", "na", or "" when not yet scored."""
        return self.choice_for(self.value, self.not_applicable)

    @classmethod
    def choice_for(cls, value: int | None, not_applicable: bool) -> str:
        """`choice` from the two fields, for code that reads them without making an Answer."""
        if not_applicable:
            return cls.NOT_APPLICABLE
        return "" if value is None else str(value)


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    """A name chosen by the server: the scan's folder, a random name, the extension of the
    type recognised from the content (the caller passes a name ending in it)."""
    suffix = PurePosixPath(filename).suffix
    return f"evidence/{instance.answer.scan_id}/{secrets.token_hex(12)}{suffix}"


class EvidenceFile(models.Model):
    """A file that backs an answer. Stored through Django's storage API under a server-chosen
    name; served only by a view that checks the user may see the scan, always as a download."""

    MAX_BYTES = 10 * 1024 * 1024
    SCAN_QUOTA_BYTES = 50 * 1024 * 1024

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="evidence_files", verbose_name=_("answer")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    name = models.CharField(
        _("file name"), max_length=200, help_text=_("The name the file was uploaded with.")
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.name
