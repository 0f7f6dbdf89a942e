"""Each consultancy's branding (name, logo, accent): one record per consultancy, edited by its
owner in the app (consultancies.views) or by platform staff in the admin.

Kept as its own model beside `Consultancy` rather than folded into it: the logo's storage
rules, its clean-up and the signal that re-renders stored reports when a branding changes stay
as they were, and a consultancy without a record simply shows the product's default."""

import secrets
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultancies.models import Consultancy, membership_of

from .logos import FORMATS, logo_format, validate_logo

CACHE_KEY = "branding.consultancy.{}"
CACHE_SECONDS = 300  # other processes see an edit within five minutes; this one at once
DEFAULT_ACCENT = "#0b3d91"
DARK_TEXT = "#212529"
WHITE = "#ffffff"


def logo_path(instance: "Branding", filename: str) -> str:
    """A name chosen by the server; the extension was set from the content (Branding.save)."""
    return f"branding/logo-{secrets.token_hex(8)}{PurePosixPath(filename).suffix}"


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours written as #rrggbb."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix_with_white(colour: str, white: float) -> str:
    """The colour mixed with `white` (0..1) parts of white, as #rrggbb."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in channels)


class Branding(models.Model):
    consultancy = models.OneToOneField(
        Consultancy,
        on_delete=models.CASCADE,
        related_name="branding",
        verbose_name=_("consultancy"),
    )
    name = models.CharField(
        _("consultancy name"),
        max_length=80,
        blank=True,
        help_text=_("Shown in the app header and on the report's cover and page headers."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to=logo_path,
        blank=True,
        validators=[validate_logo],
        help_text=_("A PNG or JPEG image of at most 1 MB, ideally about 3 times as wide as high."),
    )
    accent = models.CharField(
        _("accent colour"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[
            RegexValidator(
                r"^#[0-9a-fA-F]{6}\Z", _("Give the colour as # and six hexadecimal digits.")
            )
        ],
        help_text=_("The colour of the report cover, the headings' rules and the app header line."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("branding")

    def __str__(self):
        return self.name or str(_("Branding"))

    def save(self, *args, **kwargs):
        self.accent = self.accent.lower()
        # A new upload: named after what it really is. (`_committed` is Django's flag for a file
        # not yet saved to the storage; private, so django-stubs does not declare it.)
        if self.logo and not self.logo._committed:  # type: ignore[attr-defined]
            extension, _type = FORMATS[logo_format(self.logo.file)]
            self.logo.name = f"logo.{extension}"
        previous = type(self).objects.filter(pk=self.pk).values_list("logo", flat=True).first()
        super().save(*args, **kwargs)
        if previous and previous != self.logo.name:
            storage = self.logo.storage
            transaction.on_commit(lambda: storage.delete(previous))
        forget(self.consultancy_id)

    def delete(self, *args, **kwargs):
        name, storage = self.logo.name, self.logo.storage
        result = super().delete(*args, **kwargs)
        if name:
            transaction.on_commit(lambda: storage.delete(name))
        forget(self.consultancy_id)
        return result

    @property
    def on_accent(self) -> str:
        """White or dark text, whichever reads better on the accent colour."""
        white, dark = contrast(self.accent, WHITE), contrast(self.accent, DARK_TEXT)
        return WHITE if white >= dark else DARK_TEXT

    @property
    def accent_text(self) -> str:
        """The accent for text on white where it is readable (AA, 4.5:1), else dark text."""
        return self.accent if contrast(self.accent, WHITE) >= 4.5 else DARK_TEXT

    @property
    def accent_background(self) -> str:
        """A pale tint of the accent, for boxes that hold dark text."""
        return mix_with_white(self.accent, 0.93)

    @property
    def accent_border(self) -> str:
        return mix_with_white(self.accent, 0.75)

    @property
    def logo_file_name(self) -> str:
        return PurePosixPath(self.logo.name).name if self.logo.name else ""

    @property
    def logo_url(self) -> str:
        """Where browsers fetch the logo; empty when there is none."""
        return reverse("branding:logo", args=[self.logo_file_name]) if self.logo else ""

    def logo_bytes(self) -> bytes | None:
        """The stored logo, or None when there is none or it cannot be read."""
        if not self.logo:
            return None
        try:
            with self.logo.open("rb") as stored:
                return stored.read(1024 * 1024 + 1)
        except OSError:
            return None


def forget(consultancy_id: int | None) -> None:
    """Drop the consultancy's cached branding now, and again at commit (a request in between
    may cache the old one)."""
    key = CACHE_KEY.format(consultancy_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def branding_for(consultancy: Consultancy | int | None) -> Branding:
    """The consultancy's branding (cached); an unsaved default (the product's name and colour)
    when it never set one, or for no consultancy (platform staff, a visitor)."""
    consultancy_id = consultancy.pk if isinstance(consultancy, Consultancy) else consultancy
    if consultancy_id is None:
        return Branding()
    key = CACHE_KEY.format(consultancy_id)
    branding = cache.get(key)
    if branding is None:
        branding = Branding.objects.filter(consultancy=consultancy_id).first() or Branding()
        cache.set(key, branding, CACHE_SECONDS)
    return branding


def branding_of(user) -> Branding:
    """The branding of the user's consultancy (the default for platform staff and visitors)."""
    membership = membership_of(user)
    return branding_for(membership.consultancy_id if membership else None)
