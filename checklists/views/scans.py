"""The scan run: a page per area, autosave of single answers, completing and reopening."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cxscan.requests import AuthenticatedHttpRequest

from .. import scanning
from ..models import Answer, Area, Pillar, Scan, Tip
from ..scan_html import ItemRenderer, ItemRow, scale_key, scale_options, scale_style
from ..scan_pages import scan_view

SCAN_PAGE = "checklists/scan_area.html"
# The scan page's two views of the same statements (issue 26): cards with the scale on one line
# (compact, the default) or a row per statement (table). The choice and whether the tips beside
# the statements are folded away are kept in cookies, so that the server renders the page as it
# will stay (nothing moves once it has loaded) on every area and after a reload.
VIEWS = ("compact", "table")
VIEW_COOKIE = "scan_view"
TIPS_COOKIE = "scan_tips"  # "hidden": set by scan.js's Tips button


@require_safe
@scan_view()
def scan(request: AuthenticatedHttpRequest, scan: Scan) -> HttpResponse:
    """Open a scan at the first area that still has unanswered items."""
    areas = scanning.progress(scan)
    area = next((p.area for p in areas if p.answered < p.total), areas[0].area)
    return redirect("checklists:scan_area", scan.pk, area.code)


@require_http_methods(["GET", "POST"])
@scan_view()
def scan_area(request: AuthenticatedHttpRequest, scan: Scan, area: str) -> HttpResponse:
    """One area of the scan. POST saves the whole page: the form that works without JavaScript."""
    if request.method == "POST":
        return _save_page(request, scan, get_object_or_404(Area, code=area))
    # The progress lists every area: the page's area comes from it, without a query of its own.
    summary = scanning.progress_summary(scan)
    page_area = next((p.area for p in summary["progress"] if p.area.code == area), None)
    if page_area is None:
        raise Http404("No such area.")
    chosen = request.GET.get("view")
    context = _area_context(scan, page_area, summary=summary) | _layout(request)
    response = render(request, SCAN_PAGE, context)
    if chosen in VIEWS:  # the switch's links: kept for the next areas and visits
        response.set_cookie(
            VIEW_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _layout(request: HttpRequest) -> dict:
    """How the page lays out its statements: the view (a link's ?view=, else the cookie, else
    compact) and whether the tips are folded away."""
    view = request.GET.get("view")
    if view not in VIEWS:
        view = request.COOKIES.get(VIEW_COOKIE)
    return {
        "view": view if view in VIEWS else VIEWS[0],
        "tips_hidden": request.COOKIES.get(TIPS_COOKIE) == "hidden",
    }


def _areas_url(scan: Scan) -> str:
    """The stepper's links are this + the area's code + "/": one reverse, not one per area."""
    return reverse("checklists:scan_area", args=[scan.pk, "AREA"]).removesuffix("AREA/")


def _area_done(scan: Scan, progress: list[scanning.AreaProgress], area: Area) -> dict:
    """The "done with this area" line: the area's progress once none of its statements is left
    to answer or to confirm (N/A counts as answered, a carried-over answer not yet), and the
    area after it, None at the last (the line offers to complete the scan instead). Read from
    the progress the page and the autosave already have: no query of its own."""
    index = next(i for i, step in enumerate(progress) if step.area == area)
    step = progress[index]
    done = step.total > 0 and not step.open and not scan.is_completed
    following = progress[index + 1].area if index + 1 < len(progress) else None
    return {"area_done": step if done else None, "area_after": following}


def _area_context(
    scan: Scan, area: Area, *, errors: dict | None = None, posted=None, summary=None
) -> dict:
    summary = summary or scanning.progress_summary(scan)
    progress = summary["progress"]
    areas = [p.area for p in progress]
    index = areas.index(area)
    groups, first_unanswered, carried = _groups(scan, area, errors or {}, posted or {})
    # Where "next unanswered" and the skip link lead once this area has none left.
    others = progress[index + 1 :] + progress[:index]
    return {
        **summary,
        "scan": scan,
        "area": area,
        "areas_url": _areas_url(scan),
        "previous_area": areas[index - 1] if index > 0 else None,
        "next_area": areas[index + 1] if index + 1 < len(areas) else None,
        "next_open_area": next((p.area for p in others if p.answered < p.total), None),
        "groups": groups,
        "first_unanswered": first_unanswered,
        "carried_count": carried,
        **_area_done(scan, progress, area),
        **_tips(area),
        "errors": errors or {},
        **_scale(),
    }


def _scale() -> dict:
    """The scale's meanings for the page's head (`scale_style`) and its key, from one list."""
    options = scale_options()
    return {"scale_style": scale_style(options), "scale_key": scale_key(options)}


def _tips(area: Area) -> dict:
    """The area's tips. The tips of its statements' pillars are loaded when their panel is
    opened (`pillar_tips`): on every page they doubled the page's rendering time."""
    return {"tips": Tip.objects.filter(area=area).order_by("kind", "position")}


def _pillar_tips(area: Area) -> list[tuple[Pillar, list[Tip]]]:
    """The tips of the pillars this area's statements belong to, by pillar. A pillar's do's and
    don'ts help with its statements wherever they sit. A tip that also sits on this area (seed
    004's, copied to their area with their own codes) is left out: the area's tips show it."""
    on_area = set(Tip.objects.filter(area=area).values_list("text_nl", flat=True))
    found = (
        Tip.objects.filter(
            pillar__in=Pillar.objects.filter(items__area=area, items__is_active=True)
        )
        .exclude(text_nl__in=on_area)
        .select_related("pillar")
        .order_by("pillar__position", "pillar__code", "kind", "position", "code")
    )
    by_pillar: dict[Pillar, list[Tip]] = {}
    for tip in found:
        if tip.pillar is not None:  # always: the query asks for pillars' tips
            by_pillar.setdefault(tip.pillar, []).append(tip)
    return list(by_pillar.items())


@require_safe
@scan_view()
def pillar_tips(request: AuthenticatedHttpRequest, scan: Scan, area: str) -> HttpResponse:
    """The tips of the pillars of an area's statements, folded per pillar: the scan page's
    panel fetches them when it is opened."""
    tips = _pillar_tips(get_object_or_404(Area, code=area))
    return render(request, "checklists/_pillar_tips.html", {"pillar_tips": tips})


def _groups(scan: Scan, area: Area, errors: dict, posted) -> tuple[list, str, int]:
    """(topic group, its statements' HTML) per group, the first unanswered item's code, and how
    many answers on the page are carried over and not yet confirmed."""
    read_only = scan.is_completed
    # One reverse() for the page; each item's URL differs only in its code.
    prefix = reverse("checklists:autosave", args=[scan.pk, "ITEM"]).removesuffix("ITEM/")
    renderer = ItemRenderer(
        autosave_prefix=None if read_only else prefix,
        note_max_length=Answer.NOTE_MAX_LENGTH,
        evidence_prefix=prefix,  # evidence/ after the code: read-only once completed
    )
    groups, first_unanswered, carried = [], "", 0
    for group in scanning.page_groups(scan, area):
        rows = []
        for item in group.items:
            code = item.code
            choice = posted.get(f"value-{code}", item.choice)
            # A carried-over answer nobody has confirmed yet is still to be looked at.
            answered = choice and item.carried_from is None
            first_unanswered = first_unanswered or ("" if answered else code)
            rows.append(
                ItemRow(
                    code=code,
                    statement=item.statement,
                    guidance=item.guidance,
                    choice=choice,
                    note=posted.get(f"note-{code}", item.note),
                    # After a refused save the page keeps what was typed, but compares with
                    # what the page was first loaded with, so a later save still writes it.
                    original_choice=posted.get(f"original-value-{code}", item.choice),
                    original_note=posted.get(f"original-note-{code}", item.note),
                    saved=item.has_answer,
                    error=errors.get(code, ""),
                    carried_from=item.carried_from,
                    confidence=item.confidence,
                    evidence_count=item.evidence_count,
                )
            )
            carried += item.carried_from is not None
        groups.append((group, renderer.render(rows)))
    return groups, first_unanswered, carried


def same_text(typed: str, original: str | None) -> bool:
    """Equal but for line endings (browsers send a textarea's line breaks as \\r\\n)."""
    return original is not None and typed.replace("\r\n", "\n") == original.replace("\r\n", "\n")


def _save_page(request: HttpRequest, scan: Scan, area: Area) -> HttpResponse:
    """Save what changed on the page since it was loaded; refuse the page if anything is bad.

    Each item posts its value and note beside the values the page was loaded with; only fields
    that differ are written, so a stale tab does not overwrite answers given elsewhere since.
    """
    changes, errors = [], {}
    items = [item for group in scanning.area_groups(scan, area) for item, _answer in group.rows]
    for item in items:
        choice = request.POST.get(f"value-{item.code}")
        note = request.POST.get(f"note-{item.code}")
        if choice == request.POST.get(f"original-value-{item.code}"):
            choice = None
        if note is not None and same_text(note, request.POST.get(f"original-note-{item.code}")):
            note = None
        if choice is None and note is None:
            continue
        try:
            scanning.parse_choice(choice), scanning.parse_note(note)
        except scanning.AnswerRefused as refused:
            errors[item.code] = refused.message
        changes.append(scanning.Change(item, choice, note))
    # A carried-over answer's Confirm button, or "Confirm all on this page".
    confirm = set(request.POST.getlist("confirm"))
    to_confirm = [i for i in items if "confirm-all" in request.POST or i.code in confirm]
    status, page_error, confirmed = 400, "", 0
    if not errors:
        try:
            with transaction.atomic():
                if changes or not to_confirm:
                    scanning.save_answers(scan, changes, user=request.user)
                if to_confirm:
                    confirmed = scanning.confirm_answers(scan, to_confirm, user=request.user)
        except scanning.AnswerRefused as refused:  # e.g. completed meanwhile: nothing was saved
            status, page_error = refused.status, refused.message
    if errors or page_error:
        # Nothing is saved, and the page comes back with everything that was typed.
        context = _area_context(scan, area, errors=errors, posted=request.POST)
        context |= _layout(request) | {"page_error": page_error}
        return render(request, SCAN_PAGE, context, status=status)
    if confirmed and not changes:
        message = ngettext(
            "%(count)d carried-over answer confirmed.",
            "%(count)d carried-over answers confirmed.",
            confirmed,
        )
        messages.success(request, message % {"count": confirmed})
    else:
        messages.success(request, _("Answers saved."))
    target = request.POST.get("go")
    if target and Area.objects.filter(code=target).exists():
        return redirect("checklists:scan_area", scan.pk, target)
    return redirect("checklists:scan_area", scan.pk, area.code)


def logged_out_401(request: HttpRequest) -> HttpResponse:
    """A logged-out user gets 401 and a sentence, not the login page: the page keeps the answer
    and retries it, and it is saved as soon as the user has logged in again (in another tab)."""
    message = _("You are logged out. Log in again in another tab: this answer is then saved.")
    return HttpResponse(message, status=401, content_type="text/plain; charset=utf-8")


@require_POST
@scan_view(logged_out=logged_out_401, organisation=False)
def autosave(request: AuthenticatedHttpRequest, scan: Scan, item: str) -> HttpResponse:
    """Save one item's value or note, or confirm its carried-over answer (htmx). Answers with
    the item's status fragment; a logged-out user gets `logged_out_401`.
    """
    statement = scanning.statement(item)
    if statement is None:
        return HttpResponse(
            _("This statement does not exist."), status=404, content_type="text/plain"
        )
    try:
        # A carried-over answer, confirmed as it is.
        if request.POST.get("confirm") == statement.code:
            scanning.confirm_answers(scan, [statement], user=request.user)
        else:
            scanning.save_answer(
                scan,
                statement,
                choice=request.POST.get(f"value-{statement.code}"),
                note=request.POST.get(f"note-{statement.code}"),
                user=request.user,
            )
    except scanning.AnswerRefused as refused:
        return HttpResponse(refused.message, status=refused.status, content_type="text/plain")
    summary = scanning.progress_summary(scan)
    # The statement's area is in the progress already: no query of its own.
    step = next(p for p in summary["progress"] if p.area.pk == statement.area_id)
    area = step.area
    # The fragment needs no context processors (the branding, the user, the messages). Of the
    # stepper it carries the saved statement's area alone: no other area's counts changed.
    context = {**summary, "scan": scan, "area": area, "step": step, "areas_url": _areas_url(scan)}
    context.update(_area_done(scan, summary["progress"], area))
    return HttpResponse(render_to_string("checklists/scan_area.html#saved", context))
