"""Writing the consultant's texts on the results page: save one (htmx, or a plain form without
JavaScript), preview it as it will read, and draft them all from the results.

A saved text makes the scan's stored reports out of date; `reports` listens for it.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from checklists.models import Scan, active_content_language
from checklists.scan_pages import scan_view
from cxscan.requests import AuthenticatedHttpRequest
from scoring.presentation import present
from scoring.record import ScanResults
from scoring.results import results_for

from .draft import draft
from .forms import NarrativeForm
from .markdown import to_html
from .models import NarrativeText
from .page import Entry, section_label
from .texts import as_text, save_text, written

Kind = NarrativeText.Kind


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def results_at(scan: Scan, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('scoring:results', args=[scan.pk])}#{anchor}")


def label_of(results: ScanResults, kind: str, code: str) -> str:
    """The place's name in the active language; 404 for a place the scan's results do not
    have (an unknown kind, area or pillar, or a summary with a code)."""
    if kind == Kind.SUMMARY and not code:
        return _("Executive summary")
    label = None
    if kind in (Kind.AREA, Kind.PILLAR):
        label = section_label(results, kind, code, active_content_language())
    if label is None:
        raise Http404("No such area or pillar in this scan's results.")
    return label


@require_http_methods(["GET", "POST"])
@scan_view(with_related=("frozen_results",))
def edit(
    request: AuthenticatedHttpRequest, scan: Scan, kind: str = Kind.SUMMARY, code: str = ""
) -> HttpResponse:
    """One text: its editor (alone on a page without JavaScript, a fragment of the results page
    with htmx), saved on POST; "Preview" shows it as it will read without saving."""
    label = label_of(results_for(scan), kind, code)
    current = NarrativeText.objects.filter(scan=scan, kind=kind, code=code).first()
    entry = Entry(scan, kind, code, label, as_text(current) if current else None, editable=True)
    entry.open = True  # alone on its page, or just saved, previewed or refused: open
    entry.focus = request.method == "GET" and is_htmx(request)  # fetched into the results page
    status = 200
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        if not form.is_valid():
            entry.form = form
            # htmx swaps only a 2xx answer: the fragment carries the message instead.
            status = 200 if is_htmx(request) else 400
        elif "preview" in request.POST:
            entry.form = form
            entry.preview = to_html(form.cleaned_data["text"])
        else:
            row = save_text(scan, kind, code, form.cleaned_data["text"], request.user)
            if not is_htmx(request):
                messages.success(request, _("Saved."))
                return results_at(scan, entry.slug)
            entry.text = as_text(row) if row else None
            entry.saved = True
    template = "narrative/_editor.html" if is_htmx(request) else "narrative/edit.html"
    return render(request, template, {"scan": scan, "entry": entry}, status=status)


@require_POST
@scan_view()
def preview(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """The text as it will read (htmx, while typing): nothing is stored."""
    form = NarrativeForm(request.POST)
    return render(
        request,
        "narrative/_preview.html",
        {
            "preview": to_html(form.cleaned_data["text"]) if form.is_valid() else None,
            "errors": form.errors.get("text"),
        },
    )


@require_POST
@scan_view(with_related=("frozen_results",))
def draft_texts(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Fill the summary and every area's commentary from the results, in the scan's language.

    A text already written is replaced only when the consultant confirmed it by name (the
    confirmation lists them and posts each back as `replace`): one written meanwhile by a
    colleague is kept. Empty places are filled without asking.
    """
    with translation.override(scan.language):
        texts = draft(present(scan, language=scan.language))
    results = results_for(scan)
    existing = written(scan)
    taken = [key for key in texts if key in existing]
    if taken and request.POST.get("confirm") != "1":
        listed = [
            (key, label_of(results, *key.partition(":")[::2]), existing[key]) for key in taken
        ]
        empty = len(texts) - len(taken)
        context = {"scan": scan, "taken": listed, "empty": empty}
        return render(request, "narrative/draft_confirm.html", context)
    replace = set(request.POST.getlist("replace"))
    filled = 0
    for key, text in texts.items():
        if key in existing and key not in replace:
            continue
        kind, _colon, code = key.partition(":")
        save_text(scan, kind, code, text, request.user)
        filled += 1
    if filled:
        messages.success(
            request,
            _("A first version is written from the results: read it and make it your own."),
        )
    else:
        messages.info(request, _("Every text was written already: nothing was changed."))
    return results_at(scan, "narrative-summary")
