"""The members page of a consultancy's owner (invite, change a role, remove) and the page an
invitation's link opens. Anyone who is not an owner of a consultancy gets a 404 on the first."""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cxscan.requests import AuthenticatedHttpRequest

from . import members as service
from . import sign_on
from .forms import (
    IdentityProviderForm,
    InviteForm,
    NewMemberForm,
    RoleForm,
    SsoMemberForm,
    SsoOnlyForm,
)
from .members import owned_consultancy
from .models import Invitation, Membership


def members_page(request, consultancy, form, status=200) -> HttpResponse:
    memberships = consultancy.memberships.select_related("user").order_by(
        "user__first_name", "user__username"
    )
    invitations = [i for i in consultancy.invitations.filter(accepted_at=None) if i.is_pending]
    context = {
        "consultancy": consultancy,
        "memberships": memberships,
        "invitations": invitations,
        "form": form,
        "roles": Membership.Role.choices,
    }
    return render(request, "consultancies/members.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def members(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The consultancy's members and open invitations; a POST invites someone by e-mail."""
    consultancy = owned_consultancy(request.user)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return members_page(request, consultancy, form, status=400)
        try:
            service.invite(
                consultancy,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                invited_by=request.user,
                request=request,
            )
        except service.Refused as refused:
            form.add_error("email", refused.message)
            return members_page(request, consultancy, form, status=400)
        messages.success(
            request,
            _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("consultancies:members")
    return members_page(request, consultancy, form)


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultancy = owned_consultancy(request.user)
    membership = get_object_or_404(consultancy.memberships, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose owner or consultant."))
        return redirect("consultancies:members")
    try:
        service.change_role(consultancy, membership.pk, form.cleaned_data["role"], request=request)
    except service.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Role changed."))
    return redirect("consultancies:members")


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultancy = owned_consultancy(request.user)
    membership = get_object_or_404(consultancy.memberships.select_related("user"), pk=pk)
    try:
        service.remove(consultancy, membership.pk, request=request)
    except service.Refused as refused:
        messages.error(request, refused.message)
    else:
        name = membership.user.get_full_name() or membership.user.get_username()
        messages.success(
            request,
            _("%(name)s is no longer a member; their organisations stay with the consultancy.")
            % {"name": name},
        )
    return redirect("consultancies:members")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee sets a password (a new account, or the one their address already has
    outside any consultancy) and becomes a member, logged in."""
    invited = Invitation.from_token(token)
    if invited is None:
        return render(request, "consultancies/invitation_invalid.html", status=404)
    # The page wears the inviting consultancy's branding (branding's context processor reads it).
    request.consultancy_shown = invited.consultancy  # type: ignore[attr-defined]
    if invited.consultancy.sso_only:
        return sso_invitation(request, invited)
    existing = service.account_with(invited.email).filter(is_active=True).first()
    if existing is not None and hasattr(existing, "membership"):
        return render(request, "consultancies/invitation_invalid.html", status=409)
    data = request.POST if request.method == "POST" else None
    form: auth_forms.SetPasswordForm | NewMemberForm
    if existing is not None:
        form = auth_forms.SetPasswordForm(existing, data)
    else:
        form = NewMemberForm(data, email=invited.email)
    if data is not None and form.is_valid():
        user = form.save()
        try:
            service.accept(invited, user, request=request)
        except service.Refused as refused:
            messages.error(request, refused.message)
            return render(request, "consultancies/invitation_invalid.html", status=409)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to %(name)s.") % {"name": invited.consultancy.name})
        return redirect("home")
    context = {"invitation": invited, "form": form, "existing": existing}
    return render(
        request, "consultancies/invitation.html", context, status=400 if data is not None else 200
    )


def sign_on_page(request, consultancy, form, sso_form, status=200) -> HttpResponse:
    app = sign_on.consultancy_provider(consultancy)
    provider_id = app.provider_id if app is not None else sign_on.provider_id_for(consultancy)
    callback = request.build_absolute_uri(
        reverse("openid_connect_callback", kwargs={"provider_id": provider_id})
    )
    context = {
        "consultancy": consultancy,
        "app": app,
        "form": form,
        "sso_form": sso_form,
        "callback_url": callback,
        "signed_on": app is not None and sign_on.has_signed_on(request.user, app),
    }
    return render(request, "consultancies/sign_on.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sign_on_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The consultancy's identity provider (single sign-on) and "single sign-on only", for its
    owners. One POST does one thing: `action` is save (the default), remove or sso_only."""
    consultancy = owned_consultancy(request.user)
    app = sign_on.consultancy_provider(consultancy)

    def provider_form(data=None) -> IdentityProviderForm:
        initial = {}
        if app is not None:
            initial = {
                "name": app.name,
                "server_url": app.settings.get("server_url", ""),
                "client_id": app.client_id,
            }
        return IdentityProviderForm(
            data,
            initial=initial,
            has_secret=app is not None and bool(app.secret),
            provider_id_taken=sign_on.provider_id_taken(consultancy, app),
        )

    sso_form = SsoOnlyForm(initial={"sso_only": consultancy.sso_only})
    if request.method != "POST":
        return sign_on_page(request, consultancy, provider_form(), sso_form)
    action = request.POST.get("action", "save")
    if action == "remove":
        if app is None:
            messages.error(request, _("There is no identity provider to remove."))
            return sign_on_page(request, consultancy, provider_form(), sso_form, status=400)
        sign_on.remove_provider(consultancy, request=request)
        messages.success(request, _("The identity provider is removed."))
        return redirect("consultancies:sign_on")
    if action == "sso_only":
        sso_form = SsoOnlyForm(request.POST)
        sso_form.is_valid()  # a checkbox: always valid
        try:
            sign_on.set_sso_only(
                consultancy, sso_form.cleaned_data["sso_only"], by=request.user, request=request
            )
        except service.Refused as refused:
            sso_form.add_error("sso_only", refused.message)
            return sign_on_page(request, consultancy, provider_form(), sso_form, status=400)
        messages.success(request, _("Saved."))
        return redirect("consultancies:sign_on")
    form = provider_form(request.POST)
    if action != "save" or not form.is_valid():
        return sign_on_page(request, consultancy, form, sso_form, status=400)
    sign_on.save_provider(consultancy, form.cleaned_data, request=request)
    messages.success(request, _("The identity provider is saved."))
    return redirect("consultancies:sign_on")


def sso_invitation(request: HttpRequest, invited: Invitation) -> HttpResponse:
    """An invitation into a "single sign-on only" consultancy: no password is chosen. The
    account is made (or the existing one taken) without a password of its own, becomes a
    member, and is sent to the login page's button for the consultancy's provider."""
    existing = service.account_with(invited.email).filter(is_active=True).first()
    if existing is not None and hasattr(existing, "membership"):
        return render(request, "consultancies/invitation_invalid.html", status=409)
    data = request.POST if request.method == "POST" else None
    form = SsoMemberForm(data, email=invited.email) if existing is None else None
    app = sign_on.consultancy_provider(invited.consultancy)
    if data is not None and (form is None or form.is_valid()):
        user = form.save() if form is not None else existing
        try:
            service.accept(invited, user, request=request)
        except service.Refused as refused:
            messages.error(request, refused.message)
            return render(request, "consultancies/invitation_invalid.html", status=409)
        messages.success(
            request,
            _("Welcome to %(name)s. Log in with its button below.")
            % {"name": invited.consultancy.name},
        )
        return redirect("login")
    context = {"invitation": invited, "form": form, "existing": existing, "app": app}
    return render(
        request,
        "consultancies/invitation_sso.html",
        context,
        status=400 if data is not None else 200,
    )
