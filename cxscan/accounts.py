"""Login lockout glue for django-axes: whose address a request comes from, and the lockout page."""

import ipaddress

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# Far beyond any real password, far below what hashing one would take long for.
PASSWORD_MAX_LENGTH = 4096


def client_ip(request: HttpRequest) -> str:
    """The client's address, which lockouts count failures for.

    Behind our proxy every request comes from the proxy, which appends the address it saw to
    X-Forwarded-For: the last entry is that address, anything before it the client may have
    made up. Without a proxy X-Forwarded-For is the client's own claim and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:  # no header (a request that bypassed the proxy) or not an address
        return remote


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page for a login refused after too many failures (429 Too Many Requests)."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, with the cursor in its only field (like the login and change forms)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autofocus"] = True


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form for a new password after a reset, with the cursor in its first field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True


class CredentialLimits:
    """A username and password longer than any account's are refused by the form itself, with
    a message, before `authenticate` runs: a failed login writes the username into the lockout
    record (255 characters; PostgreSQL refuses more, which made a 500).

    Django's form sets the username's max_length after the field is built, which only sets the
    input's `maxlength` attribute: nothing checks it. Hence the validators here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
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
