"""Stored reports: asking for a render, rendering in a worker, and reading the stored PDF.

A completed scan has one `StoredReport` per language. Whatever changes the report (completing
the scan, its plan, KPIs or targets, the branding) adds one to its `version`; a task in the
queue (`reports.tasks.render_report_task`, run by `manage.py db_worker`) renders it, and a
download reads the stored PDF once `rendered_version` has caught up.

Any number of workers may hold tasks for the same report; only the one that claims it renders.
The claim is one conditional UPDATE (atomic on SQLite and PostgreSQL), not a long transaction:
a render takes a second or two and must not hold the database's write lock that long. A worker
that finishes re-reads the version and renders again if it moved on meanwhile, so a change made
during a render is never lost; a claim older than `LEASE` (a worker killed mid-render) may be
taken over.
"""

import logging
import secrets
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from checklists.models import CONTENT_LANGUAGES, Scan
from scoring.results import frozen_results

from .models import StoredReport
from .report import report_html, write_pdf

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
# A task queued this long ago without a render since is taken as lost: a download queues another.
QUEUE_PATIENCE = timedelta(minutes=5)
# A failed render is tried again after these waits; after the last, staff see it in the admin.
RETRY_DELAYS = (timedelta(seconds=15), timedelta(minutes=2))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def report_changed(scan: Scan) -> None:
    """The scan's plan, KPIs or targets changed: its stored reports are out of date.

    Only reports that exist are touched (a scan never completed has none, and one being deleted
    must not get new rows); the renders are queued once the change is committed.
    """
    bumped = StoredReport.objects.filter(scan_id=scan.pk).out_of_date(queued_at=timezone.now())
    if bumped:
        queue_on_commit(scan.pk, CONTENT_LANGUAGES)


def scan_completed(scan: Scan) -> None:
    """A completion: a report per language of this completion, rendered once committed."""
    for language in CONTENT_LANGUAGES:
        report, created = StoredReport.objects.get_or_create(
            scan=scan,
            language=language,
            defaults={"completed_at": scan.completed_at, "queued_at": timezone.now()},
        )
        if not created:
            StoredReport.objects.filter(pk=report.pk).out_of_date(
                completed_at=scan.completed_at, queued_at=timezone.now()
            )
    queue_on_commit(scan.pk, CONTENT_LANGUAGES)


def all_changed() -> None:
    """Every stored report is out of date (the branding changed). They are rendered again when
    next asked for, not all at once: a consultancy's whole archive would fill the queue."""
    StoredReport.objects.out_of_date(queued_at=None)


def queue_on_commit(scan_id: int, languages) -> None:
    from .tasks import render_report_task

    def enqueue():
        for language in languages:
            render_report_task.enqueue(scan_id=scan_id, language=language)

    transaction.on_commit(enqueue)


def ready_pdf(scan: Scan, language: str) -> bytes | None:
    """The stored PDF if it is current, else None. One query, which reads the PDF only when it
    is current."""
    pdf = (
        StoredReport.objects.filter(
            scan=scan,
            language=language,
            completed_at=scan.completed_at,
            rendered_version__gte=F("version"),
        )
        .values_list("pdf", flat=True)
        .first()
    )
    return None if pdf is None else bytes(pdf)


def awaited(scan: Scan, language: str) -> StoredReport:
    """The report a download waits for, with a render queued unless one is on its way.

    Called when `ready_pdf` found nothing: the first download of a report kept from before
    background rendering, after a branding change, or after a lost task.
    """
    # Without the PDF: the waiting page asks every 2 s, and the state is all it needs.
    report, _created = StoredReport.objects.defer("pdf").get_or_create(
        scan=scan, language=language, defaults={"completed_at": scan.completed_at}
    )
    if report.completed_at != scan.completed_at:  # a report of an earlier completion
        StoredReport.objects.filter(pk=report.pk).out_of_date(completed_at=scan.completed_at)
        report.refresh_from_db(fields=["completed_at", "version", "attempts", "failed_at"])
    now = timezone.now()
    if report.is_ready or report.attempts >= MAX_ATTEMPTS:
        return report
    if busy(report, now) or (report.queued_at and report.queued_at > now - QUEUE_PATIENCE):
        return report
    # Whoever marks it queued queues the task: polling pages do not pile up tasks.
    marked = (
        StoredReport.objects.filter(pk=report.pk)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lte=now - QUEUE_PATIENCE))
        .update(queued_at=now)
    )
    if marked:
        report.queued_at = now
        queue_on_commit(scan.pk, [language])
    return report


def busy(report: StoredReport, now) -> bool:
    return report.rendering_since is not None and report.rendering_since > now - LEASE


def render_stored(scan_id: int, language: str) -> str:
    """Render the report if it is out of date and nobody else is rendering it; what happened.

    Runs in a worker. Loops while the version moves on during a render. A failure is recorded
    on the report, logged, queued again after a wait (up to MAX_ATTEMPTS) and raised, so the
    task shows as failed in the admin.
    """
    outcome = "nothing to do"
    for _round in range(5):
        report = StoredReport.objects.filter(scan_id=scan_id, language=language).first()
        if report is None:
            return "gone"
        token = secrets.token_hex(16)
        if not claim(report, token):
            if outcome == "rendered":
                return outcome
            return "busy" if busy_now(report) else "nothing to do"
        report.refresh_from_db(fields=["version", "completed_at", "attempts"])
        scan = report.scan
        started = time.monotonic()
        try:
            pdf = render(scan, language)
        except Exception as error:
            fail(report, token, error)
            raise
        stored = store(report, token, pdf)
        logger.info(
            "Rendered the report of scan %s (%s) in %.0f ms",
            scan_id,
            language,
            (time.monotonic() - started) * 1000,
            extra={"scan": scan_id, "language": language, "version": report.version},
        )
        if not stored:  # the claim ran out and another worker took over: its render counts
            return "taken over"
        outcome = "rendered"
    return outcome


def claim(report: StoredReport, token: str) -> bool:
    """Take the rendering of an out-of-date report that nobody holds (or whose claim ran out)."""
    now = timezone.now()
    return bool(
        StoredReport.objects.filter(pk=report.pk, rendered_version__lt=F("version"))
        .filter(Q(rendering_since__isnull=True) | Q(rendering_since__lte=now - LEASE))
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(rendering_since=now, renderer=token, queued_at=None)
    )


def store(report: StoredReport, token: str, pdf: bytes) -> bool:
    """Keep the PDF of `report.version` and release the claim; False if the claim was lost."""
    return bool(
        StoredReport.objects.filter(pk=report.pk, renderer=token).update(
            pdf=pdf,
            rendered_version=report.version,
            rendered_at=timezone.now(),
            rendering_since=None,
            renderer="",
            attempts=0,
            last_error="",
            failed_at=None,
        )
    )


def busy_now(report: StoredReport) -> bool:
    report.refresh_from_db(fields=["rendering_since"])
    return busy(report, timezone.now())


def render(scan: Scan, language: str) -> bytes:
    """The report of the scan's last completion (its frozen results) with today's plan."""
    results = frozen_results(scan)
    if results is None:
        raise ValueError(f"Scan {scan.pk} has no completed results to report")
    return write_pdf(report_html(scan, language, results))


def fail(report: StoredReport, token: str, error: Exception) -> None:
    """Record a failed render, release the claim and queue the next attempt, if any is left."""
    from .tasks import render_report_task

    attempts = report.attempts + 1
    message = f"{type(error).__name__}: {error}"[:2000]
    StoredReport.objects.filter(pk=report.pk, renderer=token).update(
        attempts=attempts,
        last_error=message,
        failed_at=timezone.now(),
        rendering_since=None,
        renderer="",
    )
    logger.error(
        "Rendering the report of scan %s (%s) failed, attempt %s of %s: %s",
        report.scan_id,
        report.language,
        attempts,
        MAX_ATTEMPTS,
        message,
        extra={"scan": report.scan_id, "language": report.language, "attempt": attempts},
    )
    if attempts < MAX_ATTEMPTS:
        task = render_report_task
        if task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + RETRY_DELAYS[attempts - 1])
        task.enqueue(scan_id=report.scan_id, language=report.language)


def render_now(scan: Scan, language: str) -> bytes:
    """A consultant's "render it now": the PDF, rendered in the request.

    It is stored when this request could claim the report; while a worker renders it, the
    consultant gets their own copy and the worker's is stored.
    """
    report, _created = StoredReport.objects.get_or_create(
        scan=scan, language=language, defaults={"completed_at": scan.completed_at}
    )
    token = secrets.token_hex(16)
    StoredReport.objects.filter(pk=report.pk).update(attempts=0, failed_at=None)
    claimed = claim(report, token)
    report.refresh_from_db(fields=["version"])
    try:
        pdf = render(scan, language)
    except Exception as error:
        if claimed:
            fail(report, token, error)
        raise
    if claimed:
        store(report, token, pdf)
    return pdf
