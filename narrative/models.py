"""The consultant's words on a scan's results: one row per text (the executive summary, an
area's or a pillar's commentary), kept with who wrote it last and when. A text emptied is
deleted: a row always holds words."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklists.models import Scan

# Long enough for a page of prose per text; a paste of a whole document is refused with a
# message (`forms.NarrativeForm`) rather than stored and then overflowing every output.
MAX_LENGTH = 10_000


class NarrativeText(models.Model):
    """One text the consultant wrote on a scan's results, in the scan's language."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("Executive summary")
        AREA = "area", _("Commentary on an area")
        PILLAR = "pillar", _("Commentary on a pillar")

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="narrative_texts", verbose_name=_("scan")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.SlugField(
        _("code"), max_length=50, blank=True, help_text=_("The area's or pillar's code.")
    )
    text = models.TextField(
        _("text"),
        max_length=MAX_LENGTH,
        help_text=_("Paragraphs, bullet lists (“- ”) and **bold**."),
    )
    # Who wrote it last: the account while it exists, and the name as it was, so the texts
    # outlive a deleted account (privacy) without losing that someone wrote them.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_by_name = models.CharField(_("written by (name)"), max_length=150, blank=True)
    written_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("consultant's text")
        verbose_name_plural = _("consultant's texts")
        constraints = [
            models.UniqueConstraint(fields=["scan", "kind", "code"], name="one_text_per_place"),
            models.CheckConstraint(
                condition=models.Q(kind="summary", code="")
                | (~models.Q(kind="summary") & ~models.Q(code="")),
                name="code_for_sections_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}".strip()

    @property
    def key(self) -> str:
        """ "summary", "area:<code>" or "pillar:<code>"."""
        return self.kind if self.kind == self.Kind.SUMMARY else f"{self.kind}:{self.code}"
