"""Completing a scan freezes its results; reopening opens it (the freeze stays for sharing)."""

from django.db import transaction
from django.utils import timezone

from checklists.models import Item, Scan
from checklists.scanning import confirm_answers, lock, unconfirmed_answers

from .latest import mark_latest
from .models import Results, SectionResult
from .record import ScanResults
from .results import build_results


def complete(scan: Scan) -> bool:
    """Complete the scan and freeze its results: later content edits do not change them.

    False when another request completed it first. Answers saved before this took the scan's
    lock are in the frozen results; saves that come after it see a completed scan and are
    refused (`checklists.scanning.save_answers` takes the same lock).
    """
    with transaction.atomic():
        current = lock(scan)
        if current.is_completed:
            return False
        current.status = Scan.Status.COMPLETED
        current.completed_at = timezone.now()
        current.save(update_fields=["status", "completed_at", "updated_at"])
        stored = store(current, build_results(current))
    scan.status, scan.completed_at = current.status, current.completed_at
    scan.frozen_results = stored  # what a later frozen_results(scan) reads
    scan.updated_at = current.updated_at
    return True


class CarriedNotConfirmed(Exception):
    """Completing was asked to confirm a number of carried-over answers that is not how many
    there are now (none was said, or some were confirmed or changed since the page was shown)."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def complete_confirming(scan: Scan, *, confirm: int, user) -> bool:
    """Complete the scan as the consultant asked on the complete page: the answers carried over
    from the previous scan and not yet confirmed are confirmed as they were, provided `confirm`
    is how many there are now; otherwise CarriedNotConfirmed and nothing changes. So a scan never
    completes on carried answers nobody looked at without the consultant saying so.
    """
    with transaction.atomic():
        current = lock(scan)
        if current.is_completed:
            return False
        carried = list(Item.objects.filter(pk__in=unconfirmed_answers(current).values("item_id")))
        if carried and len(carried) != confirm:
            raise CarriedNotConfirmed(len(carried))
        if carried:
            confirm_answers(current, carried, user=user)
        return complete(scan)


def store(scan: Scan, results: ScanResults) -> Results:
    """Keep the results of this completion: the document and one row per section."""
    assert scan.completed_at is not None  # called on completion
    stored, _created = Results.objects.update_or_create(
        scan=scan,
        defaults={
            "version": results.version,
            "document": results.to_document(),
            "completed_at": scan.completed_at,
        },
    )
    stored.sections.all().delete()
    SectionResult.objects.bulk_create(section_results(stored, results))
    mark_latest(scan.organisation_id)
    return stored


def section_results(stored: Results, results: ScanResults) -> list[SectionResult]:
    """The stored results' rows: overall, each area and each pillar, with the level's names."""
    kinds = [(SectionResult.Kind.OVERALL, [results.overall])]
    kinds += [
        (SectionResult.Kind.AREA, results.areas),
        (SectionResult.Kind.PILLAR, results.pillars),
    ]
    return [
        SectionResult(
            results=stored,
            kind=kind,
            code=section.code,
            score=section.score,
            level=section.level,
            coverage=section.coverage,
            level_name_nl=level.name["nl"] if level else "",
            level_name_en=level.name["en"] if level else "",
        )
        for kind, sections in kinds
        for section in sections
        for level in [results.level(section.level)]
    ]


def reopen(scan: Scan) -> bool:
    """Open the scan again; its results are computed afresh from now on.

    The results and time of the last completion stay: share links keep showing them (and
    their report) until the scan is completed again.
    """
    with transaction.atomic():
        current = lock(scan)
        if not current.is_completed:
            return False
        current.status = Scan.Status.IN_PROGRESS
        current.save(update_fields=["status", "updated_at"])
    scan.status, scan.updated_at = current.status, current.updated_at
    return True
