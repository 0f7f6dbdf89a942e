"""Stored reports: asking for a render, rendering in a worker, and reading the stored PDF.

A completed scan has one `StoredReport` per language. Whatever changes the report (completing
the scan, its plan, KPIs or targets, the branding) adds one to its `version`; a task in the
queue (`render_report_task`, run by `manage.py db_worker`) renders it, and a download reads the
stored PDF once `rendered_version` has caught up.

Any number of workers may hold tasks for the same report; only the one that claims it renders.
The claim is one conditional UPDATE (atomic on SQLite and PostgreSQL), not a long transaction:
a render takes a second or two and must not hold the database's write lock that long. A worker
that finishes re-reads the version and renders again if it moved on meanwhile, so a change made
during a render is never lost. While it renders, the worker renews its claim every
`HEARTBEAT`; a claim not renewed for `LEASE` (a worker killed mid-render) is taken over, and the
task row that worker left RUNNING is marked failed and its render queued again
(`recover_stalled`).

A share link's client gets a variant of the report (`StoredReport.variant`, what the link
allows: `ClientView`), stored beside the consultant's and rendered the same way. The consultant's
reports are rendered at once on every change; a client variant is only marked out of date, and
rendered when a link asks for it (`awaited`): four variants in two languages on every plan edit
would fill the queue.

Each report is stored with the answer appendix (the default) or as the summary only: the
summary's variant is the full one's with SUMMARY after it (":s" for the consultant's,
"client:names:1:s" for a client's; short, as the variant's column holds 16 characters), and is
rendered like a client's variant, when asked for.

No report is rendered in a web request: "render it now" moves the report's render to the front
of the queue (`hurry`). Only an open scan's draft is rendered in the request, one at a time per
user and per scan (reports.views).
"""

import contextlib
import logging
import secrets
import threading
import time
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from checklists.models import CONTENT_LANGUAGES, Scan
from cxscan import ratelimit
from scoring.results import frozen_results

from .models import ClientView, StoredReport
from .report import report_html, write_pdf

logger = logging.getLogger(__name__)

# A render claim lasts this long unless renewed; the rendering worker renews it every HEARTBEAT.
LEASE = timedelta(seconds=30)
HEARTBEAT = timedelta(seconds=10)
# "Render it now": the render's task goes before every task of the default priority (0).
HURRY_PRIORITY = 100
# A report changed during its render is rendered again this much later (edits in a burst: once).
RERENDER_DELAY = timedelta(seconds=5)
# Where the render task lives, as the database queue's rows name it. Rows queued before it
# moved here from reports/tasks.py name that module, which keeps the task under its old name.
TASK_PATH = "reports.stored.render_report_task"
TASK_PATHS = (TASK_PATH, "reports.tasks.render_report_task")
# A task queued this long ago without a render since is taken as lost: a download queues another.
QUEUE_PATIENCE = timedelta(minutes=5)
# A failed render is tried again after these waits; after the last, staff see it in the admin.
RETRY_DELAYS = (timedelta(seconds=15), timedelta(minutes=2))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# The variant's ending of a summary-only report (without the answer appendix).
SUMMARY = ":s"


def variant_of(client: ClientView | None, appendix: bool = True) -> str:
    """The stored report's key of a view and a choice of appendix: "" for the consultant's full
    report, ":s" for theirs without the appendix, "client:…" and "client:…:s"."""
    base = client.variant if client is not None else ""
    return base if appendix else f"{base}{SUMMARY}"


def read_variant(variant: str) -> tuple[ClientView | None, bool]:
    """(the client's view or None, with the appendix) of a stored report's variant."""
    if variant.endswith(SUMMARY):
        return ClientView.from_variant(variant.removesuffix(SUMMARY)), False
    return ClientView.from_variant(variant), True


def report_changed(scan: Scan) -> None:
    """The scan's plan, KPIs or targets changed: its stored reports are out of date.

    Only reports that exist are touched (a scan never completed has none, and one being deleted
    must not get new rows); the consultant's renders are queued once the change is committed.
    The clients' variants wait, not queued, until a share link asks for them.
    """
    reports = StoredReport.objects.filter(scan_id=scan.pk)
    reports.exclude(variant="").out_of_date(queued_at=None)
    bumped = reports.filter(variant="").out_of_date(queued_at=timezone.now())
    if bumped:
        queue_on_commit(scan.pk, CONTENT_LANGUAGES)


def scan_completed(scan: Scan) -> None:
    """A completion: a report per language of this completion, rendered once committed. The
    clients' variants of an earlier completion are out of date, rendered when asked for."""
    assert scan.completed_at is not None  # sent on completion
    StoredReport.objects.filter(scan=scan).exclude(variant="").out_of_date(
        completed_at=scan.completed_at, queued_at=None
    )
    for language in CONTENT_LANGUAGES:
        report, created = StoredReport.objects.get_or_create(
            scan=scan,
            language=language,
            variant="",
            defaults={"completed_at": scan.completed_at, "queued_at": timezone.now()},
        )
        if not created:
            StoredReport.objects.filter(pk=report.pk).out_of_date(
                completed_at=scan.completed_at, queued_at=timezone.now()
            )
    queue_on_commit(scan.pk, CONTENT_LANGUAGES)


def all_changed(consultancy_id: int) -> None:
    """Every stored report of the consultancy is out of date (its branding changed). They are
    rendered again when next asked for, not all at once: a whole archive would fill the queue."""
    StoredReport.objects.filter(scan__organisation__consultancy=consultancy_id).out_of_date(
        queued_at=None
    )


def queue_on_commit(
    scan_id: int, languages, priority: int | None = None, variant: str = ""
) -> None:
    queued = render_report_task
    if priority is not None:
        queued = queued.using(priority=priority)

    def enqueue():
        for language in languages:
            enqueue_render(queued, scan_id, language, variant)

    transaction.on_commit(enqueue)


def enqueue_render(queued, scan_id: int, language: str, variant: str = "") -> None:
    """Queue a render; the consultant's tasks keep their arguments of before the variants."""
    if variant:
        queued.enqueue(scan_id=scan_id, language=language, variant=variant)
    else:
        queued.enqueue(scan_id=scan_id, language=language)


def ready_pdf(scan: Scan, language: str, variant: str = "") -> bytes | None:
    """The stored PDF if it is current, else None. One query, which reads the PDF only when it
    is current."""
    if scan.completed_at is None:  # never completed: no report is stored
        return None
    pdf = (
        StoredReport.objects.filter(
            scan=scan,
            language=language,
            variant=variant,
            completed_at=scan.completed_at,
            rendered_version__gte=F("version"),
        )
        .values_list("pdf", flat=True)
        .first()
    )
    return None if pdf is None else bytes(pdf)


def awaited(
    scan: Scan, language: str, priority: int | None = None, variant: str = ""
) -> StoredReport:
    """The report a download waits for, with a render queued unless one is on its way.

    Called when `ready_pdf` found nothing: the first download of a report kept from before
    background rendering, after a branding change, or after a lost task; for a client's variant,
    also its first download and the first after every change.
    """
    assert scan.completed_at is not None  # only a scan completed once has stored reports
    # Without the PDF: the waiting page asks every 2 s, and the state is all it needs.
    report, _created = StoredReport.objects.defer("pdf").get_or_create(
        scan=scan, language=language, variant=variant, defaults={"completed_at": scan.completed_at}
    )
    if report.completed_at != scan.completed_at:  # a report of an earlier completion
        StoredReport.objects.filter(pk=report.pk).out_of_date(completed_at=scan.completed_at)
        report.refresh_from_db(fields=["completed_at", "version", "attempts", "failed_at"])
    now = timezone.now()
    if report.is_ready or report.attempts >= MAX_ATTEMPTS:
        return report
    if busy(report, now) or (report.queued_at and report.queued_at > now - QUEUE_PATIENCE):
        return report
    if report.rendering_since is not None:  # a claim nobody renews: its worker died
        recover_stalled()
    # Whoever marks it queued queues the task: polling pages do not pile up tasks.
    marked = (
        StoredReport.objects.filter(pk=report.pk)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lte=now - QUEUE_PATIENCE))
        .update(queued_at=now)
    )
    if marked:
        report.queued_at = now
        queue_on_commit(scan.pk, [language], priority=priority, variant=variant)
    return report


def busy(report: StoredReport, now) -> bool:
    return report.rendering_since is not None and report.rendering_since > now - LEASE


def hurry(scan: Scan, language: str, variant: str = "") -> StoredReport:
    """A consultant's "render it now": the report's render goes to the front of the queue.

    Nothing is rendered here. A failed report gets a clean slate of attempts. While a worker
    renders it, nothing changes (the page says a render is running). Otherwise its waiting
    task is moved to the front, or one is queued there: one, however many requests ask at once.
    """
    StoredReport.objects.filter(
        scan=scan, language=language, variant=variant, attempts__gt=0
    ).update(attempts=0, failed_at=None)
    started = timezone.now()
    # Queues a render at the front unless one is on its way.
    report = awaited(scan, language, priority=HURRY_PRIORITY, variant=variant)
    if report.is_ready or busy(report, timezone.now()):
        return report
    if report.queued_at is not None and report.queued_at >= started:
        return report  # queued at the front just now
    waiting = waiting_tasks(scan.pk, language, variant)
    if waiting is not None and waiting.update(priority=HURRY_PRIORITY):
        return report  # the task that waited is first now
    # No task to move (another backend, or a lost one): one request queues one at the front.
    if ratelimit.hit(
        f"reports:hurry:{report.pk}:{report.version}", 1, LEASE.total_seconds()
    ).allowed:
        queue_on_commit(scan.pk, [language], priority=HURRY_PRIORITY, variant=variant)
    return report


def waiting_tasks(scan_id: int, language: str, variant: str = ""):
    """The database queue's tasks that wait to render the consultant's report (its `variant`:
    the summary only) (None for another backend)."""
    if not render_report_task.get_backend().__class__.__module__.startswith("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.ready().filter(
        task_path__in=TASK_PATHS,
        args_kwargs__kwargs__scan_id=scan_id,
        args_kwargs__kwargs__language=language,
    )
    if variant:
        return tasks.filter(args_kwargs__kwargs__variant=variant)
    return tasks.exclude(args_kwargs__kwargs__has_key="variant")


def recover_stalled() -> int:
    """Task rows left RUNNING by a worker that died mid-render are marked failed, and their
    reports queued again. A render's worker renews its claim every HEARTBEAT; a RUNNING task
    whose report nobody has renewed for LEASE (and that started before that) is dead.
    Returns how many were recovered. Does nothing on a backend other than django-tasks-db."""
    if not render_report_task.get_backend().__class__.__module__.startswith("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    stalled = []
    running = DBTaskResult.objects.running().filter(
        task_path__in=TASK_PATHS, started_at__lt=now - LEASE
    )
    for task_id, arguments in running.values_list("id", "args_kwargs"):
        kwargs = arguments.get("kwargs", {})
        alive = StoredReport.objects.filter(
            scan_id=kwargs.get("scan_id"),
            language=kwargs.get("language"),
            variant=kwargs.get("variant", ""),
            rendering_since__gt=now - LEASE,
        ).exists()
        if not alive:
            stalled.append((task_id, kwargs))
    recovered = 0
    for task_id, kwargs in stalled:
        # Only the one who changes the row from RUNNING requeues: two at once queue one render.
        marked = DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="reports.stored.WorkerLost",
            traceback=f"The worker stopped renewing its claim for {LEASE.total_seconds():.0f} s.",
        )
        if not marked:
            continue
        recovered += 1
        logger.warning(
            "The render of scan %s (%s) was left running by a worker that stopped: queued again",
            kwargs.get("scan_id"),
            kwargs.get("language"),
        )
        report = StoredReport.objects.filter(
            scan_id=kwargs.get("scan_id"),
            language=kwargs.get("language"),
            variant=kwargs.get("variant", ""),
        ).first()
        if report is not None and not report.is_ready:
            StoredReport.objects.filter(pk=report.pk).update(queued_at=now)
            queue_on_commit(report.scan_id, [report.language], variant=report.variant)
    return recovered


@contextlib.contextmanager
def heartbeat(report: StoredReport, token: str):
    """Renew the render claim every HEARTBEAT while the block runs (a thread with its own
    database connection): a long render keeps its claim; a killed worker's claim runs out."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT.total_seconds()):
                StoredReport.objects.filter(pk=report.pk, renderer=token).update(
                    rendering_since=timezone.now()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name="render-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@task
def render_report_task(scan_id: int, language: str, variant: str = "") -> str:
    """The queue's task (run by `manage.py db_worker`): render a scan's stored report in one
    language (a client's `variant`, or the consultant's), if it is out of date: what happened."""
    return render_stored(scan_id, language, variant)


def render_stored(scan_id: int, language: str, variant: str = "") -> str:
    """Render the report if it is out of date and nobody else is rendering it; what happened.

    Runs in a worker, and renders once: a task never renders the same report twice. If the
    version moved on during the render (the plan was edited meanwhile), one more task is queued
    RERENDER_DELAY later, so a burst of edits is rendered once after it, not once per edit in a
    loop that holds the worker. A failure is recorded on the report, logged, queued again after
    a wait (up to MAX_ATTEMPTS) and raised, so the task shows as failed in the admin.
    """
    recover_stalled()
    report = StoredReport.objects.filter(
        scan_id=scan_id, language=language, variant=variant
    ).first()
    if report is None:
        return "gone"
    token = secrets.token_hex(16)
    if not claim(report, token):
        return "busy" if busy_now(report) else "nothing to do"
    report.refresh_from_db(fields=["version", "completed_at", "attempts"])
    scan = report.scan
    started = time.monotonic()
    try:
        with heartbeat(report, token):
            pdf = render(scan, language, *read_variant(variant))
    except Exception as error:
        fail(report, token, error)
        raise
    stored = store(report, token, pdf)
    logger.info(
        "Rendered the report of scan %s (%s%s) in %.0f ms",
        scan_id,
        language,
        f", {variant}" if variant else "",
        (time.monotonic() - started) * 1000,
        extra={
            "scan": scan_id,
            "language": language,
            "variant": variant,
            "version": report.version,
        },
    )
    if not stored:  # the claim ran out and another worker took over: its render counts
        return "taken over"
    if StoredReport.objects.filter(pk=report.pk, rendered_version__lt=F("version")).exists():
        # Changed during the render: the tasks queued by those changes found it busy.
        queue_again(report, RERENDER_DELAY)
    return "rendered"


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


def render(
    scan: Scan, language: str, client: ClientView | None = None, appendix: bool = True
) -> bytes:
    """The report of the scan's last completion (its frozen results) with today's plan: the
    consultant's, or what a share link's `client` may see; the summary only without `appendix`."""
    results = frozen_results(scan)
    if results is None:
        raise ValueError(f"Scan {scan.pk} has no completed results to report")
    return write_pdf(report_html(scan, language, results, client=client, appendix=appendix))


def queue_again(report: StoredReport, delay: timedelta) -> None:
    """One more task for the report, `delay` from now where the backend can wait."""
    queued = render_report_task
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + delay)
    StoredReport.objects.filter(pk=report.pk).update(queued_at=timezone.now())
    enqueue_render(queued, report.scan_id, report.language, report.variant)


def fail(report: StoredReport, token: str, error: Exception) -> None:
    """Record a failed render, release the claim and queue the next attempt, if any is left."""
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
        queued = render_report_task
        if queued.get_backend().supports_defer:
            queued = queued.using(run_after=timezone.now() + RETRY_DELAYS[attempts - 1])
        enqueue_render(queued, report.scan_id, report.language, report.variant)
