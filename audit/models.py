"""An audit event: who did what, when, to what, from which address."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklists.models import Organisation
from consultancies.models import Consultancy


class AuditEvent(models.Model):
    """One thing that happened. Who and which organisation are kept twice: as a link (for
    filtering, emptied when the account or organisation goes) and as a name snapshot (so the
    event still reads after that; erasing an organisation replaces its name here).

    `details` never holds a password, token, secret or share-link key: `events.record` drops
    any such key before the row is written.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Login failed")
        LOCKED_OUT = "locked_out", _("Locked out")
        MFA_ADDED = "mfa_added", _("Two-factor method added")
        MFA_REMOVED = "mfa_removed", _("Two-factor method removed")
        SSO_CHANGED = "sso_changed", _("Single sign-on settings changed")
        MEMBER_ADDED = "member_added", _("Member added")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        MEMBER_ROLE_CHANGED = "member_role_changed", _("Member's role changed")
        SHARE_LINK_CREATED = "share_link_created", _("Share link made")
        SHARE_LINK_REVOKED = "share_link_revoked", _("Share link revoked")
        TOKEN_CREATED = "token_created", _("API token made")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        EXPORTED = "exported", _("Exported")
        REPORT_DOWNLOADED = "report_downloaded", _("Report downloaded")
        EVIDENCE_DOWNLOADED = "evidence_downloaded", _("Evidence file downloaded")
        SCAN_COMPLETED = "scan_completed", _("Scan completed")
        SCAN_REOPENED = "scan_reopened", _("Scan reopened")
        SCAN_DELETED = "scan_deleted", _("Scan deleted")
        ORGANISATION_EXPORTED = "organisation_exported", _("Organisation's data exported")
        ORGANISATION_ERASED = "organisation_erased", _("Organisation erased")
        ACCOUNT_EXPORTED = "account_exported", _("Account data exported")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        CONTENT_EDITED = "content_edited", _("Content edited in the admin")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation (name)"), max_length=200, blank=True)
    # Whose trail it is: the organisation's consultancy, or the actor's. Its owners read it.
    consultancy = models.ForeignKey(
        Consultancy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultancy"),
    )
    client_address = models.CharField(_("address"), max_length=45, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or '–'} {self.action}"
