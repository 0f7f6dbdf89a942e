"""Exporting an organisation's data: one ZIP made in the background, its JSON documented by a
JSON Schema in the repository that it validates against and that names every model holding the
organisation's data; offered to those who may see the organisation, for a limited time."""

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import timedelta

import jsonschema_rs
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from checklists.models import EvidenceFile
from privacy import exporter
from privacy.exporter import SCHEMA_PATH
from privacy.models import OrganisationExport
from reports.models import ShareLink, StoredReport
from tests import factories
from tests.helpers import CONTENT_ROWS
from tests.privacy_data import OUTLIVE_THE_ORGANISATION as OUTLIVE
from tests.privacy_data import STORED_PDF, organisation_with_everything, paths_to_organisation
from tests.test_stored_reports import ROOT, database_url
from workshops.models import Participant, Workshop

pytestmark = pytest.mark.usefixtures("english")


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def export_urls(export) -> tuple[str, str]:
    args = [export.organisation_id, export.pk]
    return reverse("privacy:export", args=args), reverse("privacy:export_download", args=args)


@pytest.fixture
def everything(consultant):
    return organisation_with_everything("Acme Retail", consultant, participant="Eva de Vries")


def ask_for_export(client, organisation, capture) -> OrganisationExport:
    """Press "Export all data": the task runs once the request's transaction commits."""
    with capture(execute=True):
        response = client.post(reverse("privacy:export_start", args=[organisation.pk]))
    export = OrganisationExport.objects.filter(organisation=organisation).first()
    assert export is not None
    assert response.status_code == 302
    assert response.url == export_urls(export)[0]
    return export


def test_the_zip_validates_against_the_schema_and_holds_every_record(
    consultant_client, everything, django_capture_on_commit_callbacks
):
    export = ask_for_export(
        consultant_client, everything.organisation, django_capture_on_commit_callbacks
    )
    detail, download = export_urls(export)
    page = consultant_client.get(detail)
    assert "The export is ready." in page.text
    assert download in page.text
    response = consultant_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    document = json.loads(archive.read("organisation.json"))

    jsonschema_rs.validator_for(schema()).validate(document)
    assert json.loads(archive.read("schema/organisation-export.schema.json")) == schema()
    assert document["organisation"]["name"] == "Acme Retail"
    assert document["organisation"]["consultants"] == ["alice"]
    # Every record the schema names is in the ZIP: as many as the database holds.
    organisation_id = everything.organisation.pk
    for model, path in paths_to_organisation().items():
        name = model._meta.label_lower
        if model._meta.auto_created or name in {"checklists.organisation", *OUTLIVE}:
            continue
        held = model._base_manager.filter(**{path: organisation_id}).count()
        assert len(document["records"][model._meta.label_lower]) == held, model
    # The files: the evidence file and the stored reports' PDFs, as stored.
    evidence = EvidenceFile.objects.get(answer__scan=everything.open)
    [evidence_record] = document["records"]["checklists.evidencefile"]
    assert evidence_record["name"] == "jaarplan.pdf"
    with default_storage.open(evidence.file.name, "rb") as stored:
        assert archive.read(evidence_record["file"]) == stored.read()
    reports = document["records"]["reports.storedreport"]
    assert len(reports) == StoredReport.objects.filter(scan=everything.completed).count() == 2
    assert all(archive.read(report["pdf"]) == STORED_PDF for report in reports)
    assert sorted(name for name in archive.namelist() if name.startswith("files/")) == sorted(
        entry["path"] for entry in document["files"]
    )
    # Each scan's results as its JSON export gives them; answers and the plan by item code.
    results = {entry["scan"]: entry["document"] for entry in document["results"]}
    assert set(results) == {everything.completed.pk, everything.open.pk}
    assert results[everything.completed.pk]["scan"]["title"] == "Acme Retail 2025"
    answers = {a["item"]: a for a in document["records"]["checklists.answer"]}
    assert {"purpose-01", "purpose-02", "journey-01"} <= set(answers)
    [action] = document["records"]["plans.improvementaction"]
    assert action["title"] == "Klantreis in kaart"
    # What a participant left is what is stored (a display name and votes), and no secret is.
    [participant] = document["records"]["workshops.participant"]
    assert participant == {
        "id": participant["id"],
        "workshop": participant["workshop"],
        "name": "Eva de Vries",
        "joined_at": participant["joined_at"],
    }
    text = archive.read("organisation.json").decode()
    secrets = [
        *ShareLink.objects.values_list("key", flat=True),
        *Participant.objects.values_list("token", flat=True),
        *Workshop.objects.values_list("code", flat=True),
    ]
    assert secrets
    assert not [secret for secret in secrets if secret in text]


def test_every_model_with_a_path_to_the_organisation_is_named_in_the_schema():
    named = {"checklists.organisation", *schema()["properties"]["records"]["properties"]}
    for model in paths_to_organisation():
        if model._meta.auto_created:  # a many-to-many table: a field of its model's records
            continue
        if model._meta.label_lower in OUTLIVE:
            assert model._meta.label_lower not in named, model
        else:
            assert model._meta.label_lower in named, model


def test_the_schema_file_is_made_from_the_models():
    call_command("export_schema", "--check")


def test_the_page_follows_an_export_being_prepared(consultant_client, organisation):
    export = OrganisationExport.objects.create(organisation=organisation)
    detail, download = export_urls(export)
    page = consultant_client.get(detail)
    assert page.status_code == 200
    assert "The export is being prepared." in page.text
    assert f'data-hx-get="{detail}"' in page.text
    fragment = consultant_client.get(detail, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="export-status"')
    assert consultant_client.get(download).url == detail  # nothing to download yet


def test_an_expired_export_is_deleted_when_asked_for(
    consultant_client, everything, django_capture_on_commit_callbacks
):
    export = everything.export
    assert export.status == OrganisationExport.Status.READY
    name = export.file.name
    assert default_storage.exists(name)
    OrganisationExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    detail, download = export_urls(export)
    with django_capture_on_commit_callbacks(execute=True):
        assert consultant_client.get(download).url == detail
    assert not OrganisationExport.objects.filter(pk=export.pk).exists()
    assert not default_storage.exists(name)
    assert consultant_client.get(detail).status_code == 404


def test_the_expired_page_says_so(consultant_client, organisation):
    export = OrganisationExport.objects.create(
        organisation=organisation, expires_at=timezone.now() - timedelta(days=1)
    )
    response = consultant_client.get(export_urls(export)[0])
    assert response.status_code == 410
    assert "This export has expired and its file was deleted." in response.text


def test_an_outsider_gets_404_for_every_export_url(client, outsider, everything):
    client.force_login(outsider)
    organisation = everything.organisation
    assert client.post(reverse("privacy:export_start", args=[organisation.pk])).status_code == 404
    for url in export_urls(everything.export):
        assert client.get(url).status_code == 404
    assert OrganisationExport.objects.filter(organisation=organisation).count() == 1


def test_logged_out_export_urls_go_to_the_login(client, everything):
    for url in export_urls(everything.export):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_asking_for_an_export_takes_a_post(consultant_client, organisation):
    url = reverse("privacy:export_start", args=[organisation.pk])
    assert consultant_client.get(url).status_code == 405
    assert not OrganisationExport.objects.exists()


def test_the_colleague_downloads_the_export_too(client, colleague, everything):
    everything.organisation.consultants.add(colleague)
    client.force_login(colleague)
    response = client.get(export_urls(everything.export)[1])
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    event = AuditEvent.objects.get(action="organisation_exported")
    assert (event.actor, event.organisation) == (colleague, everything.organisation)


def test_asking_twice_while_one_waits_queues_one_export(consultant_client, organisation):
    url = reverse("privacy:export_start", args=[organisation.pk])
    first = consultant_client.post(url)
    second = consultant_client.post(url)
    assert first.url == second.url
    assert OrganisationExport.objects.filter(organisation=organisation).count() == 1


def test_a_file_missing_from_storage_is_left_out_and_named_nowhere(
    consultant_client, everything, django_capture_on_commit_callbacks
):
    evidence = EvidenceFile.objects.get(answer__scan=everything.open)
    default_storage.delete(evidence.file.name)
    export = ask_for_export(
        consultant_client, everything.organisation, django_capture_on_commit_callbacks
    )
    export.refresh_from_db()
    assert export.status == OrganisationExport.Status.READY
    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        document = json.loads(archive.read("organisation.json"))
        jsonschema_rs.validator_for(schema()).validate(document)
        [record] = document["records"]["checklists.evidencefile"]
        assert record["file"] is None and record["name"] == "jaarplan.pdf"
        assert not [name for name in archive.namelist() if "evidencefile" in name]
        assert len(document["files"]) == 2  # the two stored reports


def test_deleting_an_organisation_in_the_admin_deletes_its_export_zips(
    admin_client, everything, django_capture_on_commit_callbacks
):
    name = everything.export.file.name
    assert default_storage.exists(name)
    url = reverse("admin:checklists_organisation_delete", args=[everything.organisation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not default_storage.exists(name)


def test_staff_see_exports_and_their_errors_in_the_admin(admin_client, organisation):
    OrganisationExport.objects.create(
        organisation=organisation, status=OrganisationExport.Status.FAILED, error="OSError: full"
    )
    page = admin_client.get(reverse("admin:privacy_organisationexport_changelist"))
    assert page.status_code == 200 and "Acme Retail" in page.text
    export = OrganisationExport.objects.get()
    page = admin_client.get(reverse("admin:privacy_organisationexport_change", args=[export.pk]))
    assert "OSError: full" in page.text


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_export_queued_by_the_button(client, settings):
    """The button queues the export in the database queue; `manage.py db_worker` (a real one,
    in its own process, with the same storage) makes the ZIP."""
    CONTENT_ROWS.restore()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    alice = factories.user("alice")
    organisation = factories.organisation("Acme Retail", consultants=[alice])
    factories.answered_scan(organisation, {"purpose-01": 3}, created_by=alice)
    client.force_login(alice)
    client.post(reverse("privacy:export_start", args=[organisation.pk]))
    export = OrganisationExport.objects.get()
    [row] = DBTaskResult.objects.all()
    assert row.args_kwargs["kwargs"] == {"export_id": export.pk}

    env = {**os.environ, "DATABASE_URL": database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    worker = subprocess.run(
        [*command, "--interval", "0"], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert worker.returncode == 0, worker.stderr
    row.refresh_from_db()
    assert (row.status, row.return_value) == ("SUCCESSFUL", "ready"), worker.stderr
    export.refresh_from_db()
    assert export.status == OrganisationExport.Status.READY
    response = client.get(export_urls(export)[1])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("organisation.json"))["organisation"]["name"] == "Acme Retail"


def test_an_organisation_with_only_an_empty_draft_scan_exports(consultant, scan):
    export = OrganisationExport.objects.create(organisation=scan.organisation)
    assert exporter.make_export(export.pk) == "ready"
    export.refresh_from_db()
    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        document = json.loads(archive.read("organisation.json"))
    jsonschema_rs.validator_for(schema()).validate(document)
    assert [entry["scan"] for entry in document["results"]] == [scan.pk]
    assert document["records"]["checklists.answer"] == []
