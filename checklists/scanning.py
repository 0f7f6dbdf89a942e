"""Running a scan: which items a page shows, saving answers, and progress per area."""

from dataclasses import dataclass
from itertools import groupby

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Answer, Area, Item, Scan, Topic

NOT_APPLICABLE = "na"
CHOICES = ("0", "1", "2", "3", "4", NOT_APPLICABLE)


class AnswerRefused(Exception):
    """An answer that cannot be saved; `message` says why, for the person who typed it."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class AreaProgress:
    area: Area
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


@dataclass
class ItemGroup:
    topic: Topic | None
    rows: list  # (item, answer or None)


def area_groups(scan: Scan, area: Area) -> list[ItemGroup]:
    """The active items of an area with this scan's answers, grouped under their topics.

    Two queries whatever the number of items: the items (with topics) and the answers.
    """
    items = list(
        Item.objects.active()
        .filter(area=area)
        .select_related("topic")
        .order_by("topic__position", "position", "code")
    )
    answers = {a.item_id: a for a in scan.answers.filter(item__in=[i.pk for i in items])}
    return [
        ItemGroup(topic, [(item, answers.get(item.pk)) for item in group])
        for topic, group in groupby(items, key=lambda item: item.topic)
    ]


def progress(scan: Scan) -> list[AreaProgress]:
    """Answered and total active items per area (N/A counts as answered). Three queries."""
    totals = dict(Item.objects.active().values_list("area_id").annotate(n=Count("pk")).order_by())
    answered = dict(
        scan.answers.filter(item__is_active=True)
        .filter(Q(value__isnull=False) | Q(not_applicable=True))
        .values_list("item__area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        AreaProgress(area, answered.get(area.pk, 0), totals.get(area.pk, 0))
        for area in Area.objects.all()
    ]


def progress_summary(scan: Scan) -> dict:
    """Progress per area and overall, as the stepper and progress bar show them."""
    areas = progress(scan)
    answered = sum(p.answered for p in areas)
    total = sum(p.total for p in areas)
    return {
        "progress": areas,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
    }


def unanswered_items(scan: Scan) -> list[Item]:
    answered = scan.answers.filter(Q(value__isnull=False) | Q(not_applicable=True))
    return list(
        Item.objects.active()
        .exclude(pk__in=answered.values("item_id"))
        .select_related("area", "topic")
        .order_by("area__position", "topic__position", "position")
    )


def parse_choice(raw: str | None) -> str | None:
    """A posted answer value, checked against the scale. None when nothing was posted."""
    if raw is None:
        return None
    raw = raw.strip().lower()
    if raw not in CHOICES:
        raise AnswerRefused(
            _("“%(value)s” is not on the answer scale (0–4 or not applicable).") % {"value": raw}
        )
    return raw


def parse_note(raw: str | None) -> str | None:
    if raw is None:
        return None
    # Browsers count a line break as one character for maxlength but send it as \r\n.
    raw = raw.replace("\r\n", "\n")
    if len(raw) > Answer.NOTE_MAX_LENGTH:
        raise AnswerRefused(
            _("The note is %(length)d characters long; at most %(max)d fit. Nothing was saved.")
            % {"length": len(raw), "max": Answer.NOTE_MAX_LENGTH}
        )
    return raw


def check_open(scan: Scan) -> None:
    if scan.is_completed:
        raise AnswerRefused(
            _("This scan is completed, so its answers can no longer change. Reopen it first."),
            status=409,
        )


def save_answer(scan: Scan, item: Item, *, choice: str | None, note: str | None, user) -> Answer:
    """Write what was posted for one item; fields that were not posted stay as they are.

    Only the posted fields are written, so two tabs (or two people) on the same scan never undo
    each other's answers to other items, or each other's note when one only changes the value.
    """
    check_open(scan)
    if not item.is_active:
        raise AnswerRefused(_("This statement is no longer part of the scan."), status=404)
    choice, note = parse_choice(choice), parse_note(note)
    changes = {}
    if choice is not None:
        changes["not_applicable"] = choice == NOT_APPLICABLE
        changes["value"] = None if choice == NOT_APPLICABLE else int(choice)
    if note is not None:
        changes["note"] = note
    with transaction.atomic():
        answer = _answer_for_update(scan, item)
        for field, value in changes.items():
            setattr(answer, field, value)
        answer.answered_by = user
        answer.save()
        now = timezone.now()
        started = Scan.objects.filter(pk=scan.pk, status=Scan.Status.DRAFT).update(
            status=Scan.Status.IN_PROGRESS, updated_at=now
        )
        if not started:
            Scan.objects.filter(pk=scan.pk).update(updated_at=now)
    return answer


def _answer_for_update(scan: Scan, item: Item) -> Answer:
    answers = Answer.objects.select_for_update()
    try:
        return answers.get(scan=scan, item=item)
    except Answer.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return Answer.objects.create(scan=scan, item=item)
    except IntegrityError:  # another request created it a moment ago
        return answers.get(scan=scan, item=item)


def complete(scan: Scan) -> None:
    """Complete the scan and freeze its results: later content edits do not change them."""
    from scoring.results import build_results  # scoring builds on this app, not the reverse

    with transaction.atomic():
        scan.results = build_results(scan)
        scan.status = Scan.Status.COMPLETED
        scan.completed_at = timezone.now()
        scan.save(update_fields=["status", "completed_at", "results", "updated_at"])


def reopen(scan: Scan) -> None:
    """Open the scan again; its results are computed afresh from now on."""
    scan.status = Scan.Status.IN_PROGRESS
    scan.completed_at = None
    scan.results = None
    scan.save(update_fields=["status", "completed_at", "results", "updated_at"])
