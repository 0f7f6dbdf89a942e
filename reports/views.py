"""The PDF download, share links, and the read-only pages a share link opens for a client."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from checklists.access import get_scan_or_404
from checklists.languages import page_language
from checklists.models import CONTENT_LANGUAGES, active_content_language
from scoring.results import frozen_results
from scoring.views import results_context

from . import exports
from .checklist_pdf import checklist_pdf
from .models import ShareLink
from .receivers import report_links
from .report import pdf_response, report_for_download, stored_report


@login_required
@require_safe
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF report, in the scan's language (or ?language=nl|en)."""
    scan = get_scan_or_404(request.user, pk)
    language = request.GET.get("language")
    if language not in ("nl", "en"):
        language = scan.language
    return pdf_response(scan, report_for_download(scan, language), language)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers, scores, plan and KPIs as a workbook, in the scan's language."""
    scan = get_scan_or_404(request.user, pk, with_related=("frozen_results",))
    return download(exports.workbook(scan), XLSX_TYPE, exports.export_name(scan, "xlsx"))


@login_required
@require_safe
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The answers as CSV, in the scan's language."""
    scan = get_scan_or_404(request.user, pk, with_related=("frozen_results",))
    return download(
        exports.answers_csv(scan), "text/csv; charset=utf-8", exports.export_name(scan, "csv")
    )


@login_required
@require_safe
def checklist(request: HttpRequest) -> HttpResponse:
    """The blank checklist to print, in ?language=nl|en, or in the language the user reads.

    Another language is refused with a 400 rather than quietly replaced: a link that asked for
    German and got Dutch would look like a bug."""
    language = request.GET.get("language") or active_content_language()
    if language not in CONTENT_LANGUAGES:
        return HttpResponseBadRequest(
            _("The checklist exists in Dutch (language=nl) and English (language=en) only."),
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(checklist_pdf(language), content_type="application/pdf")
    filename = f"cx-maturity-checklist-{language}.pdf"
    # Inline: it opens in the browser's viewer, one click from printing.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_POST
def share_link_create(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_or_404(request.user, pk)
    if scan.completed_at is None:
        messages.error(request, _("Complete the scan first: a share link shows completed results."))
        return redirect("scoring:results", scan.pk)
    ShareLink.objects.create(scan=scan, created_by=request.user)
    messages.success(request, _("Share link created. Copy it from the list below."))
    return redirect("scoring:results", scan.pk)


@login_required
@require_POST
def share_link_revoke(request: HttpRequest, pk: int, link: int) -> HttpResponse:
    scan = get_scan_or_404(request.user, pk)
    share_link = get_object_or_404(scan.share_links, pk=link)
    if share_link.revoked_at is None:
        share_link.revoked_at = timezone.now()
        share_link.save(update_fields=["revoked_at"])
        messages.success(request, _("The share link is revoked: it no longer opens anything."))
    return redirect("scoring:results", scan.pk)


def link_or_404(token: str) -> ShareLink:
    """The usable link of a scan that has been completed at least once.

    A share link shows the last completed results and their stored report, never the live
    answers of a scan that was reopened, and never renders anything per request.
    """
    link = ShareLink.from_token(token)
    if link is None or link.scan.completed_at is None:
        raise Http404("This link is not valid (any more).")
    return link


@require_safe
@never_cache
def shared_results(request: HttpRequest, token: str) -> HttpResponse:
    link = link_or_404(token)
    scan = link.scan
    results = frozen_results(scan)
    if results is None:
        raise Http404("This scan has no completed results.")
    with translation.override(page_language(request, scan)):
        # The consultant's results page, without the links that only a consultant may follow.
        context = {
            **results_context(scan, results, shared=True),
            "token": token,
            "shared_report_links": report_links(
                reverse("reports:shared_report", args=[token]), scan.language
            ),
        }
        response = render(request, "reports/shared_results.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
@never_cache
def shared_report(request: HttpRequest, token: str) -> HttpResponse:
    link = link_or_404(token)
    language = request.GET.get("language")
    pdf = stored_report(link.scan, language if language in ("nl", "en") else None)
    if pdf is None:
        raise Http404("This scan has no completed results.")
    return pdf_response(link.scan, pdf, link.scan.language)
