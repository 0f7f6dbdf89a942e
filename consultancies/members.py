"""A consultancy's owner manages its members: invite by e-mail, change a role, remove one.

Each change runs under a lock on the consultancy's row, so two owners demoting or removing each
other at the same moment cannot leave the consultancy without an owner.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Consultancy, Invitation, Membership, membership_of
from .signals import member_added, member_removed, member_role_changed

logger = logging.getLogger(__name__)


class Refused(Exception):
    """A change the rules do not allow; `message` says why, for the owner to read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def owned_consultancy(user) -> Consultancy:
    """The consultancy `user` owns; 404 for anyone else (its consultants, other consultancies'
    members, platform staff: they use the admin)."""
    membership = membership_of(user)
    if membership is None or not membership.is_owner:
        raise Http404("Only a consultancy's owner manages it.")
    return membership.consultancy


def locked(consultancy: Consultancy) -> Consultancy:
    return Consultancy.objects.select_for_update().get(pk=consultancy.pk)


def keep_an_owner(consultancy: Consultancy, leaving: Membership) -> None:
    owners = consultancy.memberships.filter(role=Membership.Role.OWNER).exclude(pk=leaving.pk)
    if leaving.is_owner and not owners.exists():
        raise Refused(_("A consultancy keeps at least one owner: make someone else owner first."))


@transaction.atomic
def change_role(
    consultancy: Consultancy, membership_id: int, role: str, *, request=None
) -> Membership:
    locked(consultancy)
    membership = consultancy.memberships.select_related("user").get(pk=membership_id)
    if role != Membership.Role.OWNER:
        keep_an_owner(consultancy, membership)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        member_role_changed.send(sender=Consultancy, membership=membership, request=request)
    return membership


@transaction.atomic
def remove(consultancy: Consultancy, membership_id: int, *, request=None) -> Membership:
    """The member leaves: their account stays (and sees no client any more), the
    organisations they worked on stay with the consultancy."""
    locked(consultancy)
    membership = consultancy.memberships.select_related("user").get(pk=membership_id)
    keep_an_owner(consultancy, membership)
    membership.delete()
    member_removed.send(
        sender=Consultancy, consultancy=consultancy, user=membership.user, request=request
    )
    return membership


def account_with(email: str):
    User = get_user_model()
    return User._default_manager.filter(**{f"{User.get_email_field_name()}__iexact": email})


@transaction.atomic
def invite(consultancy: Consultancy, email: str, role: str, *, invited_by, request) -> Invitation:
    """An invitation, and its mail queued for the task worker once this commits."""
    if account_with(email).filter(membership__isnull=False).exists():
        raise Refused(_("An account with this address already belongs to a consultancy."))
    invitation = Invitation.objects.create(
        consultancy=consultancy, email=email, role=role, invited_by=invited_by
    )
    arguments = {
        "invitation_id": invitation.pk,
        "base_url": request.build_absolute_uri("/").rstrip("/"),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    transaction.on_commit(lambda: send_invitation.enqueue(**arguments))
    return invitation


@task
def send_invitation(invitation_id: int, base_url: str, language: str) -> str:
    """Send the invitation mail from the task worker (the link is made here, not queued)."""
    invitation = (
        Invitation.objects.select_related("consultancy", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return "no pending invitation"
    context = {
        "invitation": invitation,
        "link": base_url + reverse("consultancies:invitation", args=[invitation.token]),
        "days": Invitation.DAYS,
    }
    with translation.override(language):
        subject = "".join(
            render_to_string("consultancies/invitation_subject.txt", context).splitlines()
        )
        body = render_to_string("consultancies/invitation_email.txt", context)
    EmailMessage(subject, body, None, [invitation.email]).send()
    return "sent"


@transaction.atomic
def accept(invitation: Invitation, user, *, request=None) -> Membership:
    """`user` (just made or given a password by the invitation's form) becomes a member."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise Refused(_("This invitation was used already."))
    if Membership.objects.filter(user=user).exists():
        raise Refused(_("An account with this address already belongs to a consultancy."))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    membership = Membership.objects.create(
        user=user, consultancy=invitation.consultancy, role=invitation.role
    )
    member_added.send(sender=Consultancy, membership=membership, request=request)
    return membership
