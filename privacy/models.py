"""An organisation's data as one ZIP, made in the background and offered for a limited time."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklists.models import Organisation


def export_path(instance: "OrganisationExport", filename: str) -> str:
    """A name chosen by the server: the organisation's folder and a random name."""
    return f"exports/{instance.organisation_id}/{secrets.token_hex(12)}.zip"


def default_expiry():
    return timezone.now() + timedelta(days=settings.CXSCAN_EXPORT_DAYS)


class OrganisationExportQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(expires_at__lte=timezone.now())

    def offered(self):
        return self.filter(expires_at__gt=timezone.now())


class OrganisationExport(models.Model):
    """One ZIP of everything about an organisation (privacy.exporter), asked for by a consultant.

    Made by a background task; offered until `expires_at` (CXSCAN_EXPORT_DAYS), then its file
    is deleted by `manage.py retention` or by the first request that finds it expired. Served
    only to those who may see the organisation (checklists.access), always as a download.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    requested_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to=export_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("offered until"), default=default_expiry)
    error = models.TextField(_("error"), blank=True, default="")

    objects = OrganisationExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("organisation export")
        verbose_name_plural = _("organisation exports")

    def __str__(self):
        return f"{self.organisation}: {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def download_name(self) -> str:
        return f"organisation-{self.organisation_id}-{self.requested_at:%Y%m%d-%H%M}.zip"
