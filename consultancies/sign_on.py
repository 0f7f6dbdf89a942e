"""Single sign-on per consultancy: an identity provider logs in members of its own consultancy
only (its application's settings name the consultancy: {"consultancy": "<slug>"}); one that
names none logs in nobody. Another consultancy's provider cannot log in our members, whatever
address it vouches for.

A consultancy's owner sets its one provider in the app (`save_provider`, `remove_provider`), and
may make the consultancy "single sign-on only" (`set_sso_only`): its members then log in through
the provider, never with a password (`ConsultancyAccountAdapter`). Platform staff (superusers)
are never bound by it."""

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cxscan.accounts import AccountAdapter, SocialAccountAdapter

from .members import Refused
from .models import Consultancy, membership_of
from .signals import sso_changed

PROVIDER = "openid_connect"
LOOPBACK_NAMES = {"localhost", "localhost."}


def provider_consultancy(sociallogin: SocialLogin) -> str | None:
    """The slug of the consultancy the identity provider's application names, if any."""
    provider = sociallogin.provider or sociallogin.account.get_provider()
    app = provider.app
    return (app.settings or {}).get("consultancy") if app is not None else None


class ConsultancySignOnAdapter(SocialAccountAdapter):
    def may_sign_on(self, sociallogin: SocialLogin, user: Any) -> bool:
        if not super().may_sign_on(sociallogin, user):
            return False
        membership = membership_of(user)
        named = provider_consultancy(sociallogin)
        return membership is not None and named is not None and membership.consultancy.slug == named


def consultancy_provider(consultancy: Consultancy) -> SocialApp | None:
    """The consultancy's identity provider: the OpenID Connect application whose settings name
    it (set by its owner here, or by platform staff in the admin); the first if staff made
    several."""
    return (
        SocialApp.objects.filter(provider=PROVIDER, settings__consultancy=consultancy.slug)
        .order_by("pk")
        .first()
    )


def has_signed_on(user: Any, app: SocialApp) -> bool:
    """Whether `user` has logged in through `app` at least once (allauth keeps the connection)."""
    return SocialAccount.objects.filter(
        user=user, provider=app.provider_id or app.provider
    ).exists()


def password_login_refused(user: Any) -> bool:
    """Whether `user` must log in through their consultancy's identity provider (their
    consultancy is "single sign-on only"). Never platform staff: no provider logs them in
    (cxscan.accounts.SocialAccountAdapter), so their password stays their way in."""
    if user.is_superuser or user.is_staff:
        return False
    membership = membership_of(user)
    return membership is not None and membership.consultancy.sso_only


def sso_only_message(consultancy: Consultancy) -> str:
    app = consultancy_provider(consultancy)
    if app is None:
        return _("Your consultancy logs in with single sign-on only.")
    return _(
        "Your consultancy logs in with single sign-on only: use the “Log in with %(name)s” "
        "button below, not your password."
    ) % {"name": app.name}


class ConsultancyAccountAdapter(AccountAdapter):
    """The site's account adapter, with "single sign-on only": a member of such a consultancy
    is refused a password login (the form says to use the consultancy's button) and gets no
    password reset mail (the page says what it says for any address)."""

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        logging_in = not getattr(getattr(request, "user", None), "is_authenticated", False)
        if user is not None and logging_in and password_login_refused(user):
            # Counted as a failure (django-axes' lockout, the audit trail), so that the answer
            # cannot be used to try passwords without limit.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
            membership = membership_of(user)
            assert membership is not None
            raise forms.ValidationError(sso_only_message(membership.consultancy), code="sso_only")
        return user

    def may_reset_password(self, user: Any) -> bool:
        return not password_login_refused(user)


def bad_url() -> str:
    return _("Enter the issuer as a full URL, such as https://id.example.com/.")


def is_loopback_host(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_issuer(url: str) -> None:
    """An issuer URL the server may fetch the discovery document from: https (plain http only
    to a loopback address where CXSCAN_SSO_ALLOW_HTTP_LOOPBACK allows it), a host name or a
    public address (no SSRF to the server's own network), no credentials, query or fragment."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(bad_url()) from None
    host = parts.hostname or ""
    if parts.scheme not in {"https", "http"} or not host:
        raise ValidationError(bad_url())
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationError(_("The issuer URL may not hold a user name or password."))
    if parts.query or parts.fragment or url.rstrip().endswith(("?", "#")):
        raise ValidationError(_("The issuer URL may not hold a query (?) or fragment (#)."))
    if port == 0:
        raise ValidationError(bad_url())
    loopback_allowed = settings.CXSCAN_SSO_ALLOW_HTTP_LOOPBACK and is_loopback_host(host)
    if parts.scheme == "http" and not loopback_allowed:
        raise ValidationError(_("The issuer URL must start with https://."))
    if loopback_allowed:
        return
    if host.lower() in LOOPBACK_NAMES or host.lower().endswith((".localhost", ".localhost.")):
        raise ValidationError(_("The issuer must be on a public address, not this server's own."))
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(host)
    except ValueError:
        try:  # the forms resolvers also read as an address: 127.1, 2130706433, 0x7f.0.0.1
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return  # a host name
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:
        raise ValidationError(_("The issuer must be on a public address, not this server's own."))
    if not address.is_global or address.is_multicast:
        raise ValidationError(
            _("The issuer must be on a public address, not a private or local one.")
        )


def provider_id_for(consultancy: Consultancy) -> str:
    """The provider's name in the sign-on URLs (/accounts/oidc/<id>/login/)."""
    return consultancy.slug


def provider_id_taken(consultancy: Consultancy, app: SocialApp | None) -> bool:
    others = SocialApp.objects.filter(provider_id=provider_id_for(consultancy))
    if app is not None:
        others = others.exclude(pk=app.pk)
    return others.exists()


FIELDS = ("name", "server_url", "client_id", "secret")


@transaction.atomic
def save_provider(consultancy: Consultancy, data: dict[str, str], *, request=None) -> SocialApp:
    """Make or change the consultancy's provider from the owner's form (`data`: name,
    server_url, client_id and secret; an empty secret keeps the stored one)."""
    Consultancy.objects.select_for_update().get(pk=consultancy.pk)
    app = consultancy_provider(consultancy)
    change = "changed"
    if app is None:
        change = "added"
        app = SocialApp(provider=PROVIDER, provider_id=provider_id_for(consultancy))
    old = {
        "name": app.name,
        "server_url": (app.settings or {}).get("server_url", ""),
        "client_id": app.client_id,
        "secret": app.secret,
    }
    new = {**data, "secret": data["secret"] or app.secret}
    fields = [field for field in FIELDS if old[field] != new[field]]
    if not fields:
        return app
    app.name, app.client_id, app.secret = new["name"], new["client_id"], new["secret"]
    app.settings = {
        **(app.settings or {}),
        "server_url": new["server_url"],
        "consultancy": consultancy.slug,
    }
    app.save()
    sso_changed.send(
        sender=Consultancy, consultancy=consultancy, change=change, fields=fields, request=request
    )
    return app


@transaction.atomic
def remove_provider(consultancy: Consultancy, *, request=None) -> None:
    """Remove the consultancy's provider; "single sign-on only" goes off with it (else nobody
    could log in)."""
    locked = Consultancy.objects.select_for_update().get(pk=consultancy.pk)
    app = consultancy_provider(consultancy)
    if app is None:
        return
    # Its connections too: a provider added later under the same name is another issuer,
    # whose user ids must not log in the accounts this one's did.
    SocialAccount.objects.filter(provider=app.provider_id or app.provider).delete()
    app.delete()
    fields = ["provider"]
    if locked.sso_only:
        locked.sso_only = consultancy.sso_only = False
        locked.save(update_fields=["sso_only"])
        fields.append("sso_only")
    sso_changed.send(
        sender=Consultancy,
        consultancy=consultancy,
        change="removed",
        fields=fields,
        request=request,
    )


@transaction.atomic
def set_sso_only(consultancy: Consultancy, on: bool, *, by: Any, request=None) -> None:
    """Turn "single sign-on only" on or off. On only when the consultancy has a provider and
    `by` (the owner doing it) has logged in through it, so a typo cannot lock everyone out."""
    locked = Consultancy.objects.select_for_update().get(pk=consultancy.pk)
    if locked.sso_only == on:
        return
    if on:
        app = consultancy_provider(locked)
        if app is None:
            raise Refused(_("Set up the identity provider first."))
        if not has_signed_on(by, app):
            raise Refused(
                _(
                    "Log in through %(name)s yourself first (log out, then use its button on "
                    "the login page): that shows it works before passwords stop."
                )
                % {"name": app.name}
            )
    locked.sso_only = consultancy.sso_only = on
    locked.save(update_fields=["sso_only"])
    sso_changed.send(
        sender=Consultancy,
        consultancy=consultancy,
        change="sso_only",
        fields=["sso_only"],
        request=request,
    )
