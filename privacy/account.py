"""A user's own account data: what they can take with them, and deleting their account.

"What they authored" is found the same way as an organisation's data: every model with a
foreign key to the user model (scans they started, answers they gave, files they uploaded,
share links and API tokens they made, their admin log...), read as the same records
(privacy.records, secrets left out).
"""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from audit.events import forget_actor
from checklists.models import Organisation
from consultancies.models import Consultancy, Membership, membership_of

from .records import record, with_related
from .walk import is_user_model, label

FORMAT = "cxscan-account-export"
VERSION = 1


def authored_models() -> dict[type[models.Model], list[str]]:
    """Every model with a foreign key to the user model, and those keys' names."""
    found = {}
    for model in apps.get_models():
        if is_user_model(model):
            continue
        keys = [
            field.name
            for field in model._meta.concrete_fields
            if field.is_relation and is_user_model(field.related_model)
        ]
        if keys:
            found[model] = keys
    return found


def account_document(user) -> dict[str, Any]:
    """The user's profile, the organisations they consult for, and what they authored."""
    authored = {}
    for model, keys in authored_models().items():
        mine = Q()
        for key in keys:
            mine |= Q(**{key: user})
        rows = [record(obj)[0] for obj in with_related(model._base_manager.filter(mine))]
        if rows:
            authored[label(model)] = rows
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_staff": user.is_staff,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "organisations": [
            {"pk": pk, "name": name}
            for pk, name in user.organisations.order_by("name", "pk").values_list("pk", "name")
        ],
        "authored": authored,
    }


def sole_consultant_of(user) -> models.QuerySet:
    """The organisations nobody else may see if this user goes: they are the only consultant.
    (Staff see every organisation, so nobody else means no other consultant on it.)"""
    return (
        Organisation.objects.filter(pk__in=user.organisations.values("pk"))
        .annotate(consultant_count=Count("consultants"))
        .filter(consultant_count=1)
        .order_by("name", "pk")
    )


def last_owner_of(user) -> Consultancy | None:
    """The consultancy this user is the only owner of, if any: it would be left with nobody to
    manage its members and settings."""
    membership = membership_of(user)
    if membership is None or not membership.is_owner:
        return None
    owners = Membership.objects.filter(
        consultancy_id=membership.consultancy_id, role=Membership.Role.OWNER
    )
    return membership.consultancy if owners.count() == 1 else None


def delete_account(user) -> None:
    """Delete the user. What they authored stays with its organisation, without their name
    (the foreign keys are SET_NULL); their API tokens and admin log go with them, and so do the
    login records that name them (django-axes keeps the username and address of each login)."""
    with transaction.atomic():
        forget_actor(user, f"deleted account {user.pk}")
        username = user.get_username()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        get_user_model().objects.filter(pk=user.pk).delete()
