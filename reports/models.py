"""The stored PDF reports of a scan's last completion, and the share links that open them."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklists.models import Scan

SHARE_LINK_DAYS = 30
# Unchanged since the links were made in the scoring app: links sent before the move still open.
SHARE_SALT = "scoring.share-link"


class StoredReportQuerySet(models.QuerySet):
    def out_of_date(self, **fields) -> int:
        """Mark these reports out of date (a new version wanted) with a clean slate of attempts;
        `fields` are set too. Returns how many."""
        return self.update(version=F("version") + 1, attempts=0, failed_at=None, **fields)


class StoredReport(models.Model):
    """The PDF report of a completed scan in one language, rendered in the background.

    `variant` names its audience: "" is the consultant's full report; a share link's client gets
    the variant of what that link allows (`ClientView.variant`, e.g. "client:names:1"), rendered
    when a link first asks for it and marked out of date with the consultant's.

    `version` counts what the report should show: completing the scan and every change to its
    plan, KPIs or targets (or the branding) add one. The stored PDF is current when
    `rendered_version` has caught up. A worker claims the rendering for `LEASE` by writing
    `rendering_since` and its `renderer` token in one conditional UPDATE, so two workers never
    render the same report at the same time (reports.stored).
    """

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="stored_reports", verbose_name=_("scan")
    )
    language = models.CharField(_("language"), max_length=2)
    variant = models.CharField(_("variant"), max_length=16, blank=True, default="")
    completed_at = models.DateTimeField(_("completion"))
    pdf = models.BinaryField(blank=True, default=b"")
    version = models.PositiveIntegerField(_("version wanted"), default=1)
    rendered_version = models.PositiveIntegerField(_("version stored"), default=0)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    rendering_since = models.DateTimeField(_("rendering since"), null=True, blank=True)
    renderer = models.CharField(max_length=32, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    objects = StoredReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("stored report")
        verbose_name_plural = _("stored reports")
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "language", "variant"], name="one_report_per_variant"
            )
        ]

    def __str__(self):
        if self.variant:
            return f"{self.scan} ({self.language}, {self.variant})"
        return f"{self.scan} ({self.language})"

    @property
    def is_ready(self) -> bool:
        """A PDF of the wanted version is stored (none is stored before the first render)."""
        return self.rendered_version >= self.version


@dataclass(frozen=True)
class ClientView:
    """What a share link lets its client see in the report: evidence "none" or "names" (the
    files' names only), and the answers' notes or not. The consultant's report has none."""

    evidence: str = "none"
    notes: bool = False

    @property
    def variant(self) -> str:
        """The stored report's key of this view: every link with the same choices shares it."""
        return f"client:{self.evidence}:{int(self.notes)}"

    @classmethod
    def from_variant(cls, variant: str) -> "ClientView | None":
        """The view a stored report's variant names; None for the consultant's ("")."""
        if not variant:
            return None
        kind, evidence, notes = variant.split(":")
        if kind != "client" or evidence not in ShareLink.Evidence.values or notes not in ("0", "1"):
            raise ValueError(f"Not a report variant: {variant!r}")
        return cls(evidence=evidence, notes=notes == "1")


def new_share_key() -> str:
    """128 random bits, URL-safe: 22 characters."""
    return secrets.token_urlsafe(16)


def default_expiry():
    return timezone.now() + timedelta(days=SHARE_LINK_DAYS)


# What a share link may offer for download, each a field of ShareLink.
DOWNLOADS = ("full_pdf", "summary_pdf", "deck", "document")


class ShareLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A read-only link to a scan's results and report for a client manager without an account.

    The URL carries a signed token naming the link and its random key: a changed token fails
    the signature, and a revoked or expired link answers 404. The consultant chooses per link
    what the client sees beyond the results: evidence (none, or the file names only; never the
    typed evidence or links, which may point into the client's or the consultancy's own
    systems) and the answers' notes. Both default to hidden. And which downloads it offers: the
    full PDF (with the answer appendix) and the summary-only PDF by default, the deck and the Word
    document only when chosen; none at all leaves the results page alone.
    """

    class Evidence(models.TextChoices):
        NONE = "none", _("No evidence")
        NAMES = "names", _("File names only")

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
    evidence = models.CharField(
        _("evidence"), max_length=5, choices=Evidence.choices, default=Evidence.NONE
    )
    notes = models.BooleanField(
        _("notes"), default=False, help_text=_("Show the notes typed with the answers.")
    )
    full_pdf = models.BooleanField(_("full PDF report"), default=True)
    summary_pdf = models.BooleanField(_("summary-only PDF report"), default=True)
    deck = models.BooleanField(_("deck (PowerPoint)"), default=False)
    document = models.BooleanField(_("Word document"), default=False)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.scan}: {self.created_at:%Y-%m-%d}"

    @property
    def token(self) -> str:
        """The link's address part. Signing stamps the second it is made, so it is made once per
        saved instance: every address built from one link (in a page, or a test) is the same."""
        token = self.__dict__.get("_token")
        if token is None:
            token = signing.dumps({"id": self.pk, "key": self.key}, salt=SHARE_SALT, compress=True)
            if self.pk is not None:
                self.__dict__["_token"] = token
        return token

    @property
    def view(self) -> ClientView:
        """What this link's client sees of the report."""
        return ClientView(evidence=self.evidence, notes=self.notes)

    @property
    def downloads(self) -> list[str]:
        """The names of the downloads this link offers, in the share panel's order."""
        return [name for name in DOWNLOADS if getattr(self, name)]

    def allows_pdf(self, appendix: bool) -> bool:
        """The PDF with the answer appendix, or the summary only, is offered by this link."""
        return self.full_pdf if appendix else self.summary_pdf

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
