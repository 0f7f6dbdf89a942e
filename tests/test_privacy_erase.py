"""Erasing an organisation: after its name is typed, nothing of it remains (no row of any
model with a path to it, no file in storage, no queued task, no counter naming it), and other
organisations keep everything."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

import audit
from audit.models import AuditEvent
from checklists.models import Organisation
from cxscan.models import RateCount
from privacy.erase import erase_organisation
from privacy.exporter import export_organisation_task
from reports.stored import render_report_task
from tests.privacy_data import organisation_with_everything, paths_to_organisation

pytestmark = pytest.mark.usefixtures("english")


def rows_of(model, organisation_id: int) -> int:
    return model._base_manager.filter(**{paths_to_organisation()[model]: organisation_id}).count()


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        str(Path(folder, name).relative_to(root))
        for folder, _dirs, names in os.walk(root)
        for name in names
    }


@pytest.fixture
def queue(settings):
    """Tasks wait in the database queue (django-tasks-db), as in production, not run at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queue_tasks(everything) -> None:
    render_report_task.enqueue(scan_id=everything.completed.pk, language="nl")
    render_report_task.enqueue(scan_id=everything.open.pk, language="en", variant="client:none:0")
    export_organisation_task.enqueue(export_id=everything.export.pk)


def test_erase_leaves_no_row_file_task_or_counter_of_the_organisation(
    consultant, outsider, queue, django_capture_on_commit_callbacks
):
    doomed = organisation_with_everything("Acme Retail", consultant)
    kept = organisation_with_everything("Bolt Logistics", outsider)
    queue_tasks(doomed)
    queue_tasks(kept)
    models_found = paths_to_organisation()
    # The walk reaches everything the organisation holds (a sanity check of the walk itself).
    expected = {
        "checklists.scan", "checklists.answer", "checklists.evidencefile",
        "checklists.organisation_consultants", "scoring.results", "scoring.sectionresult",
        "scoring.target", "plans.improvementaction", "plans.kpibaseline", "workshops.workshop",
        "workshops.participant", "workshops.vote", "workshops.workshop_areas",
        "reports.storedreport", "reports.sharelink", "privacy.organisationexport",
    }  # fmt: skip
    assert expected <= {model._meta.label_lower for model in models_found}
    before = {model: rows_of(model, doomed.organisation.pk) for model in models_found}
    assert all(before.values()), [m for m, n in before.items() if not n]  # one of everything
    kept_before = {model: rows_of(model, kept.organisation.pk) for model in models_found}
    doomed_files = {
        name
        for name in media_files()
        if name.startswith((f"evidence/{doomed.open.pk}/", f"exports/{doomed.organisation.pk}/"))
    }
    assert len(doomed_files) == 2  # its evidence file and its export ZIP
    kept_files = media_files() - doomed_files
    assert len(kept_files) == 2
    doomed_scans = [doomed.completed.pk, doomed.open.pk]
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__scan_id__in=doomed_scans).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        erase_organisation(doomed.organisation)

    left = {model: rows_of(model, doomed.organisation.pk) for model in models_found}
    assert {model._meta.label_lower: n for model, n in left.items() if n} == {}
    assert media_files() == kept_files
    media = Path(settings.MEDIA_ROOT)
    assert not (media / "evidence" / str(doomed.open.pk)).exists()
    assert not (media / "exports" / str(doomed.organisation.pk)).exists()
    assert not DBTaskResult.objects.filter(args_kwargs__kwargs__scan_id__in=doomed_scans).exists()
    assert not DBTaskResult.objects.filter(args_kwargs__kwargs__export_id=doomed.export.pk).exists()
    assert not RateCount.objects.filter(key__startswith="reports:draft:scan:" + str(doomed.open.pk))
    assert RateCount.objects.filter(key__startswith="reports:hurry:").count() == 2  # the kept's
    # The other organisation keeps every row, file and task.
    assert {model: rows_of(model, kept.organisation.pk) for model in models_found} == kept_before
    assert DBTaskResult.objects.count() == 3
    assert type(consultant).objects.filter(pk=consultant.pk).exists()  # the consultant stays


def erase_url(organisation) -> str:
    return reverse("privacy:erase", args=[organisation.pk])


def test_the_erase_page_asks_for_the_name(consultant_client, organisation):
    response = consultant_client.get(erase_url(organisation))
    assert response.status_code == 200
    assert "Erase “Acme Retail”?" in response.text
    assert "Type the organisation&#x27;s name to confirm" in response.text


def test_a_wrong_name_erases_nothing(consultant_client, organisation, completed_scan):
    response = consultant_client.post(erase_url(organisation), {"name": "Acme"})
    assert response.status_code == 400
    assert "That is not the organisation&#x27;s name. Nothing was erased." in response.text
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert organisation.scans.count() == 1
    for empty in ({"name": ""}, {}):
        response = consultant_client.post(erase_url(organisation), empty)
        assert response.status_code == 400
        assert "This field is required." in response.text
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_the_typed_name_erases_the_organisation(consultant_client, organisation, completed_scan):
    response = consultant_client.post(erase_url(organisation), {"name": "  acme retail "})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    page = consultant_client.get(response.url)
    assert "Organisation “Acme Retail” and all its data were erased." in page.text


def test_the_audit_trail_keeps_the_organisations_events_without_its_name(
    consultant_client, consultant, organisation, completed_scan
):
    audit.record(None, AuditEvent.Action.SCAN_COMPLETED, completed_scan, actor=consultant)
    consultant_client.post(erase_url(organisation), {"name": "Acme Retail"})
    events = AuditEvent.objects.exclude(action="login").order_by("pk")
    assert [event.action for event in events] == ["scan_completed", "organisation_erased"]
    replaced = f"erased organisation {organisation.pk}"
    assert events[0].organisation_name == replaced and events[0].organisation is None
    assert "Acme" not in events[0].object_label
    erased = events[1]
    assert (erased.actor, erased.object_label) == (consultant, replaced)
    assert not [event for event in events if "Acme" in str(vars(event))]


def test_an_outsider_cannot_erase_or_see_the_erase_page(client, outsider, organisation):
    client.force_login(outsider)
    assert client.get(erase_url(organisation)).status_code == 404
    assert client.post(erase_url(organisation), {"name": "Acme Retail"}).status_code == 404
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_logged_out_erase_goes_to_the_login(client, organisation):
    response = client.post(erase_url(organisation), {"name": "Acme Retail"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_the_organisation_page_offers_export_and_erase(consultant_client, organisation):
    page = consultant_client.get(organisation.get_absolute_url()).text
    assert reverse("privacy:export_start", args=[organisation.pk]) in page
    assert erase_url(organisation) in page
    assert "Danger zone" in page


def test_export_and_erase_speak_dutch(consultant_client, organisation, settings):
    consultant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = consultant_client.get(organisation.get_absolute_url()).text
    assert "Alle gegevens exporteren" in page and "Organisatie wissen" in page
    response = consultant_client.post(erase_url(organisation), {"name": "Acme"})
    assert "Dat is niet de naam van de organisatie. Er is niets gewist." in response.text
