"""Client organisations and their scans: who may see a scan, and which scan it follows up."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Organisation(models.Model):
    """A client organisation of one consultancy. Only its consultants, the consultancy's owners
    and platform staff (superusers) may see it and its scans (checklists.access)."""

    class SizeBand(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 or more employees")

    consultancy = models.ForeignKey(
        "consultancies.Consultancy",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("consultancy"),
        help_text=_("The consultancy whose client this is; only its members may see it."),
    )
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
