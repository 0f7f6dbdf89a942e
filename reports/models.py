"""The stored PDF report of a scan's last completion, and the share links that open it."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklists.models import Scan

SHARE_LINK_DAYS = 30
# Unchanged since the links were made in the scoring app: links sent before the move still open.
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
            .select_related("scan__organisation", "scan__created_by", "scan__frozen_results")
            .filter(pk=data.get("id"), key=data.get("key"))
            .first()
        )
