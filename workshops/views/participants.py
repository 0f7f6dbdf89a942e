"""The participants' side: no account, a join code, a display name, and a vote per statement.

A participant reaches only the statements of the workshop they joined and their own votes; the
signed cookie that remembers them is valid for that workshop's URLs alone.
"""

from functools import wraps

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branding.models import Branding, branding_for
from checklists import scanning
from checklists.languages import page_language
from checklists.models import Answer, Item, Scan
from checklists.scan_html import ItemRenderer, ItemRow, scale_style

from .. import limits, room
from ..codes import participant_for, remember, workshop_for_code
from ..forms import CodeForm, JoinForm
from ..models import COMMENT_MAX_LENGTH, Participant, Vote, Workshop


def too_many(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        _("Too many attempts from your network. Wait a minute and try again."), status=429
    )


def find(request: HttpRequest, code: str) -> Workshop | HttpResponse:
    """The workshop with this code, or the page that says why not (unknown, closed, limited)."""
    if limits.exceeded(request, "code"):
        return too_many(request)
    try:
        return workshop_for_code(code)
    except Http404:  # an unknown code counts towards the limit
        if not limits.allow(request, "code"):
            return too_many(request)
        form = CodeForm({"code": code})
        form.is_valid()
        form.add_error(None, _("No workshop has this code. Check it with the consultant."))
        return render(request, "workshops/enter.html", {"form": form}, status=404)


def by_code(view):
    """The view gets the workshop of the code in its URL, in the scan's language (or the
    participant's choice); an unknown code gets the page that says so, as `find` does."""

    @wraps(view)
    def with_workshop(request: HttpRequest, code: str, *args, **kwargs) -> HttpResponse:
        found = find(request, code)
        if isinstance(found, HttpResponse):
            return found
        with translation.override(page_language(request, found.scan)):
            return view(request, found, *args, **kwargs)

    return with_workshop


def consultancy_branding(workshop: Workshop) -> Branding:
    """A participant has no account: their phone wears the consultancy's branding (cached)."""
    return branding_for(workshop.scan.organisation.consultancy_id)


def closed(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """The screen that ends a participant's workshop: closed, or its scan completed. No poll."""
    completed = workshop.scan.is_completed
    context = {"workshop": workshop, "completed": completed}
    return render(request, "workshops/closed.html", context, status=410)


def is_over(workshop: Workshop) -> bool:
    """Nobody votes any more: the workshop is closed or its scan is completed."""
    return not workshop.is_open or workshop.scan.is_completed


def reload_phone(workshop: Workshop, status: int, message: str = "") -> HttpResponse:
    """For a phone's background request (a poll or a vote) once the page it shows is out of date:
    htmx follows HX-Redirect to the vote page, which shows what is right now, such as the closed
    screen, where nothing polls any more."""
    response = HttpResponse(message, status=status)
    response["HX-Redirect"] = reverse("workshops:vote_page", args=[workshop.code])
    return response


def phone_state(workshop: Workshop, item: Item | None) -> str:
    """What a phone following the screen shows: the statement's code, or "waiting" before the
    first statement and "paused" when the facilitator went back to the start slide after votes."""
    if item is not None:
        return item.code
    return "paused" if workshop.votes.exists() else "waiting"


@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    """/w/: type the code shown on the screen."""
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "workshops/enter.html", {"form": form}, status=400)
        found = find(request, form.cleaned_data["code"])
        if isinstance(found, HttpResponse):
            return found
        return redirect("workshops:join", found.code)
    return render(request, "workshops/enter.html", {"form": form})


@require_http_methods(["GET", "POST"])
@by_code
def join(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    if not workshop.is_open:
        return closed(request, workshop)
    if participant_for(request, workshop) is not None:
        return redirect("workshops:vote_page", workshop.code)
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if not limits.allow(request, "join"):
            return too_many(request)
        if form.is_valid():
            participant = Participant.objects.create(
                workshop=workshop, name=form.cleaned_data["name"].strip()
            )
            response = redirect("workshops:vote_page", workshop.code)
            remember(response, participant, secure=settings.SESSION_COOKIE_SECURE)
            return response
    status = 400 if request.method == "POST" else 200
    context = {"workshop": workshop, "form": form, "branding": consultancy_branding(workshop)}
    return render(request, "workshops/join.html", context, status=status)


def participant_or_join(request: HttpRequest, workshop: Workshop) -> Participant | HttpResponse:
    participant = participant_for(request, workshop)
    if participant is None:
        return redirect("workshops:join", workshop.code)
    return participant


@require_safe
@by_code
def vote_page(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    if is_over(workshop):
        return closed(request, workshop)
    participant = participant_or_join(request, workshop)
    if isinstance(participant, HttpResponse):
        return participant
    context: dict[str, object] = {
        "workshop": workshop,
        "participant": participant,
        "branding": consultancy_branding(workshop),
        "scale_style": scale_style(),  # the scale's meanings, for its labels (app.css)
    }
    if workshop.pace == Workshop.Pace.FOLLOW:
        item = workshop.current_item
        context |= {
            "current": item,
            "state": phone_state(workshop, item),
            "rows": vote_rows(participant, [item] if item else []),
        }
    else:
        areas = list(workshop.areas.order_by("position"))
        area = next((a for a in areas if a.code == request.GET.get("area")), areas[0])
        items = [i for i in room.workshop_items(workshop) if i.area_id == area.pk]
        context |= {"areas": areas, "area": area, "rows": vote_rows(participant, items)}
    return render(request, "workshops/vote.html", context)


def vote_rows(participant: Participant, items: list[Item]) -> SafeString:
    """The statements with this participant's votes, marked up as on the scan page, so that
    scan.js saves each change at once and retries a failed save."""
    votes = {v.item_id: v for v in participant.votes.filter(item__in=[i.pk for i in items])}
    renderer = ItemRenderer(
        # The vote URL without its statement code: the renderer adds each code.
        autosave_prefix=reverse(
            "workshops:vote", args=[participant.workshop.code, "item"]
        ).removesuffix("item/"),
        note_max_length=COMMENT_MAX_LENGTH,
        note_label=_("Comment (optional)"),
        add_note_label=_("Add a comment"),
    )
    rows = []
    for item in items:
        vote = votes.get(item.pk)
        choice = Answer.choice_for(vote.value, vote.not_applicable) if vote else ""
        comment = vote.comment if vote else ""
        rows.append(
            ItemRow(
                code=item.code,
                statement=item.statement,
                guidance=item.guidance,
                choice=choice,
                note=comment,
                original_choice=choice,
                original_note=comment,
                saved=vote is not None,
            )
        )
    return renderer.render(rows)


@require_safe
@by_code
def current(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Polled by every phone. Once the workshop is over: to the closed screen. At the
    facilitator's pace: the statement on the screen (or the waiting or paused screen), when it
    is not the one shown. Self-paced phones ask with `showing=self` and get nothing else."""
    if is_over(workshop):
        return reload_phone(workshop, status=200)
    participant = participant_for(request, workshop)
    if participant is None:
        return HttpResponse(_("Join the workshop first."), status=403)
    showing = request.GET.get("showing", "")
    if workshop.pace != Workshop.Pace.FOLLOW:
        if showing == "self":
            return HttpResponse(status=204)
        # The facilitator changed the pace: the phone loads the page of the new one.
        return reload_phone(workshop, status=200)
    item = workshop.current_item
    state = phone_state(workshop, item)
    if state == showing:
        return HttpResponse(status=204)  # htmx leaves the page as it is
    if showing == "self":
        return reload_phone(workshop, status=200)
    context = {
        "workshop": workshop,
        "participant": participant,
        "current": item,
        "state": state,
        "rows": vote_rows(participant, [item] if item else []),
    }
    return render(request, "workshops/_follow.html", context)


@require_POST
@by_code
def vote(request: HttpRequest, workshop: Workshop, item: str) -> HttpResponse:
    """Save one participant's vote or comment on one statement (the field that changed)."""
    participant = participant_for(request, workshop)
    if participant is None:
        return HttpResponse(_("Join the workshop first: open its link again."), status=403)
    if not limits.allow(request, "vote"):
        return too_many(request)
    statement = room.workshop_item(workshop, item)
    if statement is None:
        return HttpResponse(_("This statement is not part of the workshop."), status=404)
    try:
        fields = vote_fields(request, statement)
    except scanning.AnswerRefused as refused:
        return HttpResponse(refused.message, status=refused.status)
    with transaction.atomic():
        # The workshop row is locked, so a vote either lands before closing or is refused.
        still_open = (
            Workshop.objects.select_for_update(of=("self",))
            .filter(pk=workshop.pk, closed_at__isnull=True)
            .exclude(scan__status=Scan.Status.COMPLETED)
        )
        if still_open.first() is None:
            message = _("This workshop is closed: votes can no longer change.")
            return reload_phone(workshop, status=409, message=message)
        # Every vote in the room waits for this lock, so it is held for two statements
        # only: an update, or an insert for a first vote. Under the lock no other request
        # of this participant can insert the same vote in between (update_or_create would
        # add a savepoint and a SELECT ... FOR UPDATE to guard against that).
        mine = Vote.objects.filter(participant=participant, item=statement)
        if not mine.update(**fields, updated_at=timezone.now()):
            Vote.objects.create(
                participant=participant, item=statement, workshop=workshop, **fields
            )
    return HttpResponse(format_html('<span class="text-success">{}</span>', _("Saved")))


def vote_fields(request: HttpRequest, item: Item) -> dict:
    """The posted value or comment, checked; a request with neither is refused."""
    fields: dict[str, bool | int | str | None] = {}
    choice = scanning.parse_choice(request.POST.get(f"value-{item.code}"))
    if choice is not None:
        fields["not_applicable"] = choice == Answer.NOT_APPLICABLE
        fields["value"] = None if choice == Answer.NOT_APPLICABLE else int(choice)
    comment = request.POST.get(f"note-{item.code}")
    if comment is not None:
        comment = comment.replace("\r\n", "\n")
        if len(comment) > COMMENT_MAX_LENGTH:
            raise scanning.AnswerRefused(
                _("The comment is %(length)d characters long; at most %(max)d fit.")
                % {"length": len(comment), "max": COMMENT_MAX_LENGTH}
            )
        fields["comment"] = comment
    if not fields:
        raise scanning.AnswerRefused(_("Nothing to save: choose a score or write a comment."))
    return fields
