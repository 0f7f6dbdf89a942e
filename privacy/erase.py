"""Erasing an organisation with everything it holds: one function, `erase_organisation`, for the
consultant's "Erase organisation" and `manage.py retention --apply`.

What goes:
- every row of every model with a path to the organisation (privacy.walk): the organisation's
  delete cascades through them; the walk is used here to find the files first;
- the files those rows name in storage (evidence files, export ZIPs), once the deletion is
  committed (a rolled-back erase keeps its files), and the folders they leave empty;
- the background tasks queued for it (django-tasks-db's rows whose arguments name the
  organisation, one of its scans or one of its exports): a report render or an export would
  otherwise find nothing, or worse, write a file for an organisation that is gone;
- the rate-limit rows whose keys name one of its scans or stored reports (cxscan.ratelimit keeps
  its counts in the database; nothing in the cache names a scan or an organisation).
The consultancy's logo is the consultancy's, not the organisation's: it stays.
The audit trail keeps its events about the organisation, with its name replaced, and records
the erasure itself (by whom, or by `manage.py retention`).
"""

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest

import audit
from audit.events import forget_organisation
from audit.models import AuditEvent
from checklists.models import Organisation, Scan
from cxscan.models import RateCount
from reports.models import StoredReport

from .models import OrganisationExport
from .walk import organisation_paths, rows_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erased:
    name: str
    rows: int
    files: int
    tasks: int


def stored_files(organisation_id: int) -> list[str]:
    """The names in storage of every file a row of the organisation names."""
    names = []
    for model in organisation_paths():
        fields = model._meta.concrete_fields
        for field in [f.name for f in fields if isinstance(f, models.FileField)]:
            names += [
                name
                for name in rows_of(model, organisation_id).values_list(field, flat=True)
                if name
            ]
    return names


def delete_files(names: list[str]) -> None:
    """Delete the files, then the folders they leave empty (where the storage has folders)."""
    folders = set()
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Could not delete %s", name)
        folders.add(str(PurePosixPath(name).parent))
    for folder in sorted(folders, key=len, reverse=True):
        # Not empty, gone already, or a storage without folders: nothing to do.
        with contextlib.suppress(NotImplementedError, OSError):
            os.rmdir(default_storage.path(folder))


def delete_tasks(organisation_id: int, scan_ids: list[int], export_ids: list[int]) -> int:
    """Delete the database queue's task rows whose arguments name the organisation, one of its
    scans or one of its exports (by keyword, as the apps queue them); how many."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the queue is always installed here
        return 0
    named = (
        Q(args_kwargs__kwargs__organisation_id=organisation_id)
        | Q(args_kwargs__kwargs__scan_id__in=scan_ids)
        | Q(args_kwargs__kwargs__export_id__in=export_ids)
    )
    deleted, _by_model = DBTaskResult.objects.filter(named).delete()
    return deleted


def delete_counts(scan_ids: list[int], report_ids: list[int]) -> None:
    """The rate-limit rows keyed by one of its scans or stored reports (reports.stored, .views)."""
    keys = Q()
    for scan_id in scan_ids:
        keys |= Q(key=f"reports:draft:scan:{scan_id}")
    for report_id in report_ids:
        keys |= Q(key__startswith=f"reports:hurry:{report_id}:")
    if keys:
        RateCount.objects.filter(keys).delete()


def erased_label(pk: int) -> str:
    """What the audit trail says instead of an erased organisation's name."""
    return f"erased organisation {pk}"


def erase_organisation(
    organisation: Organisation, *, request: HttpRequest | None = None, by: str = ""
) -> Erased:
    """Erase the organisation and everything it holds (see the module's docstring). Who erased
    it is the request's user, or `by` (a command)."""
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        forget_organisation(locked, erased_label(locked.pk))
        scan_ids = list(Scan.objects.filter(organisation=locked).values_list("pk", flat=True))
        report_ids = list(
            StoredReport.objects.filter(scan_id__in=scan_ids).values_list("pk", flat=True)
        )
        export_ids = list(
            OrganisationExport.objects.filter(organisation=locked).values_list("pk", flat=True)
        )
        files = stored_files(locked.pk)
        tasks = delete_tasks(locked.pk, scan_ids, export_ids)
        delete_counts(scan_ids, report_ids)
        rows, _by_model = locked.delete()
        audit.record(
            request,
            AuditEvent.Action.ORGANISATION_ERASED,
            actor_label=by,
            label=erased_label(organisation.pk),
            details={"rows": rows, "files": len(files)},
            consultancy=locked.consultancy,  # its owners read it, also after a retention run
        )
        transaction.on_commit(lambda: delete_files(files))
    logger.info(
        "Erased organisation %s: %s rows, %s files, %s tasks",
        organisation.pk,
        rows,
        len(files),
        tasks,
        extra={"organisation": organisation.pk},
    )
    return Erased(name=locked.name, rows=rows, files=len(files), tasks=tasks)
