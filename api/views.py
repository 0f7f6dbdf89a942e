"""The API tokens page: a user makes and revokes their own tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import audit
from audit.models import AuditEvent
from cxscan.requests import AuthenticatedHttpRequest

from .forms import TokenForm
from .models import ApiToken


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """List the user's tokens; a POST makes one.

    The new secret is shown on the page that answers the POST, not after a redirect: carrying it
    over a redirect would mean keeping it in the session. That page is never cached, and the
    secret is not kept anywhere after it is sent.
    """
    posted = request.method == "POST"
    form = TokenForm(request.POST if posted else None, user=request.user)
    secret = None
    status = 200
    if posted:
        if form.is_valid():
            token, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
            audit.record(request, AuditEvent.Action.TOKEN_CREATED, token)
            form = TokenForm(user=request.user)
        else:
            status = 400
    context = {
        "form": form,
        "secret": secret,
        "tokens": request.user.api_tokens.all(),
    }
    response = render(request, "api/tokens.html", context, status=status)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk)  # another user's token: 404
    if not token.is_revoked:
        token.revoke()
        audit.record(request, AuditEvent.Action.TOKEN_REVOKED, token)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api:tokens")
