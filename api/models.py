"""A user's named API tokens, stored as hashes only."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Recognisable in a script, a log or a secret scanner's rules.
PREFIX = "cxs_"
# How stale `last_used_at` may get: writing it on every request would make each read a write.
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """sha256 of the whole token. The secret has 256 random bits, so a plain hash is enough: no
    salt or slow hash is needed against guessing, and a lookup by hash stays one indexed query."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for the read-only API. It acts as its user: it sees what they see.

    The secret is shown once, when the token is made (`issue`); the database keeps only its
    hash, so a copy of the database opens nothing. Revoking keeps the row, so the user still
    sees when the token was made and last used.
    """

    MAX_ACTIVE_PER_USER = 20

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “Power BI”.")
    )
    key_hash = models.CharField(_("hash of the secret"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return self.name

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """A new token for `user` and its secret: the only time the secret exists in clear."""
        secret = PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_secret(secret)), secret

    @classmethod
    def authenticate(cls, secret: str) -> "ApiToken | None":
        """The active token of an active user with this secret, or None. One query, plus an
        update of `last_used_at` at most once per TOUCH_INTERVAL."""
        if not secret.startswith(PREFIX) or len(secret) > 100:
            return None
        token = (
            cls.objects.active()
            .filter(key_hash=hash_secret(secret), user__is_active=True)
            .select_related("user__membership")  # the consultancy scopes what the token reads
            .first()
        )
        if token is not None:
            token.touch()
        return token

    def touch(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= TOUCH_INTERVAL:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
