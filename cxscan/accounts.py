"""Login glue: django-allauth's adapter and forms (the limits on what login and password reset
take, the password reset mail sent by the task worker) and django-axes' lockout page."""

import base64
import hashlib
import logging
import secrets
from typing import Any
from urllib.parse import quote, urlsplit

from allauth.account import forms as allauth_forms
from allauth.account import views as allauth_views
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email, get_next_redirect_url, user_pk_to_url_str
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.mail import EmailMultiAlternatives
from django.core.validators import MaxLengthValidator
from django.forms import CharField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.csp import CSP
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override

from . import ratelimit
from .client_address import client_ip

logger = logging.getLogger(__name__)

# Far beyond any real password, far below what hashing one would take long for.
PASSWORD_MAX_LENGTH = 4096


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page for a login refused after too many failures (429 Too Many Requests)."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)


# Password reset mails: a few an hour per e-mail address asked for, and per client address.
RESET_WINDOW_SECONDS = 60 * 60
RESET_LIMIT_PER_EMAIL = 3
RESET_LIMIT_PER_CLIENT = 10


class AccountAdapter(DefaultAccountAdapter):
    """django-allauth's adapter for this site: no sign-up, our client address, our limits."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts are made by staff (the admin, `createsuperuser`), never by visitors."""
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address the lockout counts (X-Forwarded-For only BEHIND_PROXY)."""
        return client_ip(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Wrong passwords are counted by django-axes (per username and per address, in the
        database every server shares), which answers with the lockout page. allauth's own count
        of them (a per-process cache) would refuse earlier with a message of its own; its count
        of wrong second-factor codes stays."""

    def may_reset_password(self, user: Any) -> bool:
        """Whether a password reset mail goes to `user` (consultancies.sign_on: not to members
        who log in through their consultancy's identity provider only)."""
        return True


def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(f"cxscan.accounts.MFAAdapter:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class MFAAdapter(DefaultMFAAdapter):
    """Second factors' secrets (an authenticator app's key, the seed of the recovery codes) are
    stored encrypted with a key made from SECRET_KEY, so a copy of the database alone does not
    give them away. When SECRET_KEY changes, the old one goes into SECRET_KEY_FALLBACKS until
    everyone has set up again (or these secrets no longer open; staff then delete the users'
    authenticators in the admin)."""

    def encrypt(self, text: str) -> str:
        return _fernet(settings.SECRET_KEY).encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        try:
            return MultiFernet([_fernet(key) for key in keys]).decrypt(encrypted_text).decode()
        except InvalidToken:
            # Encrypted with a SECRET_KEY no longer known: no code can match (a random key in
            # its place), and the page says "incorrect code" rather than failing with a 500.
            logger.error("A second factor's secret was encrypted with an unknown SECRET_KEY")
            return base64.b32encode(secrets.token_bytes(20)).decode()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (OpenID Connect) for existing accounts only.

    An identity provider logs in the one active account whose e-mail address it says it
    verified, if `may_sign_on` allows it; it never makes an account. Staff entered the
    address, so it counts as verified here too (allauth would otherwise take the account's
    password away at its first single sign-on, against someone who signed up with another's
    address: there is no sign-up here).
    """

    def may_sign_on(self, sociallogin: SocialLogin, user: Any) -> bool:
        """Whether this identity provider may log `user` in. Never platform staff: a client
        consultancy's identity provider must not be able to log in as the platform's admins.
        (consultancies.sign_on adds: members of the provider's consultancy only.)"""
        return user.is_active and not (user.is_staff or user.is_superuser)

    def authenticate_by_email(self, sociallogin: SocialLogin) -> tuple[Any, str] | None:
        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            users = filter_users_by_email(address.email, is_active=True)
            # Two accounts with one address: neither.
            if len(users) == 1 and self.may_sign_on(sociallogin, users[0]):
                (user,) = users
                EmailAddress.objects.update_or_create(
                    user=user,
                    email__iexact=address.email,
                    defaults={"email": address.email.lower(), "verified": True},
                )
                return user, address.email
        return None

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """An account connected earlier is asked again: it may have become staff since."""
        if sociallogin.is_existing and not self.may_sign_on(sociallogin, sociallogin.user):
            raise ImmediateHttpResponse(no_account_response(request))

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        """No account for the provider's person: say so, and make none."""
        raise ImmediateHttpResponse(no_account_response(request))


def no_account_response(request: HttpRequest) -> HttpResponse:
    return render(request, "socialaccount/no_account.html", status=403)


def sign_on_origins() -> list[str]:
    """The origins (scheme://host:port) of the identity providers staff set up."""
    origins = set()
    for app in SocialApp.objects.filter(provider="openid_connect"):
        url = urlsplit(app.settings.get("server_url", ""))
        if url.scheme in {"http", "https"} and url.netloc:
            origins.add(f"{url.scheme}://{url.netloc}")
    return sorted(origins)


class LoginView(allauth_views.LoginView):
    """allauth's login page; a `next` that leads off the site is not carried in its form (it
    would be refused after the login anyway).

    Its single sign-on buttons post to this site, which redirects to the identity provider:
    browsers hold that redirect to the page's Content Security Policy `form-action`, so this
    page's policy adds the providers' origins (every other page keeps "self" only).
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        origins = sign_on_origins()
        if not origins:
            return super().dispatch(request, *args, **kwargs)
        policy: dict[str, Any] = {**settings.SECURE_CSP, "form-action": [CSP.SELF, *origins]}
        return csp_override(policy)(super().dispatch)(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["safe_next"] = get_next_redirect_url(self.request) or ""
        if not context["safe_next"]:
            context["redirect_field"] = ""
        return context


class PasswordResetForm(allauth_forms.ResetPasswordForm):
    """allauth's form, with the cursor in its only field and an address no longer than any
    account's.

    Limited to a few mails an hour per e-mail address and per client address (counted
    atomically in the database, cxscan.ratelimit). A limited request gets the same answer as
    any other (the "check your mail" page), so the form never tells whether an address has an
    account or was limited. The mail is sent by the task worker, not in the request.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autofocus=True, autocomplete="email")

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        email = self.cleaned_data["email"]
        if not reset_allowed(request, email):
            logger.warning(
                "Password reset refused: too many requests from this client or for this address"
            )
            return email
        # The worker makes the link afresh: no reset token waits in the queue's table.
        site = request.build_absolute_uri("/").rstrip("/")
        language = translation.get_language() or settings.LANGUAGE_CODE
        adapter = get_adapter(request)
        for user in self.users:
            if not adapter.may_reset_password(user):
                continue  # the same answer as for any other address
            send_password_reset.enqueue(user_id=user.pk, site=site, language=language)
        return email


def reset_allowed(request: HttpRequest, email: str) -> bool:
    """Count a reset request; False once the client or the address asked too often this hour.
    The address is counted only for a client within its limit, so exactly the limit passes
    however many requests arrive at once."""
    client = ratelimit.hit(
        f"reset:client:{client_ip(request)}", RESET_LIMIT_PER_CLIENT, RESET_WINDOW_SECONDS
    )
    if not client.allowed:
        return False
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return ratelimit.hit(
        f"reset:email:{digest}", RESET_LIMIT_PER_EMAIL, RESET_WINDOW_SECONDS
    ).allowed


@task
def send_password_reset(user_id: int, site: str, language: str) -> str:
    """Send the mail with the link to set a new password, from the task worker."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "no such user"
    email = getattr(user, user.get_email_field_name())
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    context = {"user": user, "reset_url": site + path.replace("UID-KEY", quote(key))}
    with translation.override(language):
        subject = "".join(
            render_to_string("registration/password_reset_subject.txt", context).splitlines()
        )
        message = EmailMultiAlternatives(
            subject,
            render_to_string("registration/password_reset_email.html", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    message.send()
    return "sent"


class PasswordResetKeyForm(allauth_forms.ResetPasswordKeyForm):
    """allauth's form for a new password after a reset, with the cursor in its first field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].widget.attrs["autofocus"] = True


class AddSecurityKeyForm(AddWebAuthnForm):
    """allauth's form to add a security key or passkey, with its name field labelled (allauth
    leaves the label to Django, which makes an untranslated "Name" of it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name")


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form (username and password), with limits on what it takes.

    A username and password longer than any account's are refused by the form itself, with
    a message, before `authenticate` runs: a failed login writes the username into the lockout
    record (255 characters; PostgreSQL refuses more, which made a 500).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username, password = self.fields["login"], self.fields["password"]
        assert isinstance(username, CharField)
        username.widget.attrs["autofocus"] = True
        username.validators = [
            MaxLengthValidator(
                username.max_length,
                _(
                    "A username has at most %(limit_value)d characters; "
                    "this one has %(show_value)d."
                ),
            )
        ]
        password.validators.append(
            MaxLengthValidator(
                PASSWORD_MAX_LENGTH,
                _(
                    "A password has at most %(limit_value)d characters; "
                    "this one has %(show_value)d."
                ),
            )
        )


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin's login page sends to the site's, keeping a safe `next`: a password alone
    never opens the admin for an account with a second factor."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    return redirect_to_login(next_url, reverse("login"))
