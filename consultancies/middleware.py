"""A consultancy that requires two-factor login: its members set up a second factor before
anything else."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from .models import membership_of
from .sign_on import password_login_refused

# What a member without a second factor may still open: setting one up (and the password asked
# again first), logging out, the language, and the pages that need no login.
ALLOWED_NAMES = {
    "account_reauthenticate",
    "account_logout",
    "logout",
    "set_language",
    "javascript-catalog",
    "health",
    "health_web",
    "branding:logo",
}
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def must_set_up_mfa(user) -> bool:
    """Whether the user's consultancy requires two-factor login and they have no second factor
    yet (recovery codes alone do not count)."""
    membership = membership_of(user)  # None for anonymous visitors
    if membership is None or not membership.consultancy.require_mfa:
        return False
    return not is_mfa_enabled(user, SECOND_FACTORS)


def allowed(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a 404 shows nothing
    name = match.view_name
    return name.startswith("mfa_") or name in ALLOWED_NAMES


# Where a password is changed or set: not for members of a "single sign-on only" consultancy.
PASSWORD_NAMES = {"password_change", "account_change_password", "account_set_password"}


def password_change_refused(request: HttpRequest) -> bool:
    # The path first, as above: any other page never loads the user here.
    try:
        if resolve(request.path_info).view_name not in PASSWORD_NAMES:
            return False
    except Resolver404:
        return False
    return request.user.is_authenticated and password_login_refused(request.user)


class RequireMfaMiddleware:
    """After allauth's AccountMiddleware: a logged-in member of a consultancy that requires
    two-factor login, without a second factor, is sent to set one up, from every page and the
    admin alike (the API reads with tokens, not the session, and is not stopped here).

    It also keeps members of a "single sign-on only" consultancy off the pages that change or
    set a password (platform staff excepted): they have none to use here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path first: a page open to all (the scripts' catalogue) never loads the user.
        if not allowed(request) and must_set_up_mfa(request.user):
            if request.headers.get("HX-Request") or request.method not in ("GET", "HEAD"):
                return HttpResponse(
                    _("Your consultancy requires two-factor login: set it up first."),
                    status=403,
                    content_type="text/plain; charset=utf-8",
                )
            messages.info(
                request,
                _("Your consultancy requires two-factor login: set up a second factor first."),
            )
            return redirect("mfa_index")
        if password_change_refused(request):
            messages.info(
                request,
                _(
                    "Your consultancy logs in with single sign-on only: "
                    "there is no password to change here."
                ),
            )
            return redirect("home")
        return self.get_response(request)
