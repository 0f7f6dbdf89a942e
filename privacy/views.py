"""An organisation's export (asked for, followed while a worker makes it, downloaded), its
erasure after its name is typed, and a user's own account data (downloaded or deleted)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import audit
from audit.models import AuditEvent
from checklists.access import get_organisation_or_404
from cxscan import ratelimit
from cxscan.requests import AuthenticatedHttpRequest

from . import account, exporter
from .erase import erase_organisation
from .forms import DeleteAccountForm, EraseForm
from .models import OrganisationExport

# Password attempts before deleting an account, per user and window: a session left open must
# not let someone try passwords without end.
DELETE_ATTEMPTS = 5
DELETE_WINDOW_SECONDS = 15 * 60


@login_required
@require_POST
def export_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask for a new export of the organisation; its page follows the worker."""
    organisation = get_organisation_or_404(request.user, pk)
    export = exporter.request_export(organisation, request.user)
    return redirect("privacy:export", organisation.pk, export.pk)


def offered_export(request, pk: int, export_pk: int):
    """The organisation (if the user may see it) and its export; an expired export is
    discarded (file and row) and None returned for it."""
    organisation = get_organisation_or_404(request.user, pk)
    export = get_object_or_404(OrganisationExport, organisation=organisation, pk=export_pk)
    if export.is_expired:
        exporter.discard(export)
        return organisation, None
    return organisation, export


@never_cache
@login_required
@require_safe
def export_detail(request: AuthenticatedHttpRequest, pk: int, export: int) -> HttpResponse:
    """The export's state: being prepared (htmx asks again every 2 s), ready, failed, expired."""
    organisation, offered = offered_export(request, pk, export)
    context = {"organisation": organisation, "export": offered}
    status = 200 if offered is not None else 410
    template = "privacy/export.html"
    if request.headers.get("HX-Request"):
        template += "#status"
    return render(request, template, context, status=status)


@login_required
@require_safe
def export_download(request: AuthenticatedHttpRequest, pk: int, export: int) -> HttpResponseBase:
    _organisation, offered = offered_export(request, pk, export)
    if offered is None or offered.status != OrganisationExport.Status.READY:
        return redirect("privacy:export", pk, export)
    audit.record(request, AuditEvent.Action.ORGANISATION_EXPORTED, offered.organisation)
    response = FileResponse(
        offered.file.open("rb"),
        as_attachment=True,
        filename=offered.download_name(),
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Erase the organisation once its name is typed; a wrong name changes nothing."""
    organisation = get_organisation_or_404(request.user, pk)
    # Bound on every POST, an empty one too: it then says what is missing.
    form = EraseForm(organisation, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erased = erase_organisation(organisation, request=request)
        messages.success(
            request,
            _("Organisation “%(name)s” and all its data were erased.") % {"name": erased.name},
        )
        return redirect("home")
    return render(
        request,
        "privacy/erase.html",
        {"organisation": organisation, "form": form, "scans": organisation.scans.count()},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@require_safe
def account_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/account.html",
        {
            "form": DeleteAccountForm(request.user),
            "sole": account.sole_consultant_of(request.user),
            "last_owner": account.last_owner_of(request.user),
        },
    )


@login_required
@require_safe
def account_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own data as a JSON download."""
    document = account.account_document(request.user)
    audit.record(request, AuditEvent.Action.ACCOUNT_EXPORTED, request.user)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    name = f"account-{request.user.get_username()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_POST
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete the user's account, after their password, unless they are their consultancy's
    only owner (it would be left with nobody to manage it) or the only consultant of an
    organisation (the owner reassigns it first)."""
    user = request.user
    sole = account.sole_consultant_of(user)
    last_owner = account.last_owner_of(user)
    form = DeleteAccountForm(user, request.POST)
    if last_owner is not None or sole.exists():
        messages.error(request, _("Your account was not deleted: see below why."))
        context = {"form": form, "sole": sole, "last_owner": last_owner}
        return render(request, "privacy/account.html", context, status=409)
    attempt = ratelimit.hit(f"privacy:delete:{user.pk}", DELETE_ATTEMPTS, DELETE_WINDOW_SECONDS)
    if not attempt.allowed:
        messages.error(request, _("Too many attempts. Try again in a quarter of an hour."))
        context = {"form": DeleteAccountForm(user), "sole": sole}
        return render(request, "privacy/account.html", context, status=429)
    if not form.is_valid():
        return render(request, "privacy/account.html", {"form": form, "sole": sole}, status=400)
    logout(request)
    audit.record(
        request, AuditEvent.Action.ACCOUNT_DELETED, actor_label=f"deleted account {user.pk}"
    )
    account.delete_account(user)
    messages.success(request, _("Your account and your personal data were deleted."))
    return redirect("home")
