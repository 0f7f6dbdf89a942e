"""Consultancies (tenants) and their members.

A user belongs to at most one consultancy (the unique user of `Membership`); platform staff are
superusers and may belong to none. An owner manages the consultancy's members and settings and
sees all its organisations; a consultant sees the organisations they are assigned to.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_SALT = "consultancies.invitation"


def new_key() -> str:
    return secrets.token_urlsafe(32)


class Consultancy(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    contributes_to_benchmarks = models.BooleanField(
        _("contributes to benchmarks"),
        default=False,
        help_text=_(
            "The latest results of this consultancy's organisations count in the benchmark that "
            "every consultancy sees (without names). Off: they are left out."
        ),
    )
    require_mfa = models.BooleanField(
        _("require two-factor login"),
        default=False,
        help_text=_("Every member must set up two-factor login before anything else."),
    )
    sso_only = models.BooleanField(
        _("single sign-on only"),
        default=False,
        help_text=_(
            "Members log in only through the consultancy's identity provider: no password "
            "login, reset or change (platform staff excepted)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("consultancy")
        verbose_name_plural = _("consultancies")

    def __str__(self):
        return self.name

    @classmethod
    def first(cls) -> "Consultancy | None":
        """The installation's first consultancy (the one existing data migrated into)."""
        return cls.objects.order_by("pk").first()


class Membership(models.Model):
    """A user's place in a consultancy; one per user (`user` is unique: a database constraint)."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        CONSULTANT = "consultant", _("Consultant")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    consultancy = models.ForeignKey(
        Consultancy,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("consultancy"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.CONSULTANT)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        ordering = ["consultancy", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.consultancy})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


def membership_of(user) -> Membership | None:
    """The user's membership (with its consultancy), or None: anonymous, platform staff without
    one, or an account not (yet) in any consultancy. Read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    related = get_user_model().membership.related  # the reverse one-to-one: cached on the user
    if not related.is_cached(user):  # one query for both, and none the next time
        found = Membership.objects.select_related("consultancy").filter(user=user).first()
        related.set_cached_value(user, found)
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def consultancy_of(user) -> Consultancy | None:
    membership = membership_of(user)
    return membership.consultancy if membership else None


def members_of(consultancy: Consultancy):
    """The active accounts that are members of the consultancy."""
    return get_user_model().objects.filter(is_active=True, membership__consultancy=consultancy)


class Invitation(models.Model):
    """An e-mail invitation to become a member. The mail carries a signed link naming the
    invitation and its random key; it works once and for `DAYS` days."""

    DAYS = 7

    consultancy = models.ForeignKey(
        Consultancy,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("consultancy"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=Membership.Role.choices,
        default=Membership.Role.CONSULTANT,
    )
    key = models.CharField(max_length=43, default=new_key, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} ({self.consultancy})"

    @property
    def token(self) -> str:
        return signing.dumps({"id": self.pk, "key": self.key}, salt=INVITATION_SALT)

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=self.DAYS)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at

    @classmethod
    def from_token(cls, token: str) -> "Invitation | None":
        """The pending invitation the token names, or None: forged, expired or used."""
        try:
            data = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=cls.DAYS))
            pk, key = int(data["id"]), str(data["key"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None
        invitation = (
            cls.objects.select_related("consultancy").filter(pk=pk, accepted_at=None).first()
        )
        if invitation is None or not secrets.compare_digest(invitation.key, key):
            return None
        return invitation if invitation.is_pending else None
