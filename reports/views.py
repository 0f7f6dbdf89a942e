"""The PDF download, share links, and the read-only pages a share link opens for a client."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import audit
from audit.models import AuditEvent
from branding.models import branding_for, branding_of
from checklists.languages import page_language
from checklists.models import CONTENT_LANGUAGES, Scan, active_content_language
from checklists.scan_pages import scan_view
from cxscan import ratelimit
from cxscan.requests import AuthenticatedHttpRequest
from scoring.page import page_context
from scoring.presentation import present
from scoring.results import frozen_results
from scoring.signals import Panel

from . import exports, stored
from .checklist_pdf import checklist_pdf
from .deck import PPTX_TYPE, build_deck, deck_name, render_deck
from .document import DOCX_TYPE, build_document, document_name
from .forms import ShareLinkForm
from .models import ShareLink, StoredReport
from .report import pdf_response, render_report, report_links

logger = logging.getLogger(__name__)


def report_language(request: HttpRequest, scan) -> str:
    """?language=nl|en, else the scan's language."""
    language = request.GET.get("language")
    return language if language in CONTENT_LANGUAGES else scan.language


def report_appendix(request: HttpRequest) -> bool:
    """?appendix=0: the summary only, without the answers per area; anything else: with them."""
    return request.GET.get("appendix") != "0"


# How long a draft render may hold its user's and its scan's place (a process killed while
# rendering frees it after this).
DRAFT_HOLD_SECONDS = 120


@require_http_methods(["GET", "HEAD", "POST"])
@scan_view(language=report_language)
def report(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """The PDF report, in the scan's language (or ?language=nl|en).

    A completed scan's report is the stored one, at once; while a worker prepares it the page
    says so and follows its progress. POST ("render it now") moves its render to the front of
    the queue: no report of a completed scan is rendered in a request. An open scan's report is
    a draft of its live answers, rendered in the request, one at a time per user and per scan
    (429 for another meanwhile): one consultant cannot take every server process.
    """
    language = report_language(request, scan)
    appendix = report_appendix(request)
    if not scan.is_completed:
        return draft(request, scan, language, appendix)
    variant = stored.variant_of(None, appendix)
    if request.method == "POST":
        report = stored.hurry(scan, language, variant)
        return preparing_page(request, scan, language, report, hurried=True)
    pdf = stored.ready_pdf(scan, language, variant)
    if pdf is not None:
        downloaded(request, scan, language)
        return pdf_response(scan, pdf, language, appendix)
    return preparing_page(request, scan, language, stored.awaited(scan, language, variant=variant))


def downloaded(request: HttpRequest, scan, language: str, link: ShareLink | None = None) -> None:
    """The audit trail's line for a report sent (not for a HEAD, which sends none). A client
    manager has no account: the share link that opened it stands for them."""
    if request.method == "HEAD":
        return
    details = {"language": language, "draft": not scan.is_completed}
    if link is None:
        audit.record(request, AuditEvent.Action.REPORT_DOWNLOADED, scan, details=details)
    else:
        audit.record(
            request,
            AuditEvent.Action.REPORT_DOWNLOADED,
            scan,
            actor_label=f"share link {link.pk}",  # stored: the same in every language
            details={**details, "share_link": link.pk},
        )


def busy(message: str) -> HttpResponse:
    """429 with a sentence: the same file is being made for this user (or link) already."""
    response = HttpResponse(message, content_type="text/plain; charset=utf-8", status=429)
    response["Retry-After"] = "5"
    return response


def draft(request: HttpRequest, scan, language: str, appendix: bool = True) -> HttpResponse:
    """The draft PDF of an open scan, rendered here while nobody else renders one for this user
    or this scan; 429 otherwise."""
    with (
        ratelimit.exclusive(f"reports:draft:user:{request.user.pk}", DRAFT_HOLD_SECONDS) as mine,
        ratelimit.exclusive(f"reports:draft:scan:{scan.pk}", DRAFT_HOLD_SECONDS) as scans,
    ):
        if not (mine and scans):
            return busy(
                _("A draft of this report is being rendered already. Wait a moment and try again.")
            )
        pdf = render_report(scan, language, appendix=appendix)
        downloaded(request, scan, language)
        return pdf_response(scan, pdf, language, appendix)


@require_safe
@scan_view(language=report_language)
def report_status(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """The preparing page's part that follows the render (htmx polls it)."""
    if scan.completed_at is None:
        raise Http404("This scan has no completed results.")
    variant = stored.variant_of(None, report_appendix(request))
    return status_fragment(request, scan, report_language(request, scan), variant=variant)


def report_urls(scan, language: str, token: str | None = None, variant: str = "") -> dict:
    """The addresses the preparing page links to: the consultant's, or a share link's (of the
    report's `variant`: with the appendix or the summary only)."""
    _client, appendix = stored.read_variant(variant)
    query = f"?language={language}" + ("" if appendix else "&appendix=0")
    if token is None:
        return {
            "download_url": reverse("reports:report", args=[scan.pk]) + query,
            "status_url": reverse("reports:report_status", args=[scan.pk]) + query,
            "render_url": reverse("reports:report", args=[scan.pk]) + query,
            "back_url": reverse("scoring:results", args=[scan.pk]),
        }
    return {
        "download_url": reverse("reports:shared_report", args=[token]) + query,
        "status_url": reverse("reports:shared_report_status", args=[token]) + query,
        # Managers wait for the worker: only the consultant may render in the request.
        "render_url": None,
        "back_url": reverse("reports:shared_results", args=[token]),
    }


def report_state(report: StoredReport) -> str:
    if report.is_ready:
        return "ready"
    if report.attempts >= stored.MAX_ATTEMPTS:
        return "failed"
    if stored.busy(report, timezone.now()):
        return "rendering"
    return "preparing"


def status_fragment(
    request, scan, language: str, token: str | None = None, variant: str = ""
) -> HttpResponse:
    """The state of the render (of a share link's `variant`, or the consultant's). Once ready,
    `start=1` (sent by the ready state itself) answers with htmx's redirect to the PDF, so the
    download starts without another click."""
    report = stored.awaited(scan, language, variant=variant)
    urls = report_urls(scan, language, token, variant)
    if report.is_ready and request.GET.get("start"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = urls["download_url"]
        return response
    hurried = token is None and bool(request.GET.get("hurried"))
    if hurried:  # the page that asked keeps saying so
        urls["status_url"] += "&hurried=1"
    context = {"scan": scan, "state": report_state(report), "hurried": hurried, **urls}
    response = render(request, "reports/_report_status.html", context)
    response["Cache-Control"] = "no-store"
    return response


def preparing_page(
    request, scan, language, report, token=None, status=202, hurried=False
) -> HttpResponse:
    """The download's answer while the report is not ready: 202, and the page follows it
    (200 once it is ready: the page starts the download). `hurried`: "render it now" moved the
    render to the front of the queue."""
    state = report_state(report)
    urls = report_urls(scan, language, token, report.variant)
    if hurried:  # its polls keep saying the report is first in the queue
        urls["status_url"] += "&hurried=1"
    context = {"scan": scan, "state": state, "hurried": hurried, **urls}
    if token is not None:  # a client manager without an account: the consultancy's branding
        context["branding"] = branding_for(scan.organisation.consultancy_id)
    if state == "ready":
        status = 200
    response = render(request, "reports/report_preparing.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@scan_view(language=report_language, with_related=("frozen_results",))
def deck(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """The deck (PowerPoint), in the scan's language (or ?language=nl|en): the completed
    results, or a draft of an open scan's. Made in the request: bench/report_bench.py measures
    it well under the 300 ms a request may take (see the README), so it is not stored."""
    language = report_language(request, scan)
    content = render_deck(scan, language)
    if request.method != "HEAD":
        details = {"format": "pptx", "language": language, "draft": not scan.is_completed}
        audit.record(request, AuditEvent.Action.REPORT_DOWNLOADED, scan, details=details)
    return download(content, PPTX_TYPE, deck_name(scan, language))


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@scan_view(with_related=("frozen_results",))
def export_xlsx(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Answers, scores, plan and KPIs as a workbook, in the scan's language."""
    content = exports.workbook(scan)
    audit.record(request, AuditEvent.Action.EXPORTED, scan, details={"format": "xlsx"})
    return download(content, XLSX_TYPE, exports.export_name(scan, "xlsx"))


@require_safe
@scan_view(language=report_language, with_related=("frozen_results",))
def report_document(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """The report as a Word document to edit, in the scan's language (or ?language=nl|en).

    Made in the request, not stored like the PDF: 0.22 to 0.32 s of processor time for the demo
    scan, more on a loaded machine (bench/report_bench.py --only document; README "The
    document"). An open scan's is a draft of its live answers, as its PDF is. One at a time per
    user (429 for another meanwhile), as the draft PDF: one consultant's clicks cannot take every
    server process."""
    language = report_language(request, scan)
    key = f"reports:document:user:{request.user.pk}"
    with ratelimit.exclusive(key, DRAFT_HOLD_SECONDS) as mine:
        if not mine:
            return busy(_("This document is being made already. Wait a moment and try again."))
        content = build_document(present(scan, language=language))
    if request.method != "HEAD":
        details = {"language": language, "draft": not scan.is_completed, "format": "docx"}
        audit.record(request, AuditEvent.Action.REPORT_DOWNLOADED, scan, details=details)
    return download(content, DOCX_TYPE, document_name(scan, language))


@require_safe
@scan_view(with_related=("frozen_results",))
def export_csv(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """The answers as CSV, in the scan's language."""
    content = exports.answers_csv(scan)
    audit.record(request, AuditEvent.Action.EXPORTED, scan, details={"format": "csv"})
    return download(content, "text/csv; charset=utf-8", exports.export_name(scan, "csv"))


@login_required
@require_safe
def checklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The blank checklist to print, in ?language=nl|en, or in the language the user reads.

    Another language is refused with a 400 rather than quietly replaced: a link that asked for
    German and got Dutch would look like a bug."""
    language = request.GET.get("language") or active_content_language()
    if language not in CONTENT_LANGUAGES:
        return HttpResponseBadRequest(
            _("The checklist exists in Dutch (language=nl) and English (language=en) only."),
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(
        checklist_pdf(language, branding_of(request.user)), content_type="application/pdf"
    )
    filename = f"cx-maturity-checklist-{language}.pdf"
    # Inline: it opens in the browser's viewer, one click from printing.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
@scan_view()
def share_link_create(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    if scan.completed_at is None:
        messages.error(request, _("Complete the scan first: a share link shows completed results."))
        return redirect("scoring:results", scan.pk)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("No share link was created: choose what the client sees from the options offered."),
        )
        return redirect(f"{reverse('scoring:results', args=[scan.pk])}#share-heading")
    form.instance.scan = scan
    form.instance.created_by = request.user
    link = form.save()
    audit.record(
        request,
        AuditEvent.Action.SHARE_LINK_CREATED,
        link,
        details={
            "expires_at": link.expires_at.isoformat(),
            "evidence": link.evidence,
            "notes": link.notes,
            "downloads": link.downloads,
        },
    )
    messages.success(request, _("Share link created. Copy it from the list below."))
    return redirect("scoring:results", scan.pk)


@require_POST
@scan_view()
def share_link_revoke(request: AuthenticatedHttpRequest, scan: Scan, link: int) -> HttpResponse:
    share_link = get_object_or_404(scan.share_links, pk=link)
    if share_link.revoked_at is None:
        share_link.revoked_at = timezone.now()
        share_link.save(update_fields=["revoked_at"])
        audit.record(request, AuditEvent.Action.SHARE_LINK_REVOKED, share_link)
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


def private(response: HttpResponse) -> HttpResponse:
    """What a share link opens is for its client only: not indexed, its address not passed on.

    `same-origin`, not `no-referrer`: the address (and its token) never reaches another site,
    while the page's own forms, the language switch first, still post with their true Origin.
    Under `no-referrer` the browser sends `Origin: null` and Django's CSRF check refuses them.
    """
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


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
            **page_context(present(scan, results), shared=True),
            "token": token,
            # The client manager has no account: the page wears the consultancy's branding.
            "branding": branding_for(scan.organisation.consultancy_id),
            "shared_report_links": report_links(
                reverse("reports:shared_report", args=[token]), scan.language
            ),
            "share_link": link,
        }
        shared_extras(context, link)
        response = render(request, "reports/shared_results.html", context)
    return private(response)


def shared_extras(context: dict, link: ShareLink) -> None:
    """What the consultant chose for this link. The consultant's evidence section (typed
    evidence, links that may point into internal systems) never reaches the client: with
    "file names only" the client gets the statements' file names and the low-confidence list."""
    evidence = context["evidence"]
    context["evidence"] = []
    if link.evidence == ShareLink.Evidence.NAMES and evidence:
        named = [
            {
                "area": entry.area,
                "low_confidence": entry.low_confidence,
                "files": [item for item in entry.evidence if item.evidence_files],
            }
            for entry in evidence
        ]
        panel = Panel("reports/_shared_evidence.html", {"shared_evidence": named})
        context["panels"] = [panel, *context["panels"]]
        context |= panel.context
    context["hide_notes"] = not link.notes


@require_safe
@never_cache
def shared_report(request: HttpRequest, token: str) -> HttpResponse:
    """The stored report of what this link allows (its own variant: no notes, typed evidence or
    links unless chosen), or the page that waits for it: never rendered in a manager's request."""
    link = link_or_404(token)
    scan = link.scan
    language = report_language(request, scan)
    appendix = report_appendix(request)
    if not link.allows_pdf(appendix):
        raise Http404("This link does not offer this download.")
    variant = stored.variant_of(link.view, appendix)
    pdf = stored.ready_pdf(scan, language, variant)
    if pdf is not None:
        downloaded(request, scan, language, link)
        return pdf_response(scan, pdf, language, appendix)
    report = stored.awaited(scan, language, variant=variant)
    with translation.override(page_language(request, scan)):
        response = preparing_page(request, scan, language, report, token=token)
    return private(response)


@require_safe
@never_cache
def shared_report_status(request: HttpRequest, token: str) -> HttpResponse:
    link = link_or_404(token)
    language = report_language(request, link.scan)
    appendix = report_appendix(request)
    if not link.allows_pdf(appendix):
        raise Http404("This link does not offer this download.")
    with translation.override(page_language(request, link.scan)):
        variant = stored.variant_of(link.view, appendix)
        response = status_fragment(request, link.scan, language, token, variant)
    return private(response)


def shared_presentation(link: ShareLink, language: str):
    """The presentation of the last completion's results (never a reopened scan's live answers)
    in `language`, with its texts in that language."""
    results = frozen_results(link.scan)
    if results is None:
        raise Http404("This scan has no completed results.")
    with translation.override(language):
        return present(link.scan, results, language=language)


def shared_downloaded(request: HttpRequest, link: ShareLink, language: str, kind: str) -> None:
    """The audit trail's line for a deck or document sent through a share link (not for a
    HEAD), with the link standing for the client manager, as for the PDF."""
    if request.method == "HEAD":
        return
    audit.record(
        request,
        AuditEvent.Action.REPORT_DOWNLOADED,
        link.scan,
        actor_label=f"share link {link.pk}",  # stored: the same in every language
        details={"format": kind, "language": language, "draft": False, "share_link": link.pk},
    )


@require_safe
@never_cache
def shared_deck(request: HttpRequest, token: str) -> HttpResponse:
    """The deck of the last completion, if this link offers it (404 otherwise), in the scan's
    language or ?language=nl|en. Made in the request, as the consultant's. It shows neither the
    answers' notes nor any evidence (only statements, scores, the plan and the consultant's
    words), so every link's client may get the same deck."""
    link = link_or_404(token)
    if not link.deck:
        raise Http404("This link does not offer this download.")
    scan = link.scan
    language = report_language(request, scan)
    presentation = shared_presentation(link, language)
    with translation.override(language):
        content = build_deck(presentation, branding_for(scan.organisation.consultancy_id))
    shared_downloaded(request, link, language, "pptx")
    return private(download(content, PPTX_TYPE, deck_name(scan, language)))


@require_safe
@never_cache
def shared_document(request: HttpRequest, token: str) -> HttpResponse:
    """The Word document of the last completion, if this link offers it (404 otherwise), of
    what the link's client may see (evidence and notes as the link allows), in the scan's
    language or ?language=nl|en. Made in the request, one at a time per link (429 for another
    meanwhile), as the consultant's are one at a time per user."""
    link = link_or_404(token)
    if not link.document:
        raise Http404("This link does not offer this download.")
    scan = link.scan
    language = report_language(request, scan)
    with ratelimit.exclusive(f"reports:document:link:{link.pk}", DRAFT_HOLD_SECONDS) as mine:
        if not mine:
            return private(
                busy(_("This document is being made already. Wait a moment and try again."))
            )
        content = build_document(shared_presentation(link, language), client=link.view)
    shared_downloaded(request, link, language, "docx")
    return private(download(content, DOCX_TYPE, document_name(scan, language)))
