"""Recording audit events, and reading them: the one function each for writing and choosing."""

import re
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import HttpRequest

from checklists.models import Organisation
from consultancies.models import Membership, membership_of
from cxscan.client_address import client_ip

from .models import AuditEvent

Action = AuditEvent.Action

# A details key that could carry something that opens a door is never stored, whatever its
# value: a password, a token or its secret, a share link's key, a session, a signature.
SECRET_KEY_NAME = re.compile(
    r"pass|token|secret|key|session|signature|otp|recovery|credential", re.I
)
REMOVED = "[removed]"


def scrubbed(value: Any) -> Any:
    """`value` with every entry whose key names a secret replaced, at any depth."""
    if isinstance(value, dict):
        return {
            str(key): REMOVED if SECRET_KEY_NAME.search(str(key)) else scrubbed(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrubbed(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def organisation_of(obj: Any) -> Organisation | None:
    """The organisation an object belongs to: itself, its scan's, or none."""
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj
    if hasattr(obj, "organisation_id"):  # a scan
        return obj.organisation
    if hasattr(obj, "scan_id"):  # a share link, an answer, a workshop
        return obj.scan.organisation
    return None


def record(
    request: HttpRequest | None,
    action: str,
    obj: Any = None,
    *,
    actor=None,
    actor_label: str = "",
    organisation: Organisation | None = None,
    label: str = "",
    details: dict | None = None,
    consultancy=None,
) -> AuditEvent:
    """Write one event. Who is `actor`, or the request's user; `actor_label` names someone
    without an account (a failed login's user name, a share link's visitor). The organisation is
    `organisation`, or the one `obj` belongs to. `details` is scrubbed of anything secret."""
    user = getattr(request, "user", None) if actor is None else actor
    if user is not None and not user.is_authenticated:
        user = None
    if organisation is None:
        organisation = organisation_of(obj)
    if consultancy is not None:
        consultancy_id = consultancy.pk
    elif organisation is not None:
        consultancy_id = organisation.consultancy_id
    else:
        membership = membership_of(user) or (obj if isinstance(obj, Membership) else None)
        consultancy_id = membership.consultancy_id if membership else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(user.get_username() if user is not None else actor_label)[:150],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk)[:64] if obj is not None and obj.pk is not None else "",
        object_label=(label or (str(obj) if obj is not None else ""))[:200],
        organisation=organisation,
        organisation_name=organisation.name if organisation is not None else "",
        consultancy_id=consultancy_id,
        client_address=client_ip(request) if request is not None else "",
        details=scrubbed(details or {}),
    )


def forget_organisation(organisation: Organisation, replacement: str) -> int:
    """Replace the organisation's name in its events (its name snapshot, and the labels of its
    objects, such as "Acme Retail: Scan 2026"), before it is erased: the events stay, saying
    what happened, without naming the client. Returns how many events were changed."""
    name = organisation.name
    return AuditEvent.objects.filter(organisation=organisation).update(
        organisation_name=replacement,
        object_label=Replace("object_label", Value(name), Value(replacement)),
    )


def forget_actor(user, replacement: str) -> int:
    """Replace a deleted account's name in the events it did or that name it (a failed login
    under its user name), before the account goes: the events stay, without the person's name.
    Returns how many events were changed."""
    username = user.get_username()
    return AuditEvent.objects.filter(Q(actor=user) | Q(actor_label=username)).update(
        actor_label=replacement
    )


def may_read(user) -> bool:
    """Whether `user` reads any of the audit trail (its page and CSV): platform staff, and a
    consultancy's owners (their own consultancy's events)."""
    if not user.is_active:
        return False
    membership = membership_of(user)
    return user.is_superuser or (membership is not None and membership.is_owner)


def visible_events(user) -> QuerySet[AuditEvent]:
    """The events `user` may read, the one place that decides (with `may_read`): platform
    staff (superusers) read all of them, a consultancy's owner their consultancy's."""
    if not may_read(user):
        return AuditEvent.objects.none()
    if user.is_superuser:
        return AuditEvent.objects.all()
    membership = membership_of(user)
    assert membership is not None  # may_read: an owner
    return AuditEvent.objects.filter(consultancy_id=membership.consultancy_id)
