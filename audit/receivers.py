"""Events that come from signals: logins (Django's auth signals and django-axes' lockout) and
what staff change in the admin of checklists' models (checklists' own signal: checklists comes
before audit and never imports it)."""

from allauth.mfa import signals as mfa_signals
from allauth.socialaccount.models import SocialApp
from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save

from checklists import signals as checklists_signals
from checklists.models import Scan
from consultancies import signals as consultancies_signals

from .events import Action, record

# Checklists' content: what admins edit (areas, pillars, topics, items, tips, levels).
CONTENT_MODELS = {"area", "pillar", "topic", "item", "tip", "maturitylevel"}


def logged_in(sender, request, user, **kwargs):
    record(request, Action.LOGIN, user, actor=user, label=user.get_username())


def login_failed(sender, credentials, request=None, **kwargs):
    """Only the name that was tried: Django has masked the password already, and it is not
    copied even so."""
    tried = credentials.get("username") or credentials.get("email") or credentials.get("login")
    username = str(tried or "")[:150]
    record(request, Action.LOGIN_FAILED, actor_label=username, label=username)


def locked_out(sender, request, username, ip_address, **kwargs):
    name = str(username or "")[:150]
    record(request, Action.LOCKED_OUT, actor_label=name, label=name)


def content_changed(sender, request, objects, change, counts=None, details=None, **kwargs):
    if change == checklists_signals.IMPORTED:
        # One event per import, with its counts (rows new, updated, deleted, skipped).
        detail = {"change": change, "model": sender._meta.model_name, **(counts or {})}
        record(
            request,
            Action.CONTENT_EDITED,
            label=str(sender._meta.verbose_name_plural),
            details=detail,
        )
        return
    for obj in objects:
        if isinstance(obj, Scan):
            if change == checklists_signals.DELETED:
                record(request, Action.SCAN_DELETED, obj, details={"in": "admin"})
        elif obj._meta.model_name in CONTENT_MODELS:
            record(
                request,
                Action.CONTENT_EDITED,
                obj,
                details={"change": change, "model": obj._meta.model_name, **(details or {})},
            )


def member_added(sender, membership, request=None, **kwargs):
    """An invitation accepted: the invitee did it, before they were logged in."""
    record(
        request,
        Action.MEMBER_ADDED,
        membership,
        actor=membership.user,
        label=membership.user.get_username(),
        details={"role": membership.role},
    )


def member_role_changed(sender, membership, request=None, **kwargs):
    record(
        request,
        Action.MEMBER_ROLE_CHANGED,
        membership,
        label=membership.user.get_username(),
        details={"role": membership.role},
    )


def member_removed(sender, consultancy, user, request=None, **kwargs):
    # The membership is gone: the consultancy is named, not found through it.
    record(request, Action.MEMBER_REMOVED, user, label=user.get_username(), consultancy=consultancy)


def second_factor_added(sender, request, user, authenticator, **kwargs):
    """A second factor set up (allauth: an authenticator app, a security key, recovery codes):
    its kind only, never its secret."""
    record(request, Action.MFA_ADDED, user, actor=user, details={"kind": authenticator.type})


def second_factor_removed(sender, request, user, authenticator, **kwargs):
    record(request, Action.MFA_REMOVED, user, actor=user, details={"kind": authenticator.type})


def evidence_downloaded(sender, request, file, **kwargs):
    """An evidence file downloaded: which file of which statement (its name, never its content)."""
    record(
        request,
        Action.EVIDENCE_DOWNLOADED,
        file.answer.scan,
        details={"file": file.name, "statement": file.answer.item.code},
    )


def identity_provider_changed(sender, instance, created, **kwargs):
    """An identity provider (single sign-on) added, changed or deleted in the admin: the admin's
    own log entry says who and what. Its client id and secret are never copied."""
    if instance.content_type_id is None or instance.content_type.model_class() is not SocialApp:
        return
    change = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}[instance.action_flag]
    record(
        None,
        Action.SSO_CHANGED,
        actor=instance.user,
        label=instance.object_repr,
        details={"change": change, "id": instance.object_id},
    )


def sign_on_changed(sender, consultancy, change, fields, request=None, **kwargs):
    """An owner changed the consultancy's single sign-on in the app: which fields, never their
    values (the secret least of all)."""
    record(
        request,
        Action.SSO_CHANGED,
        consultancy,
        consultancy=consultancy,
        details={"change": change, "fields": list(fields), "in": "app"},
    )


def connect() -> None:
    user_logged_in.connect(logged_in, dispatch_uid="audit.logged_in")
    user_login_failed.connect(login_failed, dispatch_uid="audit.login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit.locked_out")
    checklists_signals.content_changed.connect(content_changed, dispatch_uid="audit.content")
    checklists_signals.evidence_downloaded.connect(
        evidence_downloaded, dispatch_uid="audit.evidence_downloaded"
    )
    mfa_signals.authenticator_added.connect(second_factor_added, dispatch_uid="audit.mfa_added")
    mfa_signals.authenticator_removed.connect(
        second_factor_removed, dispatch_uid="audit.mfa_removed"
    )
    post_save.connect(identity_provider_changed, sender=LogEntry, dispatch_uid="audit.sso")
    consultancies_signals.member_added.connect(member_added, dispatch_uid="audit.member_added")
    consultancies_signals.member_role_changed.connect(
        member_role_changed, dispatch_uid="audit.member_role"
    )
    consultancies_signals.member_removed.connect(member_removed, dispatch_uid="audit.member_gone")
    consultancies_signals.sso_changed.connect(sign_on_changed, dispatch_uid="audit.sso_app")
