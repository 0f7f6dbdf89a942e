"""Login lockout glue for django-axes (the lockout page), the limits on what login and password
reset forms take, and the password reset mail."""

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.core.validators import MaxLengthValidator
from django.forms import CharField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

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


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, with the cursor in its only field (like the login and change forms).

    Limited to a few mails an hour per e-mail address and per client address (counted
    atomically in the database, cxscan.ratelimit). A limited request gets the same answer as
    any other (the "check your mail" page), so the form never tells whether an address has an
    account or was limited. The mail is sent by the task worker, not in the request.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autofocus"] = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        request = kwargs.get("request")
        if request is not None and not reset_allowed(request, self.cleaned_data["email"]):
            logger.warning(
                "Password reset refused: too many requests from this client or for this address"
            )
            return
        super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queue the mail; the worker makes the link afresh (no reset token waits in the
        queue's table)."""
        send_password_reset.enqueue(
            user_id=context["user"].pk,
            domain=context["domain"],
            site_name=context["site_name"],
            protocol=context["protocol"],
            from_email=from_email,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            templates=[subject_template_name, email_template_name, html_email_template_name],
        )


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
def send_password_reset(
    user_id: int,
    domain: str,
    site_name: str,
    protocol: str,
    from_email: str | None,
    language: str,
    templates: list,
) -> str:
    """Send the reset mail Django's form would have sent, from the task worker."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "no such user"
    subject_template, body_template, html_template = templates
    context = {
        "email": getattr(user, user.get_email_field_name()),
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(language):
        subject = "".join(render_to_string(subject_template, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(body_template, context), from_email, [context["email"]]
        )
        if html_template:
            message.attach_alternative(render_to_string(html_template, context), "text/html")
    message.send()
    return "sent"


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form for a new password after a reset, with the cursor in its first field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True


class CredentialLimits(auth_forms.AuthenticationForm):
    """A username and password longer than any account's are refused by the form itself, with
    a message, before `authenticate` runs: a failed login writes the username into the lockout
    record (255 characters; PostgreSQL refuses more, which made a 500).

    Django's form sets the username's max_length after the field is built, which only sets the
    input's `maxlength` attribute: nothing checks it. Hence the validators here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        assert isinstance(username, CharField)
        username.validators.append(
            MaxLengthValidator(
                username.max_length,
                _(
                    "A username has at most %(limit_value)d characters; "
                    "this one has %(show_value)d."
                ),
            )
        )
        password.validators.append(
            MaxLengthValidator(
                PASSWORD_MAX_LENGTH,
                _(
                    "A password has at most %(limit_value)d characters; "
                    "this one has %(show_value)d."
                ),
            )
        )


class LoginForm(CredentialLimits, auth_forms.AuthenticationForm):
    """The login form, with limits on what it takes."""


class AdminLoginForm(CredentialLimits, AdminAuthenticationForm):
    """The admin's login form, with the same limits."""
