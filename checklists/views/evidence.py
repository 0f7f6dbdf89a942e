"""Evidence and confidence of one statement of a scan: its panel (a page without JavaScript, a
fragment in the scan page's dialog with it), saving, uploading, downloading and deleting files.

Every request from the dialog is an htmx request answered with the panel fragment, also when it
is refused (4xx): scan.js swaps it in, so the panel shows the message beside what was typed.
Without JavaScript the same forms post to the same URLs and get the page back.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cxscan.requests import AuthenticatedHttpRequest

from .. import evidence, filetypes, signals
from ..models import Answer, EvidenceFile, Item, Scan
from ..scan_html import evidence_marker
from ..scan_pages import scan_view

PAGE = "checklists/evidence.html"
HISTORY_SHOWN = 50  # the latest changes of an answer the panel lists


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def get_item_or_404(code: str) -> Item:
    return get_object_or_404(Item.objects.select_related("area"), code=code)


def panel_context(scan: Scan, item: Item, *, posted=None, error: str = "") -> dict:
    """The panel of a statement: what is saved, or what was typed when saving failed."""
    answer = Answer.objects.filter(scan=scan, item=item).first()
    files = list(answer.evidence_files.all()) if answer else []
    saved = {
        "confidence": answer.confidence if answer else "",
        "evidence": answer.evidence if answer else "",
        "evidence_link": answer.evidence_link if answer else "",
    }
    values = {name: (posted or {}).get(name, value) for name, value in saved.items()}
    count = bool(saved["evidence"]) + bool(saved["evidence_link"]) + len(files)
    return {
        "scan": scan,
        "item": item,
        "values": values,
        "files": files,
        "error": error,
        "read_only": scan.is_completed,
        "marker": evidence_marker(saved["confidence"], count),
        "has_evidence": bool(saved["confidence"] or count),
        # The answer's history sits in the same panel: beside the answer, fetched only when
        # asked for, so the scan page itself carries none of it.
        "changes": list(answer.changes.all()[:HISTORY_SHOWN]) if answer else [],
        "history_shown": HISTORY_SHOWN,
        "confidences": Answer.Confidence.choices,
        "evidence_max_length": Answer.EVIDENCE_MAX_LENGTH,
        "link_max_length": Answer.EVIDENCE_LINK_MAX_LENGTH,
        "accept": ",".join(
            [kind.extension for kind in filetypes.ACCEPTED]
            + [kind.content_type for kind in filetypes.ACCEPTED]
        ),
        "accepted": ", ".join(kind.label for kind in filetypes.ACCEPTED),
        "max_mb": evidence.megabytes(EvidenceFile.MAX_BYTES),
        "quota_mb": evidence.megabytes(EvidenceFile.SCAN_QUOTA_BYTES),
        "used": evidence.quota_used(scan),
        "back": reverse("checklists:scan_area", args=[scan.pk, item.area.code])
        + f"#item-{item.code}",
    }


def respond(request, scan, item, *, status=200, posted=None, error="", done="") -> HttpResponse:
    """The panel (htmx) or the page; after a successful save without JavaScript, a redirect to
    the page with `done` as a message."""
    if not is_htmx(request) and request.method == "POST" and status == 200:
        messages.success(request, done)
        return redirect("checklists:evidence", scan.pk, item.code)
    context = panel_context(scan, item, posted=posted, error=error)
    if is_htmx(request):
        context["done"] = done
        return render(request, f"{PAGE}#panel", context, status=status)
    return render(request, PAGE, context, status=status)


@require_http_methods(["GET", "POST"])
@scan_view()
def evidence_panel(request: AuthenticatedHttpRequest, scan: Scan, item: str) -> HttpResponse:
    """GET: the statement's evidence panel. POST: save its confidence, evidence text and link
    (each only if posted)."""
    statement = get_item_or_404(item)
    if request.method == "GET":
        return respond(request, scan, statement)
    change = evidence.EvidenceChange(
        confidence=request.POST.get("confidence"),
        evidence=request.POST.get("evidence"),
        evidence_link=request.POST.get("evidence_link"),
    )
    try:
        answer = evidence.save_evidence(scan, statement, change, user=request.user)
    except evidence.AnswerRefused as refused:
        status, message = refused.status, refused.message
        return respond(request, scan, statement, status=status, posted=request.POST, error=message)
    done = _("Evidence saved.")
    typed = (change.evidence_link or "").strip()
    if typed and answer.evidence_link != typed:
        done = _("Evidence saved. https:// was put in front of the link: %(link)s") % {
            "link": answer.evidence_link
        }
    return respond(request, scan, statement, done=done)


@require_POST
@scan_view()
def evidence_upload(request: AuthenticatedHttpRequest, scan: Scan, item: str) -> HttpResponse:
    """Add an uploaded file to the statement's evidence."""
    statement = get_item_or_404(item)
    try:
        evidence.add_file(scan, statement, request.FILES.get("file"), user=request.user)
    except evidence.AnswerRefused as refused:
        return respond(request, scan, statement, status=refused.status, error=refused.message)
    return respond(request, scan, statement, done=_("File uploaded."))


def get_file_or_404(scan: Scan, pk: int) -> EvidenceFile:
    return get_object_or_404(
        EvidenceFile.objects.select_related("answer__item__area"), answer__scan=scan, pk=pk
    )


@require_safe
@scan_view()
def evidence_download(request: AuthenticatedHttpRequest, scan: Scan, file: int) -> FileResponse:
    """The file, always as a download of the type recognised at upload, never shown inline."""
    stored = get_file_or_404(scan, file)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer stored.") from None
    # Named with the recognised type's extension, whatever the uploaded name ended in.
    name = evidence.download_name(stored.name, stored.content_type)
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser rendered it, it would run nothing and reach nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    signals.evidence_downloaded.send(EvidenceFile, request=request, file=stored)
    return response


@require_POST
@scan_view()
def evidence_delete(request: AuthenticatedHttpRequest, scan: Scan, file: int) -> HttpResponse:
    """Delete an evidence file: its row, and the stored file once that is committed."""
    stored = get_file_or_404(scan, file)
    item = stored.answer.item
    try:
        evidence.delete_file(scan, stored)
    except evidence.AnswerRefused as refused:
        return respond(request, scan, item, status=refused.status, error=refused.message)
    return respond(request, scan, item, done=_("File deleted."))
