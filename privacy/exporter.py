"""An organisation's data as one ZIP: `organisation.json` (every record of every model with a
path to the organisation, and each scan's results as the JSON export of scoring presents them),
the files those records name (evidence files, stored report PDFs), and the JSON Schema that
documents `organisation.json` (schema/organisation-export.schema.json, also in the repository).

Nothing here lists the models: a model added later with a foreign key towards the organisation
(an answer's history, say) is exported by itself; its records then need their entry in the
schema (`manage.py export_schema` writes it; tests/test_privacy_export.py checks both).

Made in the background (`export_organisation_task`, run by `manage.py db_worker`): an
organisation with years of evidence files takes longer than a request may.
"""

import json
import logging
import shutil
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from checklists.models import Organisation, Scan
from scoring.export import export_document as scan_export_document
from scoring.presentation import present

from .models import OrganisationExport
from .records import FileRef, record, schema_of, with_related
from .walk import label, organisation_paths, rows_of

logger = logging.getLogger(__name__)

FORMAT = "cxscan-organisation-export"
VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "organisation-export.schema.json"
DOCUMENT_NAME = "organisation.json"
SCHEMA_NAME = "schema/organisation-export.schema.json"


def scan_results(scan: Scan) -> dict[str, Any]:
    """The scan's results as its JSON export gives them, in the scan's language."""
    with translation.override(scan.language):
        return scan_export_document(present(scan, language=scan.language))


def organisation_document(organisation: Organisation) -> tuple[dict[str, Any], list[FileRef]]:
    """`organisation.json` and the files it names."""
    files: list[FileRef] = []
    records: dict[str, list[dict[str, Any]]] = {}
    for model in organisation_paths():
        if model is Organisation:
            continue
        rows = records[label(model)] = []
        for obj in with_related(rows_of(model, organisation.pk)).iterator(chunk_size=500):
            data, named = record(obj)
            rows.append(data)
            files += named
    data, _files = record(
        Organisation.objects.prefetch_related("consultants").get(pk=organisation.pk)
    )
    scans = Scan.objects.filter(organisation=organisation).select_related("organisation")
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "organisation": data,
        "records": records,
        "results": [
            {"scan": scan.pk, "document": scan_results(scan)} for scan in scans.order_by("pk")
        ],
        "files": [{"path": ref.path} for ref in files],
    }
    return document, files


def schema_document() -> dict[str, Any]:
    """The JSON Schema of `organisation.json`, made from the models (`manage.py export_schema`
    writes it to SCHEMA_PATH)."""
    models = [model for model in organisation_paths() if model is not Organisation]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cxscan.invalid/schema/organisation-export.schema.json",
        "title": "CX Maturity Scan: an organisation's data",
        "description": (
            "organisation.json in the ZIP that 'Export all data' gives. records holds every row "
            "of every model with a path to the organisation, by model ('app.model'), each as its "
            "fields: a user as their username, checklist content (areas, pillars, items) by its "
            "code, other rows by their id, a file by its path inside the ZIP. results holds each "
            "scan's results as the scan's JSON export gives them. Secrets (link keys, tokens, "
            "join codes) are never exported."
        ),
        "type": "object",
        "required": ["format", "version", "exported_at", "organisation", "records", "results"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "exported_at": {"type": "string", "format": "date-time"},
            "organisation": schema_of(Organisation)["items"],
            "records": {
                "type": "object",
                "required": [label(model) for model in models],
                "additionalProperties": False,
                "properties": {label(model): schema_of(model) for model in models},
            },
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["scan", "document"],
                    "additionalProperties": False,
                    "properties": {
                        "scan": {"type": "integer", "description": "id of a checklists.scan"},
                        "document": {
                            "type": "object",
                            "description": "the scan's JSON export (its results page's "
                            "'JSON' download): scores, answers, levels, plan, KPIs, workshop",
                        },
                    },
                },
            },
            "files": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path"],
                    "additionalProperties": False,
                    "properties": {"path": {"type": "string"}},
                },
            },
        },
    }


def write_zip(organisation: Organisation, target: IO[bytes]) -> None:
    """The organisation's ZIP, written into `target`. A file missing from storage (deleted by
    hand) is left out of the ZIP and out of `files`, its record names none, and it is logged."""
    document, files = organisation_document(organisation)
    present_files, missing = [], set()
    for ref in files:
        if ref.storage_name and not default_storage.exists(ref.storage_name):
            logger.warning("Export of organisation %s: %s is missing", organisation.pk, ref.path)
            missing.add(ref.path)
        else:
            present_files.append(ref)
    document["files"] = [{"path": ref.path} for ref in present_files]
    for rows in document["records"].values():  # a missing file's record names no file
        for row in rows:
            for field, value in row.items():
                if isinstance(value, str) and value in missing:
                    row[field] = None
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT_NAME, json.dumps(document, ensure_ascii=False, indent=1))
        archive.write(SCHEMA_PATH, SCHEMA_NAME)
        for ref in present_files:
            if ref.storage_name:
                with (
                    default_storage.open(ref.storage_name, "rb") as source,
                    archive.open(ref.path, "w") as copy,
                ):
                    shutil.copyfileobj(source, copy)
            else:
                archive.writestr(ref.path, ref.content)


def request_export(organisation: Organisation, user) -> OrganisationExport:
    """A new export of the organisation, made by a worker once this transaction commits; the
    one already waiting, if there is one (a double click, or impatience, queues one ZIP)."""
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        waiting = OrganisationExport.objects.filter(
            organisation=organisation, status=OrganisationExport.Status.QUEUED
        ).first()
        if waiting is not None:
            return waiting
        export = OrganisationExport.objects.create(organisation=organisation, requested_by=user)
    transaction.on_commit(lambda: export_organisation_task.enqueue(export_id=export.pk))
    return export


@task
def export_organisation_task(export_id: int) -> str:
    """The queue's task (run by `manage.py db_worker`): make an export's ZIP; what happened."""
    return make_export(export_id)


def make_export(export_id: int) -> str:
    export = (
        OrganisationExport.objects.select_related("organisation")
        .filter(pk=export_id, status=OrganisationExport.Status.QUEUED)
        .first()
    )
    if export is None:
        return "gone"
    try:
        with tempfile.TemporaryFile() as archive:
            write_zip(export.organisation, archive)
            size = archive.tell()
            archive.seek(0)
            name = export.file.field.generate_filename(export, "export.zip")
            name = default_storage.save(name, File(archive))
    except Exception as error:
        OrganisationExport.objects.filter(pk=export.pk).update(
            status=OrganisationExport.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        logger.exception("Export of organisation %s failed", export.organisation_id)
        raise
    now = timezone.now()
    stored = OrganisationExport.objects.filter(
        pk=export.pk, status=OrganisationExport.Status.QUEUED
    ).update(
        status=OrganisationExport.Status.READY,
        file=name,
        size=size,
        finished_at=now,
        expires_at=now + timedelta(days=settings.CXSCAN_EXPORT_DAYS),
    )
    if not stored:  # erased (or discarded) while the ZIP was being made
        default_storage.delete(name)
        return "gone"
    logger.info("Exported organisation %s: %s bytes", export.organisation_id, size)
    return "ready"


def discard(export: OrganisationExport) -> None:
    """An export no longer offered: its row goes, and its file once that is committed."""
    export.delete()


def delete_stored_zip(sender, instance: OrganisationExport, **kwargs) -> None:
    """post_delete: the ZIP goes once the row's deletion is committed (a rollback keeps both)."""
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def discard_expired() -> int:
    """Delete the exports whose time ran out, and their files; how many."""
    expired = list(OrganisationExport.objects.expired())
    for export in expired:
        discard(export)
    return len(expired)
