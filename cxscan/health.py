"""The checks behind `/health/` (django-health-check), which a load balancer asks every few
seconds: the database, the cache, the default file storage, the task queue and the stored
reports' renders.

The page is public, so a failure says only which service failed, in a fixed sentence: never a
host, a user, a path or an exception's text (a database error names the server it could not
reach). django-health-check logs the full exception as a warning for whoever runs the servers.
"""

import dataclasses
import datetime

from django.apps import apps
from django.conf import settings
from django.db import Error as DatabaseError
from django.db.models import Case, F, When
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class Database(checks.Database):
    """`SELECT 1` on the default database."""

    def run(self):
        try:
            super().run()
        except Exception as error:
            raise ServiceUnavailable("The database does not answer.") from error


@dataclasses.dataclass
class Cache(checks.Cache):
    """A value written to the default cache reads back the same."""

    async def run(self):
        try:
            await super().run()
        except Exception as error:  # also a missing db:// table, which the library calls unknown
            raise ServiceUnavailable("The cache does not answer.") from error


@dataclasses.dataclass
class Storage(checks.Storage):
    """A file saved in the default storage (uploads: logos, evidence) reads back and is
    deleted."""

    def run(self):
        try:
            super().run()
        except Exception as error:  # also a folder that cannot be written
            raise ServiceUnavailable("The file storage does not work.") from error


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """Fails when the oldest task that is due has waited longer than CXSCAN_HEALTH_TASK_WAIT
    seconds: no `db_worker` is running, or too few for the work. Says how long it waits, never
    what the task is or its arguments."""

    async def run(self):
        await fail_past(
            settings.CXSCAN_HEALTH_TASK_WAIT,
            oldest_waiting_since,
            "The task queue cannot be read.",
            "The oldest waiting task has waited {waited} s (more than {limit} s): "
            "is a db_worker running?",
        )


async def fail_past(seconds: int, since, unreadable: str, too_long: str) -> None:
    """Raise ServiceUnavailable when what `since()` dates has waited longer than `seconds`
    (`too_long` with {waited} and {limit}), or with `unreadable` when it cannot be read."""
    try:
        began = await since()
    except DatabaseError as error:
        raise ServiceUnavailable(unreadable) from error
    if began is None:
        return
    waited = (timezone.now() - began).total_seconds()
    if waited > seconds:
        raise ServiceUnavailable(too_long.format(waited=f"{waited:.0f}", limit=seconds))


async def oldest_waiting_since() -> datetime.datetime | None:
    """When the longest-waiting task that is due became due: when it was enqueued, or its
    `run_after` if that came later. None when no task is waiting."""
    became_due = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    return await (
        DBTaskResult.objects.ready()
        .annotate(became_due=became_due)
        .order_by("became_due")
        .values_list("became_due", flat=True)
        .afirst()
    )


@dataclasses.dataclass
class ReportQueue(HealthCheck):
    """Fails when a stored report asked for (a download, a change) has waited longer than
    CXSCAN_HEALTH_REPORT_WAIT seconds for its render: queued and never rendered, or claimed by a
    worker that stopped renewing its claim (killed mid-render). Says how long, never which."""

    async def run(self):
        await fail_past(
            settings.CXSCAN_HEALTH_REPORT_WAIT,
            oldest_report_waiting_since,
            "The stored reports cannot be read.",
            "A report has waited {waited} s for its render (more than {limit} s): "
            "is a db_worker running?",
        )


async def oldest_report_waiting_since() -> datetime.datetime | None:
    """Since when the longest-waiting report waits: queued (`queued_at`) or, claimed, since its
    claim was last renewed (`rendering_since`). Failed reports wait for their retry in the task
    queue (TaskQueue) or for staff; reports nobody asked for do not wait. The model is looked
    up by name: the project package imports no app."""
    stored_report = apps.get_model("reports", "StoredReport")
    return await (
        stored_report.objects.filter(rendered_version__lt=F("version"), failed_at__isnull=True)
        .annotate(waiting_since=Coalesce("queued_at", "rendering_since"))
        .filter(waiting_since__isnull=False)
        .order_by("waiting_since")
        .values_list("waiting_since", flat=True)
        .afirst()
    )


class HealthView(HealthCheckView):
    """django-health-check's view; its HTML page (what a load balancer that sends no Accept
    header gets) is rendered without our context processors: the branding one reads the
    database, which may be what is down, and the page would become a plain server error."""

    checks = [Database, Cache, Storage, TaskQueue, ReportQueue]

    def render_to_response(self, context, **response_kwargs):
        return HttpResponse(render_to_string(self.template_name, context), **response_kwargs)


# What a page needs: a load balancer that should keep serving pages while the queue of
# background tasks backs up (reports wait, pages do not) asks this one instead.
WEB_CHECKS = [Database, Cache, Storage]
