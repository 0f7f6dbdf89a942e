"""Views for client managers: a share link opens a scan's results and report, read-only."""

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import ShareLink
from .report import pdf_response, stored_report
from .views import results_context


def link_or_404(token: str) -> ShareLink:
    """The usable link of a scan that has been completed at least once.

    A share link shows the last completed results and their stored report, never the live
    answers of a scan that was reopened, and never renders anything per request.
    """
    link = ShareLink.from_token(token)
    if link is None or link.scan.results is None:
        raise Http404("This link is not valid (any more).")
    return link


@require_safe
@never_cache
def shared_results(request, token):
    link = link_or_404(token)
    scan = link.scan
    with translation.override(scan.language):
        # The consultant's results page, without the links that only a consultant may follow.
        context = {**results_context(scan, scan.results), "shared": True, "token": token}
        response = render(request, "scoring/shared_results.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
@never_cache
def shared_report(request, token):
    link = link_or_404(token)
    return pdf_response(link.scan, stored_report(link.scan), link.scan.language)
