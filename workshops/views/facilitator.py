"""The consultant's side of a workshop: start it, show it on the projector, record the
consensus, review all statements, close it."""

import functools

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from checklists import scanning
from checklists.models import Answer, Item, Scan
from checklists.scan_pages import scan_view
from cxscan.requests import AuthenticatedHttpRequest

from .. import room
from ..forms import StartForm
from ..models import Workshop

SHOW = {
    "all": _("All statements"),
    "discuss": _("To discuss (spread 2 or more)"),
    "open": _("No consensus yet"),
}


def open_workshop(scan: Scan) -> Workshop | None:
    # With the statement on the screen: the projector asks for it every 2 s (`live`).
    return scan.workshops.select_related("current_item").filter(closed_at__isnull=True).first()


def latest_workshop(scan: Scan) -> Workshop | None:
    return open_workshop(scan) or scan.workshops.select_related("current_item").first()


def with_workshop(*, without: str):
    """`scan_view` (the consultant's scan, another's: 404, in its page language) and the scan's
    latest workshop, passed to the view. Without a workshop: `without="start"` sends a page to
    the start form, `without="404"` answers a poll or fragment with an empty 404."""

    def decorate(view):
        @scan_view()
        @functools.wraps(view)
        def wrapped(request: HttpRequest, scan: Scan) -> HttpResponse:
            workshop = latest_workshop(scan)
            if workshop is None:
                if without == "start":
                    return redirect("workshops:start", scan.pk)
                return HttpResponse(status=404)
            return view(request, scan, workshop)

        return wrapped

    return decorate


def join_url(request: HttpRequest, workshop: Workshop) -> str:
    return request.build_absolute_uri(reverse("workshops:join", args=[workshop.code]))


@functools.lru_cache(maxsize=64)
def qr_svg(url: str) -> str:
    """The join URL as a QR code, drawn here as SVG (nothing from elsewhere). Kept: the room's
    screen asks for its slide every 1.5 s, and drawing the code takes most of that request."""
    return segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True, svgclass="qr")


@require_http_methods(["GET", "POST"])
@scan_view()
def start(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    if (workshop := open_workshop(scan)) is not None:
        return redirect("workshops:facilitator", scan.pk)
    if scan.is_completed:
        messages.error(request, _("This scan is completed. Reopen it to hold a workshop."))
        return redirect("scoring:results", scan.pk)
    form = StartForm(request.POST or None, initial={"areas": list(room.all_areas())})
    if request.method == "POST" and form.is_valid():
        workshop = form.save(commit=False)
        workshop.scan, workshop.created_by = scan, request.user
        workshop.save()
        form.save_m2m()
        return redirect("workshops:facilitator", scan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "workshops/start.html", {"scan": scan, "form": form}, status=status)


def room_context(workshop: Workshop, item: Item | None) -> dict:
    figures = room.figures(workshop, [item])[item.pk] if item else None
    answer = (
        Answer.objects.filter(scan=workshop.scan, item=item).first() if item is not None else None
    )
    return {
        "workshop": workshop,
        "item": item,
        "figures": figures,
        "answer": answer,
        "participants": workshop.participants.count(),
    }


@require_safe
@with_workshop(without="start")
def facilitator(request: AuthenticatedHttpRequest, scan: Scan, workshop: Workshop) -> HttpResponse:
    """The consultant's own window (a laptop beside the projector, or a phone as a remote): the
    start slide with the QR code, or one statement at a time with the votes, the consensus and
    its note. The room sees `screen`."""
    items = room.workshop_items(workshop)
    item = workshop.current_item if workshop.current_item in items else None
    index = items.index(item) if item else -1
    url = join_url(request, workshop)
    context = room_context(workshop, item) | {
        "scan": scan,
        "items": items,
        "position": index + 1,
        "previous": items[index - 1] if index > 0 else None,
        "next": items[index + 1] if index + 1 < len(items) else None,
        "join_url": url,
        "qr": qr_svg(url),
        "scale": Answer.Value.choices,
    }
    return render(request, "workshops/facilitator.html", context)


@require_safe
@with_workshop(without="404")
def live(request: AuthenticatedHttpRequest, scan: Scan, workshop: Workshop) -> HttpResponse:
    """The figures of the statement on the screen (or the start slide's count), polled."""
    item = workshop.current_item
    showing = request.GET.get("showing")
    if showing is not None and showing != (item.code if item else ""):
        # The statement moved on from the room's screen (its keys): load the page again.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "workshops/_live.html", room_context(workshop, item))


def votes_shown(workshop: Workshop) -> bool:
    return not workshop.hide_votes or workshop.revealed


def screen_context(request: HttpRequest, workshop: Workshop) -> dict:
    """What the room's screen shows: the start slide or one statement, never a note."""
    items = room.workshop_items(workshop)
    item = workshop.current_item if workshop.current_item in items else None
    url = join_url(request, workshop)
    figures = room.figures(workshop, [item])[item.pk] if item else None
    answer = Answer.objects.filter(scan=workshop.scan, item=item).first() if item else None
    index = items.index(item) if item else -1
    return {
        "scan": workshop.scan,
        "previous_code": items[index - 1].code if index > 0 else "",
        "next_code": items[index + 1].code if index + 1 < len(items) else "",
        "scale": Answer.Value.choices,
        "workshop": workshop,
        "item": item,
        "items": items,
        "position": index + 1,
        "figures": figures,
        "answer": answer,
        "shown": votes_shown(workshop),
        "participants": workshop.participants.count(),
        "join_url": url,
        "qr": qr_svg(url),
    }


@require_safe
@with_workshop(without="start")
def screen(request: AuthenticatedHttpRequest, scan: Scan, workshop: Workshop) -> HttpResponse:
    """The room's screen (the projector): full screen, no app header, nothing private. The
    consultant runs the workshop from their own window (`facilitator`) or from its keys."""
    return render(request, "workshops/screen.html", screen_context(request, workshop))


@require_safe
@with_workshop(without="404")
def screen_slide(request: AuthenticatedHttpRequest, scan: Scan, workshop: Workshop) -> HttpResponse:
    """The room's screen's slide, polled: it follows the facilitator's moves and reveals."""
    return render(request, "workshops/_slide.html", screen_context(request, workshop))


@require_safe
@with_workshop(without="404")
def screen_controls(
    request: AuthenticatedHttpRequest, scan: Scan, workshop: Workshop
) -> HttpResponse:
    """The facilitator's controls on the room's screen, fetched only when a key opens them
    (a single mirrored screen): the consensus and its reason, the stored note included."""
    item = workshop.current_item
    context = room_context(workshop, item) | {"scan": scan, "scale": Answer.Value.choices}
    return render(request, "workshops/_controls.html", context)


@require_POST
@scan_view()
def go(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Put a statement on the screen (and on the phones at the facilitator's pace)."""
    workshop = open_workshop(scan)
    if workshop is None:
        return closed_response(request, scan)
    code = request.POST.get("item", "")
    item = room.workshop_item(workshop, code)
    if code and item is None:
        return HttpResponseBadRequest(_("This statement is not part of the workshop."))
    # Every statement comes up with its votes hidden (when the workshop hides them).
    Workshop.objects.filter(pk=workshop.pk).update(current_item=item, revealed=False)
    return done(request, scan)


@require_POST
@scan_view()
def consensus(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Record the room's consensus as the scan's answer: a value, N/A, or the median."""
    workshop = latest_workshop(scan)
    item = room.workshop_item(workshop, request.POST.get("item")) if workshop else None
    if workshop is None or item is None:
        return HttpResponseBadRequest(_("This statement is not part of the workshop."))
    choice = request.POST.get("choice", "")
    if choice == "median":
        found = room.figures(workshop, [item])[item.pk]
        if found.middle is None:
            return HttpResponseBadRequest(
                _("Nobody scored this statement yet: there is no median to take.")
            )
        if found.consensus_value is None:
            low, high = found.middle
            return HttpResponseBadRequest(
                _(
                    "The room is split between %(low)d and %(high)d: there is no single "
                    "median. Choose one of the two."
                )
                % {"low": low, "high": high}
            )
        choice = str(found.consensus_value)
    reason = request.POST.get("reason", "").strip() or None
    try:
        scanning.save_answer(scan, item, choice=choice, note=reason, user=request.user)
    except scanning.AnswerRefused as refused:
        return HttpResponse(refused.message, status=refused.status)
    if is_htmx(request):  # from the room's screen: it shows the consensus at its next poll
        return done(request, scan)
    messages.success(request, _("Consensus recorded."))
    if request.POST.get("next") == "overview":
        return redirect(reverse("workshops:overview", args=[scan.pk]) + f"#row-{item.code}")
    return redirect("workshops:facilitator", scan.pk)


@require_POST
@scan_view()
def reveal(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Show (or hide again) the votes on the statement on the room's screen."""
    workshop = open_workshop(scan)
    if workshop is None:
        return closed_response(request, scan)
    Workshop.objects.filter(pk=workshop.pk).update(revealed=request.POST.get("revealed") == "1")
    return done(request, scan)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def done(request: HttpRequest, scan: Scan) -> HttpResponse:
    """After a move, a reveal or a consensus: the room's screen (htmx) stays where it is, in
    full screen, and asks for its slide again; the consultant's window loads its page again."""
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Trigger"] = "cx-refresh"
        return response
    return redirect("workshops:facilitator", scan.pk)


@require_safe
@with_workshop(without="start")
def overview(request: AuthenticatedHttpRequest, scan: Scan, workshop: Workshop) -> HttpResponse:
    show = request.GET.get("show", "all")
    if show not in SHOW:
        show = "all"
    items = room.workshop_items(workshop)
    figures = room.figures(workshop, items)
    answers = room.consensus(workshop, items)
    rows = [(item, figures[item.pk], answers.get(item.pk)) for item in items]
    if show == "discuss":
        rows = [row for row in rows if row[1].discuss]
    elif show == "open":
        rows = [row for row in rows if row[2] is None]
    context = {
        "scan": scan,
        "workshop": workshop,
        "rows": rows,
        "show": show,
        "filters": [(key, str(label)) for key, label in SHOW.items()],
        "participants": workshop.participants.count(),
    }
    return render(request, "workshops/overview.html", context)


@require_POST
@scan_view()
def close(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    updated = Workshop.objects.filter(scan=scan, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    if updated:
        messages.success(request, _("The workshop is closed: nobody can join or vote now."))
    return redirect("workshops:overview", scan.pk)


def closed_response(request: HttpRequest, scan: Scan) -> HttpResponse:
    return HttpResponse(_("This workshop is closed."), status=409)
