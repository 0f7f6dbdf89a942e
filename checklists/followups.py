"""Follow-up scans: a new scan of the same organisation that points to the one it follows up.

It starts empty or with the previous answers carried over. A carried-over answer keeps the date
its scan was completed (`Answer.carried_over_from`) until the consultant confirms or changes it,
so nobody mistakes last year's answer for this year's.
"""

from datetime import timedelta
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Answer, Scan
from .scanning import lock

MAX_TITLE = cast(int, Scan._meta.get_field("title").max_length)  # a CharField's: set
REPEAT_WINDOW = timedelta(seconds=30)  # a second "start" this soon is the same click, repeated


def follow_up_title(previous: Scan) -> str:
    """The title a follow-up of `previous` is offered: "<title> – follow-up", in the active
    language, shortened to fit."""
    title = _("%(title)s – follow-up") % {"title": previous.title}
    excess = len(title) - MAX_TITLE
    if excess > 0:
        title = _("%(title)s – follow-up") % {"title": previous.title[:-excess]}
    return title


def start_follow_up(previous: Scan, *, title: str, carry_over: bool, user) -> Scan:
    """Create the follow-up of `previous` (same organisation and language), with the answers to
    still-active statements carried over when `carry_over`. Raises ValidationError when
    `previous` cannot be a predecessor (see `Scan.predecessor_error`) or is open (reopened).

    A repeat of the same request (a double click, a resent form) returns the follow-up the first
    one made instead of a second one: the previous scan's row is locked while this is decided.
    """
    with transaction.atomic():
        previous = lock(previous)
        repeat = previous.followups.filter(
            created_by=user, title=title, created_at__gte=timezone.now() - REPEAT_WINDOW
        ).first()
        if repeat is not None:
            return repeat
        scan = Scan(
            organisation=previous.organisation,
            title=title,
            language=previous.language,
            created_by=user,
            previous=previous,
        )
        error = scan.predecessor_error(previous)
        if not error and not previous.is_completed:  # reopened: its answers are changing again
            error = _("Only a completed scan can be followed up. Complete this scan first.")
        if error:
            raise ValidationError(error)
        scan.save()
        if carry_over:
            copied = carry_over_answers(previous, scan)
            if copied:
                scan.status = Scan.Status.IN_PROGRESS
                scan.save(update_fields=["status", "updated_at"])
    return scan


def carry_over_answers(previous: Scan, scan: Scan) -> int:
    """Copy the value, N/A, note, confidence, evidence text and link of `previous`'s answers to
    active statements into `scan`, each marked with the date `previous` was completed. Evidence
    files are not copied: they stay with the scan they were uploaded to (and its quota). Returns
    how many were copied."""
    carried_from = timezone.localdate(previous.completed_at)
    answers = [
        Answer(
            scan=scan,
            item_id=answer.item_id,
            value=answer.value,
            not_applicable=answer.not_applicable,
            note=answer.note,
            confidence=answer.confidence,
            evidence=answer.evidence,
            evidence_link=answer.evidence_link,
            answered_by_id=answer.answered_by_id,
            carried_over_from=carried_from,
        )
        for answer in previous.answers.filter(item__is_active=True)
        .exclude(
            value=None,
            not_applicable=False,
            note="",
            confidence="",
            evidence="",
            evidence_link="",
        )
        .order_by("item_id")
    ]
    Answer.objects.bulk_create(answers)
    return len(answers)
