"""The members page of a consultancy's owner (invite, change a role, remove) and the page an
invitation's link opens. Anyone who is not an owner of a consultancy gets a 404 on the first."""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cxscan.requests import AuthenticatedHttpRequest

from . import members as service
from .forms import InviteForm, NewMemberForm, RoleForm
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
