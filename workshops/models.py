"""A workshop on a scan: participants vote on the statements of some areas from their own
devices; the consultant records the consensus as the scan's answer."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from checklists.models import Area, Item, Scan

# No look-alikes: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8  # 25**8 ≈ 1.5e11 codes: not guessable at the rate limit of joins
NAME_MAX_LENGTH = 40
COMMENT_MAX_LENGTH = 500


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Workshop(models.Model):
    class Pace(models.TextChoices):
        SELF = "self", _("Self-paced: participants walk the areas in their own order")
        FOLLOW = "follow", _("Follow the facilitator: phones show the statement on the screen")

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("scan")
    )
    code = models.CharField(_("join code"), max_length=CODE_LENGTH, unique=True, default=new_code)
    areas = models.ManyToManyField(Area, related_name="+", verbose_name=_("areas"))
    # Following the facilitator by default: the projector and the phones show the same statement,
    # so the room's votes land where everybody is looking.
    pace = models.CharField(_("pace"), max_length=6, choices=Pace.choices, default=Pace.FOLLOW)
    hide_votes = models.BooleanField(
        _("hide the votes on the screen until they are revealed"),
        default=True,
        help_text=_(
            "The room sees how many voted, not how, until you reveal the votes: nobody follows "
            "the first bars."
        ),
    )
    # Whether the votes on the statement on the screen are revealed; back to hidden at every move.
    revealed = models.BooleanField(default=False)
    # The statement on the projector (and, at the facilitator's pace, on every phone).
    current_item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-created_at"]
        constraints = [
            # One open workshop per scan at a time: the room is in one place.
            models.UniqueConstraint(
                fields=["scan"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_workshop_per_scan",
            )
        ]

    def __str__(self):
        return f"{self.scan} · {self.code}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Participant(models.Model):
    """Someone in the room, known only by a display name (may be empty) and a signed cookie."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    token = models.CharField(max_length=32, unique=True, default=new_token)
    name = models.CharField(_("display name"), max_length=NAME_MAX_LENGTH, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name or str(_("Anonymous"))


class Vote(models.Model):
    """One participant's view of one statement: 0–4 or not applicable, and a comment."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    # Denormalised from the participant: the room's figures are read per workshop and item.
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="one_vote_per_item"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=4),
                name="vote_on_the_scale",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "item"])]

    def __str__(self):
        return f"{self.item_id}: {'N/A' if self.not_applicable else self.value}"

    @property
    def counts(self) -> bool:
        return self.value is not None or self.not_applicable
