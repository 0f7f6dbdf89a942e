"""Events that come from signals: logins (Django's auth signals and django-axes' lockout) and
what staff change in the admin of checklists' models (checklists' own signal: checklists comes
before audit and never imports it)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed

from checklists import signals as checklists_signals
from checklists.models import Scan

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


def content_changed(sender, request, objects, change, **kwargs):
    for obj in objects:
        if isinstance(obj, Scan):
            if change == checklists_signals.DELETED:
                record(request, Action.SCAN_DELETED, obj, details={"in": "admin"})
        elif obj._meta.model_name in CONTENT_MODELS:
            record(
                request,
                Action.CONTENT_EDITED,
                obj,
                details={"change": change, "model": obj._meta.model_name},
            )


def connect() -> None:
    user_logged_in.connect(logged_in, dispatch_uid="audit.logged_in")
    user_login_failed.connect(login_failed, dispatch_uid="audit.login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit.locked_out")
    checklists_signals.content_changed.connect(content_changed, dispatch_uid="audit.content")
